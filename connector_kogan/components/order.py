# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Kogan orders: imported as sale orders while Kogan lists them as awaiting
shipment, then followed until Kogan ships or cancels them; cancelled from
Odoo."""

import logging

from markupsafe import Markup, escape

from odoo.tools import email_normalize, float_compare

from odoo.addons.component.core import Component
from odoo.addons.connector.components.mapper import mapping
from odoo.addons.connector.exception import RetryableJobError
from odoo.addons.connector_base import (
    BadDataError,
    PermanentError,
    adapter,
    apply_on,
    batch_importer,
    collection,
    import_mapper,
    importer,
    process,
)
from odoo.addons.connector_base.components.record_importer import SKIP, UPDATE
from odoo.addons.connector_base.parsing import (
    number as parse_number,
    utc_datetime,
)

from ..models.sale_order import KOGAN_CLOSED_STATUSES, KOGAN_ORDER_STATUSES
from .common import KoganApi, path_part, short

_logger = logging.getLogger(__name__)

OPEN_STATUS = "ReleasedForShipment"
FOLLOW_PAGE = 100  # orders re-read one by one per page of the follow-up


def utc(value, what):
    """A naive UTC datetime from Kogan's ISO 8601 text."""
    return utc_datetime(value, what, "Kogan")


def number(value, what):
    return parse_number(value, what, "Kogan")


def amount(record, key):
    """An optional money field of an order (absent or null is 0)."""
    value = record.get(key)
    return 0.0 if value is None else number(value, f"Order {record['ID']} {key}")


@adapter("kogan.order.adapter")
@apply_on("sale.order")
@collection("connector.kogan.backend")
class OrderAdapter(KoganApi):
    _id_key = "ID"

    def get_records(self, since=None, status=OPEN_STATUS):
        """Every order in ``status``, in one call. Without dates Kogan lists
        all the orders awaiting shipment (and has no cursor), so an order is
        listed for as long as it waits, whenever it was placed and whatever
        the clocks of Odoo and Kogan say: ``since`` is deliberately unused."""
        reply = self._call("GET", "orders/", params={"status": status})
        orders = self._body(reply, list, "order list")
        if orders:
            yield orders

    def get_record(self, external_id):
        try:
            reply = self._call("GET", f"orders/{path_part(external_id)}/")
        except PermanentError as error:
            if "404" in str(error):
                return None
            raise
        return self._body(reply, dict, f"order {external_id}")

    def cancel(self, external_id, items):
        """Cancel whole lines ``[{ID, SellerSku, Quantity, Reason}]`` of an
        order awaiting shipment."""
        body = {"OrderID": str(external_id), "Items": items}
        self._call("POST", f"orders/{path_part(external_id)}/cancel/", json=body)

    def refund(self, external_id, items):
        """Refund whole shipped lines ``[{ID, SellerSku, Quantity, Reason}]``."""
        body = {"OrderID": str(external_id), "Items": items}
        self._call("POST", f"orders/{path_part(external_id)}/refund/", json=body)

    def fulfil(self, entry):
        """Send one order's shipped items; raises with Kogan's reasons."""
        error = self.fulfil_many([entry])[0]
        if error:
            raise BadDataError(error)

    def fulfil_many(self, entries):
        """Send the shipped items of several orders (each at most once) in
        one call; returns Kogan's refusal of each entry, None when accepted."""
        results = self._body(
            self._call("POST", "orders/fulfill/", json=entries),
            list,
            "fulfilment reply",
        )
        results = [r if isinstance(r, dict) else {} for r in results]
        if len(results) != len(entries):
            # not one result per entry, in order: match them by order ID
            by_id = {str(result.get("ID")): result for result in results}
            results = [by_id.get(str(entry["ID"]), {}) for entry in entries]
        return [
            None
            if result.get("Result") == "Success"
            else f"Kogan refused the fulfilment of order {entry['ID']}: "
            + (
                "; ".join(
                    str(e.get("Message") or e.get("ErrorCode") or e)
                    for e in result.get("Errors") or []
                    if isinstance(e, dict)
                )
                or short(result)
            )
            for entry, result in zip(entries, results, strict=True)
        ]


@batch_importer("kogan.order.batch.importer")
@apply_on("sale.order")
@collection("connector.kogan.backend")
class OrderBatchImporter:
    """Lists every order awaiting shipment, then re-reads the imported
    orders Kogan no longer lists but has not closed: what Kogan did to them
    (shipped, cancelled, items cancelled) reaches Odoo too."""

    def _pages(self, since, **filters):
        listed = set()
        for page in self.backend_adapter.get_records(since=since, **filters):
            listed.update(
                str(order.get("ID")) for order in page if isinstance(order, dict)
            )
            yield page
        followed = [eid for eid in self._followed_ids() if eid not in listed]
        for start in range(0, len(followed), FOLLOW_PAGE):
            page = []
            for external_id in followed[start : start + FOLLOW_PAGE]:
                order = self.backend_adapter.get_record(external_id)
                if order is None:
                    _logger.warning("Kogan no longer knows order %s", external_id)
                    continue
                page.append(order)
            if page:
                yield page

    def _followed_ids(self):
        """Kogan ids of this backend's orders not shipped or cancelled on
        Kogan yet."""
        # ids only, whoever runs the import (its writes check the rights)
        orders = (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("kogan_status", "!=", False),
                    ("kogan_status", "not in", KOGAN_CLOSED_STATUSES),
                ]
            )
        )
        bindings = self.binder_for("sale.order").bindings_by_record(orders)
        return sorted(binding.external_id for binding in bindings.values())


@import_mapper("kogan.order.import.mapper")
@apply_on("sale.order")
@collection("connector.kogan.backend")
class OrderImportMapper:
    @mapping
    def header(self, record):
        backend = self.backend_record
        values = {
            "client_order_ref": str(record["ID"]),
            "origin": f"Kogan {record['ID']}",
            "date_order": utc(record.get("OrderDateUtc"), "OrderDateUtc"),
            "company_id": backend.company_id.id,
        }
        if backend.warehouse_id:
            values["warehouse_id"] = backend.warehouse_id.id
        if backend.team_id:
            values["team_id"] = backend.team_id.id
        return values

    @mapping
    def kogan_details(self, record):
        """What Kogan says about the order, where a user looks for it: the
        deliver-by date as the delivery date, the payment transaction as the
        payment reference, the rest on the order's Kogan tab."""
        status = record.get("OrderStatus")
        if status not in dict(KOGAN_ORDER_STATUSES):
            raise BadDataError(f"Order {record['ID']}: unknown status {status!r}")
        deliver_by = record.get("DeliverByDateUtc")
        return {
            "kogan_status": status,
            "commitment_date": deliver_by and utc(deliver_by, "DeliverByDateUtc"),
            "reference": record.get("PaymentTransactionID") or False,
            "kogan_payment_method": record.get("PaymentMethod") or False,
            "kogan_order_label": record.get("OrderLabel") or False,
            "kogan_shipping_method": record.get("RequestedShippingMethod") or False,
            "kogan_special_instructions": record.get("SpecialInstructions") or False,
            "kogan_private_notes": record.get("PrivateNotes") or False,
            "kogan_shipping_label_url": record.get("ShippingLabelURL") or False,
        }

    @mapping
    def pricelist(self, record):
        backend = self.backend_record
        pricelists = {"AUD": backend.pricelist_id, "NZD": backend.nzd_pricelist_id}
        pricelist = pricelists.get(record.get("Currency"))
        if not pricelist:
            raise BadDataError(
                f"Order {record['ID']} is in {record.get('Currency')!r}: set the "
                "backend's pricelist for that currency."
            )
        return {"pricelist_id": pricelist.id}

    def _taxes(self, record):
        """Prices include VAT (Kogan AU and NZ) or not, per order."""
        backend = self.backend_record
        if record.get("VatInclusive", True) is not False:
            return backend.sale_tax_id
        if not backend.sale_tax_excluded_id and amount(record, "TotalTaxPrice"):
            raise BadDataError(
                f"Order {record['ID']}: its prices exclude VAT; set the backend's "
                f"{backend._fields['sale_tax_excluded_id'].string}, then retry."
            )
        return backend.sale_tax_excluded_id

    @mapping
    def lines(self, record):
        items = record.get("Items")
        if not isinstance(items, list) or not items:
            raise BadDataError(f"Order {record['ID']} has no items")
        taxes = self._taxes(record)
        lines = [self._item_line(record, item, taxes) for item in items]
        lines += self._money_lines(record, taxes)
        return {"order_line": [(0, 0, line) for line in lines]}

    def _item_line(self, record, item, taxes):
        sku = item.get("SellerSku") if isinstance(item, dict) else None
        product = self.binder_for("product.product").to_internal(sku) if sku else None
        if not product:
            raise BadDataError(
                f"Order {record['ID']}: the SKU {sku!r} is not a product "
                "listed on Kogan from Odoo; import or list it, then retry."
            )
        quantity = number(item.get("Quantity"), f"Order {record['ID']} quantity")
        if quantity <= 0:
            raise BadDataError(f"Order {record['ID']}: quantity {quantity} of {sku}")
        return {
            "product_id": product.id,
            "product_uom_qty": quantity,
            "price_unit": number(item.get("UnitPrice"), f"{sku} UnitPrice"),
            "kogan_item_id": str(item.get("ID")),
            "tax_id": [(6, 0, taxes.ids)],
        }

    def _money_lines(self, record, taxes):
        """A line per money field of the order besides its items, so that the
        sale order adds up to Kogan's total."""
        backend = self.backend_record
        fields_ = (
            ("TotalShippingPrice", 1, "shipping_product_id", "Shipping", taxes),
            (
                "TotalShippingDiscount",
                -1,
                "discount_product_id",
                "Shipping discount",
                taxes,
            ),
            ("TotalGiftOptionPrice", 1, "gift_product_id", "Gift option", taxes),
            ("TotalOrderDiscount", -1, "discount_product_id", "Order discount", taxes),
            # fees are Kogan's, outside the goods' VAT
            ("OtherFees", 1, "fees_product_id", "Other fees", taxes.browse()),
        )
        lines = []
        for key, sign, product_field, label, line_taxes in fields_:
            value = amount(record, key)
            if not value:
                continue
            product = backend[product_field]
            if not product:
                raise BadDataError(
                    f"Order {record['ID']} has {label.lower()} ({value:.2f}): set "
                    f"the backend's {backend._fields[product_field].string}."
                )
            lines.append(
                {
                    "product_id": product.id,
                    "name": f"{label} (Kogan)",
                    "product_uom_qty": 1,
                    "price_unit": sign * abs(value),
                    "tax_id": [(6, 0, line_taxes.ids)],
                }
            )
        return lines


@importer("kogan.order.importer")
@apply_on("sale.order")
@collection("connector.kogan.backend")
class OrderImporter:
    """An order is created once; later versions only bring Kogan's status
    and its cancelled items (the sale order is Odoo's to change). Buyers are
    found by e-mail."""

    def _plan(self, data, state, force):
        if not state:
            return super()._plan(data, state, force)
        if not force and self._is_uptodate(state, data):
            return SKIP, None
        return UPDATE, self._followed_values(data)

    def _followed_values(self, data):
        status = data.get("OrderStatus")
        if status not in dict(KOGAN_ORDER_STATUSES):
            raise BadDataError(f"Order {data.get('ID')}: unknown status {status!r}")
        cancelled = data.get("CancelledItems") or []
        if not isinstance(cancelled, list):
            raise BadDataError(f"Order {data.get('ID')}: malformed CancelledItems")
        return {"kogan_status": status, "cancelled": cancelled}

    def _update(self, record, values):
        """Follow what Kogan did to an imported order: its status, the items
        Kogan or the buyer cancelled, the whole order cancelled. Written with
        the import context: nothing is sent back to Kogan."""
        record = record.with_context(**self._write_context())
        previous = record.kogan_status
        status = values["kogan_status"]
        record.kogan_status = status
        if status == "Canceled":
            if record.state != "cancel":
                record.with_context(disable_cancel_warning=True)._action_cancel()
        else:
            self._cancel_items(record, values["cancelled"])
        if status != previous:
            label = dict(KOGAN_ORDER_STATUSES)[status]
            record.message_post(body=self.env._("Kogan: the order is now %s.", label))

    def _cancel_items(self, record, cancelled):
        lines = {line.kogan_item_id: line for line in record.order_line}
        for item in cancelled:
            line = lines.get(str(item.get("ID"))) if isinstance(item, dict) else None
            if not line or line.kogan_cancel_reason:
                continue
            reason = item.get("Reason") or "Cancelled on Kogan"
            quantity = number(item.get("Quantity"), "Cancelled quantity")
            left = max(line.qty_delivered, line.product_uom_qty - quantity)
            line.write({"kogan_cancel_reason": reason, "product_uom_qty": left})
            record.message_post(
                body=Markup("Kogan cancelled %s × %s: %s")
                % (quantity, escape(line.product_id.display_name), reason)
            )

    def _write_context(self):
        return dict(super()._write_context(), tracking_disable=True)

    def _import_dependencies(self, data):
        for item in data.get("Items") or []:
            sku = item.get("SellerSku") if isinstance(item, dict) else None
            if not sku:
                continue
            if self.binder_for("product.product").to_internal(sku):
                continue
            # listed on Kogan but not in Odoo yet: import the listing first
            listings = self.component(
                usage="backend.adapter", model_name="product.product"
            )
            listing = listings.get_record(sku)
            if listing is None:
                raise BadDataError(
                    f"Order {data.get('ID')}: the SKU {sku!r} is not one of this "
                    "seller's Kogan listings."
                )
            products = self.component(
                usage="record.importer", model_name="product.product"
            )
            products.run(sku, record=listing)

    def _map_data(self, data):
        map_record = super()._map_data(data)
        map_record.update(self._partners(data))
        return map_record

    def _partners(self, data):
        order_id = data.get("ID")
        buyer_data = data.get("BuyerAddress")
        if not isinstance(buyer_data, dict):
            raise BadDataError(f"Order {order_id} has no buyer address")
        shipping_data = data.get("ShippingAddress") or buyer_data
        with self.env.cr.savepoint():
            buyer = self._buyer(buyer_data, order_id)
            shipping = self._delivery_contact(buyer, shipping_data, order_id)
        return {
            "partner_id": buyer.id,
            "partner_invoice_id": buyer.id,
            "partner_shipping_id": shipping.id,
        }

    def _address_values(self, data, order_id):
        country = self.env["res.country"].search(
            [("code", "=", (data.get("Country") or "").upper())], limit=1
        )
        state = self.env["res.country.state"]
        if country and data.get("StateOrProvince"):
            state = state.search(
                [
                    ("country_id", "=", country.id),
                    ("code", "=", data["StateOrProvince"]),
                ],
                limit=1,
            )
        name = " ".join(
            part
            for part in (
                data.get("FirstName"),
                data.get("LastName"),
                data.get("NameSuffix"),
            )
            if part
        ) or data.get("CompanyName")
        if not name:
            raise BadDataError(f"Order {order_id}: an address has no name")
        return {
            "name": name,
            "street": data.get("AddressLine1") or False,
            "street2": data.get("AddressLine2") or False,
            "city": data.get("City") or False,
            "zip": data.get("PostalCode") or False,
            "state_id": state.id,
            "country_id": country.id,
            "phone": data.get("DaytimePhone") or False,
            "mobile": data.get("EveningPhone") or False,
        }

    def _buyer(self, data, order_id):
        """The buyer, found by its normalised e-mail, exactly (no pattern: an
        ``_`` in an address matches only itself): one partner per buyer
        however many orders (the lock keeps two import jobs from making two)."""
        email = email_normalize((data.get("EmailAddress") or "").strip())
        partners = self.env["res.partner"].with_context(active_test=False)
        if email:
            self.advisory_lock_or_retry(f"kogan-buyer:{email}")
            domain = [("email_normalized", "=", email), ("parent_id", "=", False)]
            buyer = partners.search(domain, order="id", limit=1)
            if buyer:
                return buyer
            self._retry_if_committed_meanwhile(domain, order_id)
        values = self._address_values(data, order_id)
        values.update(
            email=email or False, company_name=data.get("CompanyName") or False
        )
        return partners.create(values)

    def _retry_if_committed_meanwhile(self, domain, order_id):
        """The lock was free, but an import that held it may have created the
        buyer and committed after this transaction's snapshot was taken, so
        that it is invisible here: look in a fresh transaction, and retry."""
        with self.env.registry.cursor() as cr:
            partners = self.env(cr=cr, su=True)["res.partner"]
            if partners.with_context(active_test=False).search_count(domain, limit=1):
                raise RetryableJobError(
                    f"Order {order_id}: its buyer was just created by "
                    "another import; retried to use it.",
                    seconds=2,
                )

    def _delivery_contact(self, buyer, data, order_id):
        values = self._address_values(data, order_id)
        keys = ("name", "street", "street2", "city", "zip", "country_id")
        for contact in buyer.child_ids.filtered(lambda c: c.type == "delivery"):
            if all(
                (contact[k].id if k == "country_id" else contact[k]) == values[k]
                for k in keys
            ):
                return contact
        return self.env["res.partner"].create(
            dict(values, parent_id=buyer.id, type="delivery")
        )

    def _after_import(self, record, data, created):
        """A new order: totals must match Kogan's; a matching order is
        confirmed; the buyer's instructions go on its deliveries."""
        if not created:
            return
        kogan_total = number(data.get("TotalPrice"), "TotalPrice")
        currency = record.currency_id
        if float_compare(
            record.amount_total, kogan_total, precision_rounding=currency.rounding
        ):
            self._flag_total_mismatch(record, data.get("ID"), kogan_total)
            return
        record.kogan_total = kogan_total
        if self.backend_record.confirm_orders:
            try:
                with self.env.cr.savepoint():
                    record.action_confirm()
            except Exception as error:  # the order stays, in quotation
                self._record_failure(error, str(data.get("ID")), data)
        if record.kogan_special_instructions and record.picking_ids:
            record.picking_ids.note = Markup("<p>%s</p>") % (
                record.kogan_special_instructions
            )

    def _flag_total_mismatch(self, record, order_id, kogan_total):
        message = (
            f"Kogan order {order_id}: Kogan's total is {kogan_total:.2f} "
            f"{record.currency_id.name}, the imported order's is "
            f"{record.amount_total:.2f}. Check prices and taxes, then confirm it."
        )
        record.write({"kogan_total_mismatch": True, "kogan_total": kogan_total})
        record.message_post(body=message)
        # imported fine, but a person must look at it: the review queue
        self.env["connector.review"]._flag(self.backend_record, record, message)


class KoganOrderCanceller(Component):
    """Cancels on Kogan an order cancelled in Odoo: all its lines, with the
    reason Kogan's buyer is told."""

    _name = "kogan.order.canceller"
    _inherit = "base.connector"
    _collection = "connector.kogan.backend"
    _apply_on = ["sale.order"]
    _usage = "order.canceller"

    @process(description="Cancel a Kogan order")
    def run(self, order):
        external_id = self.binder_for().to_external(order)
        if not external_id:
            return "Not a Kogan order"
        self.external_id = external_id
        if order.kogan_status in KOGAN_CLOSED_STATUSES:
            return f"Kogan order {external_id} is already {order.kogan_status}"
        items = self._items(order)
        if not items:
            return f"Kogan order {external_id} has nothing left to cancel"
        self.component(usage="backend.adapter").cancel(external_id, items)
        order.with_context(connector_no_export=True).kogan_status = "Canceled"
        return f"Kogan order {external_id} cancelled"

    def _items(self, order):
        """Kogan cancels whole lines only, those not cancelled on Kogan yet."""
        reason = order.kogan_cancel_reason or "GeneralAdjustment"
        return [
            {
                "ID": line.kogan_item_id,
                "SellerSku": line.product_id.default_code,
                "Quantity": int(line.product_uom_qty),
                "Reason": reason,
            }
            for line in order.order_line
            if line.kogan_item_id and not line.kogan_cancel_reason
        ]
