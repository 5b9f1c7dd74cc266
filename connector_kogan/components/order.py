# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Kogan orders: imported as sale orders while Kogan lists them as awaiting
shipment, then followed until Kogan ships or cancels them; cancelled from
Odoo."""

import logging
import math
from contextlib import contextmanager
from datetime import timedelta

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
from odoo.addons.connector_base.parsing import (
    number as parse_number,
    utc_datetime,
)
from odoo.addons.connector_base.plan import SKIP, UPDATE, retry_later

from ..models.sale_order import KOGAN_CLOSED_STATUSES, KOGAN_ORDER_STATUSES
from .common import KoganApi, path_part, short

_logger = logging.getLogger(__name__)

OPEN_STATUS = "ReleasedForShipment"
FOLLOW_PAGE = 100  # orders re-read one by one per page of the follow-up
# Kogan lists the orders of these statuses over 15 days at most
DATED_STATUSES = ("Shipped", "PartiallyShipped", "Canceled", "PartiallyCanceled")
DATED_WINDOW = timedelta(days=15)
# what a recovery re-reads: every status an order may have left Odoo in
RECOVERY_STATUSES = (OPEN_STATUS, *DATED_STATUSES)
TAX_FIELDS = ("TotalTaxPrice", "TotalShippingTaxPrice", "TotalGiftOptionTaxPrice")
# far beyond a real order: remote data never widens what Odoo holds
MAX_QUANTITY = 10_000
MAX_AMOUNT = 10**9
#: the workflow steps that are one action of the documents the step's filter
#: selects (OCA's ``_do_...`` checks the filter, then calls it on one):
#: called once on all the orders of a page
BATCH_ACTIONS = {
    "_do_validate_sale_order": "action_confirm",
    "_do_validate_invoice": "action_post",
    "_do_sale_done": "action_lock",
}


def utc(value, what):
    """A naive UTC datetime from Kogan's ISO 8601 text."""
    return utc_datetime(value, what, "Kogan")


def number(value, what):
    return parse_number(value, what, "Kogan")


def amount(record, key):
    """An optional money field of an order (absent or null is 0): Kogan's
    amounts are never negative (discounts are amounts taken off)."""
    value = record.get(key)
    if value is None:
        return 0.0
    return bounded(number(value, f"Order {record['ID']} {key}"), record, key)


def bounded(value, record, what, limit=MAX_AMOUNT):
    """``value`` if it is a finite number from 0 to ``limit``, else a clear
    error naming the order."""
    if not math.isfinite(value) or not 0 <= value <= limit:
        raise BadDataError(
            f"Order {record.get('ID')}: {what} is {value!r}, out of range "
            f"(0 to {limit})."
        )
    return value


def quantity_of(record, item, what):
    """A quantity Kogan sent: a whole number of units, from 1 to
    ``MAX_QUANTITY``."""
    value = item.get("Quantity") if isinstance(item, dict) else None
    quantity = number(value, f"Order {record.get('ID')} {what} quantity")
    if (
        not math.isfinite(quantity)
        or quantity != int(quantity)
        or not 1 <= quantity <= MAX_QUANTITY
    ):
        raise BadDataError(
            f"Order {record.get('ID')}: {what} quantity {value!r} is not a whole "
            f"number of units from 1 to {MAX_QUANTITY}."
        )
    return int(quantity)


@adapter("kogan.order.adapter")
@apply_on("sale.order")
@collection("connector.kogan.backend")
class OrderAdapter(KoganApi):
    _id_key = "ID"

    def get_records(self, since=None, status=OPEN_STATUS, start=None, end=None):
        """Every order in ``status``, in one call. Without dates Kogan lists
        all the orders awaiting shipment (and has no cursor), so an order is
        listed for as long as it waits, whenever it was placed and whatever
        the clocks of Odoo and Kogan say: ``since`` is deliberately unused.
        ``start``/``end`` (UTC datetimes) bound the order dates, at most 15
        days apart for shipped or cancelled orders (Kogan's cap)."""
        params = {"status": status}
        if start:
            params["startDateUTC"] = start.strftime("%Y-%m-%dT%H:%M:%SZ")
        if end:
            params["endDateUTC"] = end.strftime("%Y-%m-%dT%H:%M:%SZ")
        reply = self._call("GET", "orders/", params=params)
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

    @mapping
    def fiscal_position(self, record):
        """The store's fiscal position, on the order too: Odoo's own
        recomputation of its taxes then agrees with the import's."""
        position = self.backend_record._fiscal_position_of(record.get("Currency"))
        return {"fiscal_position_id": position.id}

    @mapping
    def workflow(self, record):
        """Set on every order, held ones too: the workflow takes an order
        held for review once a person has reviewed it."""
        return {"workflow_process_id": self.backend_record.workflow_process_id.id}

    def _product_taxes(self, record, product):
        """The product's customer taxes in the backend's company, mapped by
        the store's fiscal position, as Odoo maps a sale order line's."""
        backend = self.backend_record
        taxes = product.taxes_id._filter_taxes_by_company(backend.company_id)
        position = backend._fiscal_position_of(record.get("Currency"))
        return position.map_tax(taxes)

    def _check_vat_inclusive(self, record, taxes):
        """Kogan's ``VatInclusive`` says whether its prices include the
        taxes: the mapped taxes must say the same, or the totals would be
        wrong by the tax."""
        inclusive = record.get("VatInclusive", True) is not False
        wrong = taxes.filtered(lambda tax: tax.price_include != inclusive)
        if wrong:
            currency = record.get("Currency")
            raise BadDataError(
                f"Order {record['ID']}: Kogan's prices "
                f"{'include' if inclusive else 'exclude'} the taxes (VatInclusive "
                f"is {inclusive}), but {', '.join(wrong.mapped('name'))} "
                f"{'is' if len(wrong) == 1 else 'are'} "
                f"{'not ' if inclusive else ''}included in the price: set the "
                f"backend's fiscal position for {currency} to map the products' "
                "taxes to taxes included in the price, or not, then retry."
            )

    @mapping
    def lines(self, record):
        items = record.get("Items")
        if not isinstance(items, list) or not items:
            raise BadDataError(f"Order {record['ID']} has no items")
        lines = [self._item_line(record, item) for item in items]
        lines += self._money_lines(record)
        ids = [line["kogan_item_id"] for line in lines if line.get("kogan_item_id")]
        if len(set(ids)) != len(ids):
            raise BadDataError(f"Order {record['ID']}: an item ID appears twice.")
        taxes = self.env["account.tax"].browse(
            {tax_id for line in lines for tax_id in line["tax_id"][0][2]}
        )
        self._check_vat_inclusive(record, taxes)
        return {"order_line": [(0, 0, line) for line in lines]}

    def read_products(self, skus):
        """Read the products of ``skus`` (a page's) at once: each order's
        lines then find theirs without a query (``product_of``)."""
        products = self.__dict__.setdefault("_products", {})
        wanted = [sku for sku in set(skus) if sku and sku not in products]
        if not wanted:
            return
        bindings = self.binder_for("product.product").bindings_by_external(wanted)
        found = {sku: binding._connector_record() for sku, binding in bindings.items()}
        ids = [product.id for product in found.values()]
        products.update(
            (sku, product.with_prefetch(ids)) for sku, product in found.items()
        )

    def product_of(self, sku):
        """The product bound to ``sku``, empty when none. A product found is
        kept for the job's next orders; a missing one is looked up again (its
        listing may be imported meanwhile, as an order's dependency)."""
        products = self.__dict__.setdefault("_products", {})
        if sku not in products:
            product = self.binder_for("product.product").to_internal(sku)
            if not product:
                return product
            products[sku] = product
        return products[sku]

    def _item_line(self, record, item):
        sku = item.get("SellerSku") if isinstance(item, dict) else None
        product = self.product_of(sku) if sku else None
        if not product:
            raise BadDataError(
                f"Order {record['ID']}: the SKU {sku!r} is not a product "
                "listed on Kogan from Odoo; import or list it, then retry."
            )
        if not item.get("ID"):
            raise BadDataError(f"Order {record['ID']}: an item of {sku} has no ID")
        quantity = quantity_of(record, item, sku)
        price = bounded(
            number(item.get("UnitPrice"), f"Order {record['ID']} {sku} UnitPrice"),
            record,
            f"the unit price of {sku}",
        )
        # a listing Kogan sells tax-exempt carries no tax
        taxes = product.browse() if product.kogan_tax_exempt else product
        return {
            "product_id": product.id,
            "product_uom_qty": quantity,
            "price_unit": price,
            "kogan_item_id": str(item["ID"]),
            "tax_id": [(6, 0, self._taxes_of(record, taxes).ids)],
        }

    def _taxes_of(self, record, product):
        if not product:
            return self.env["account.tax"]
        return self._product_taxes(record, product)

    def _money_lines(self, record):
        """A line per money field of the order besides its items, so that the
        sale order adds up to Kogan's total; each taxed as its product is
        (Kogan's fees are outside the goods' taxes)."""
        backend = self.backend_record
        fields_ = (
            ("TotalShippingPrice", 1, "shipping_product_id", "Shipping", True),
            (
                "TotalShippingDiscount",
                -1,
                "discount_product_id",
                "Shipping discount",
                True,
            ),
            ("TotalGiftOptionPrice", 1, "gift_product_id", "Gift option", True),
            ("TotalOrderDiscount", -1, "discount_product_id", "Order discount", True),
            ("OtherFees", 1, "fees_product_id", "Other fees", False),
        )
        lines = []
        for key, sign, product_field, label, taxed in fields_:
            value = amount(record, key)
            if not value:
                continue
            product = backend[product_field]
            if not product:
                raise BadDataError(
                    f"Order {record['ID']} has {label.lower()} ({value:.2f}): set "
                    f"the backend's {backend._fields[product_field].string}."
                )
            taxes = self._taxes_of(record, product if taxed else product.browse())
            lines.append(
                {
                    "product_id": product.id,
                    "name": f"{label} (Kogan)",
                    "product_uom_qty": 1,
                    "price_unit": sign * value,
                    "tax_id": [(6, 0, taxes.ids)],
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

    def _import_records(self, records, force, isolate):
        """What the page's orders share is read once for the page: the
        products of their items, their buyers."""
        new = self._new_orders(records)
        self.mapper.read_products(
            item.get("SellerSku")
            for order in new
            for item in order.get("Items") or []
            if isinstance(item, dict)
        )
        self._make_partners(new)
        return super()._import_records(records, force, isolate)

    def _make_partners(self, orders):
        """The buyers and delivery contacts the page's new ``orders`` need
        and Odoo does not have yet, made together (one ``create`` each): each
        order then finds its own (``_partners``). An order whose addresses
        are not right is left out: its own import names the error."""
        emails = [self._email_of(order.get("BuyerAddress")) for order in orders]
        what = "Orders " + ", ".join(str(order.get("ID")) for order in orders[:3])
        buyers = self._known_buyers(emails, what)
        new_buyers = {}
        for order, email in zip(orders, emails, strict=True):
            if email and not buyers[email] and email not in new_buyers:
                with self._unless_bad(order):
                    new_buyers[email] = self._buyer_values(order, email)
        with self._all_or_none():
            made = self.env["res.partner"].create(list(new_buyers.values()))
            buyers.update(zip(new_buyers, made, strict=True))
        contacts = {}
        for order, email in zip(orders, emails, strict=True):
            if email and buyers[email]:
                with self._unless_bad(order):
                    values = self._missing_delivery_contact(buyers[email], order)
                    contacts.update([(str(values), values)] if values else [])
        with self._all_or_none():
            made = self.env["res.partner"].create(list(contacts.values()))
            # each order looks for its contact among its buyer's
            made.parent_id.invalidate_recordset(["child_ids"])

    @contextmanager
    def _unless_bad(self, order):
        """Data of ``order`` that cannot make a partner leaves it out of the
        page's partners: its own import records the error."""
        try:
            yield
        except Exception as error:
            if retry_later(error):
                raise
            _logger.debug("Order %s: partners left to it: %s", order.get("ID"), error)

    @contextmanager
    def _all_or_none(self):
        """A bulk creation of partners in a savepoint: when one of them fails,
        none is made, and each order makes its own, failing alone."""
        try:
            with self.env.cr.savepoint():
                yield
        except Exception as error:
            if retry_later(error):
                raise
            _logger.info("Partners of a page made one by one: %s", error)

    def _new_orders(self, records):
        """The orders of ``records`` not imported yet (a bound order is only
        followed): the ones whose products and buyers are needed."""
        orders = [
            record
            for record in records
            if isinstance(record, dict) and isinstance(record.get("ID"), str | int)
        ]
        bound = self.binder.bindings_by_external([str(o["ID"]) for o in orders])
        return [order for order in orders if str(order["ID"]) not in bound]

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
        """Kogan or the buyer cancelled items: each lowers its line, never
        below what was delivered; anything Kogan sends that does not fit the
        order's own lines is refused, naming the order, before any change."""
        for line, quantity, reason in self._checked_cancellations(record, cancelled):
            left = max(line.qty_delivered, line.product_uom_qty - quantity)
            line.write(
                {
                    "kogan_cancel_reason": reason,
                    "product_uom_qty": min(left, line.product_uom_qty),
                }
            )
            record.message_post(
                body=Markup("Kogan cancelled %s × %s: %s")
                % (quantity, escape(line.product_id.display_name), reason)
            )

    def _checked_cancellations(self, record, cancelled):
        """``(line, quantity, reason)`` of each new cancellation, checked
        against the order's lines: a known item, a whole quantity from 1 to
        what the line holds."""
        order_id = record.client_order_ref
        lines = {line.kogan_item_id: line for line in record.order_line}
        checked = []
        for item in cancelled:
            item_id = str(item.get("ID")) if isinstance(item, dict) else None
            line = lines.get(item_id)
            if not line or not item_id:
                raise BadDataError(
                    f"Order {order_id}: Kogan cancelled the item {item_id!r}, "
                    "which is not one of the order's items."
                )
            if line.kogan_cancel_reason:
                continue  # read before: its cancellation is done
            quantity = quantity_of({"ID": order_id}, item, "cancelled")
            if quantity > line.product_uom_qty:
                raise BadDataError(
                    f"Order {order_id}: Kogan cancelled {quantity} of the item "
                    f"{item_id}, which holds {line.product_uom_qty:g}."
                )
            reason = item.get("Reason") or "Cancelled on Kogan"
            checked.append((line, quantity, str(reason)))
        return checked

    def _write_context(self):
        return dict(super()._write_context(), tracking_disable=True)

    def _import_dependencies(self, data):
        for item in data.get("Items") or []:
            sku = item.get("SellerSku") if isinstance(item, dict) else None
            if not sku:
                continue
            if self.mapper.product_of(sku):
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
        buyer, shipping = self._existing_partners(buyer_data, shipping_data, order_id)
        if not shipping:
            # what is missing is made in a savepoint: a buyer without its
            # delivery contact is not left behind
            with self.env.cr.savepoint():
                buyer = buyer or self._buyer(buyer_data, order_id)
                shipping = self._delivery_contact(buyer, shipping_data, order_id)
            # kept once its savepoint is released: the page's next orders of
            # this buyer find it
            if buyer.email_normalized in self._buyers:
                self._buyers[buyer.email_normalized] = buyer
        return {
            "partner_id": buyer.id,
            "partner_invoice_id": buyer.id,
            "partner_shipping_id": shipping.id,
        }

    def _existing_partners(self, buyer_data, shipping_data, order_id):
        """``(buyer, delivery contact)`` of an order that Odoo has already
        (``_make_partners`` made the page's), each None when missing."""
        email = self._email_of(buyer_data)
        buyer = email and self._known_buyers([email], f"Order {order_id}")[email]
        if not buyer:
            return None, None
        values = self._address_values(shipping_data, order_id)
        return buyer, self._matching_contact(buyer, values)

    def _address_values(self, data, order_id):
        country = self._country(data.get("Country"))
        state = self.env["res.country.state"]
        if country and data.get("StateOrProvince"):
            state = self._state(country, data["StateOrProvince"])
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

    def _country(self, code):
        """The country of an ISO code (empty when unknown), looked up once
        per job."""
        countries = self.__dict__.setdefault("_countries", {})
        code = (code or "").upper()
        if code not in countries:
            countries[code] = self.env["res.country"].search(
                [("code", "=", code)], limit=1
            )
        return countries[code]

    def _state(self, country, code):
        states = self.__dict__.setdefault("_states", {})
        if (country, code) not in states:
            states[country, code] = self.env["res.country.state"].search(
                [("country_id", "=", country.id), ("code", "=", code)], limit=1
            )
        return states[country, code]

    @staticmethod
    def _email_of(address):
        if not isinstance(address, dict):
            return False
        return email_normalize((address.get("EmailAddress") or "").strip())

    @property
    def _buyers(self):
        """{normalised e-mail: buyer, or empty: none yet} of the e-mails
        this job looked up (``_known_buyers``)."""
        return self.__dict__.setdefault("_buyer_cache", {})

    def _known_buyers(self, emails, what):
        """The buyers of ``emails`` (see ``_buyers``), each e-mail looked up
        once per job: locked, so that two imports never make one buyer
        twice, then searched together; those not found are searched again
        in a fresh transaction (``_retry_if_committed_meanwhile``)."""
        new = sorted({email for email in emails if email} - set(self._buyers))
        if not new:
            return self._buyers
        company = self.backend_record.company_id
        for email in new:
            self.advisory_lock_or_retry(f"kogan-buyer:{company.id}:{email}")
        partners = self.env["res.partner"].with_context(active_test=False)
        # archived users' contacts stay out too (the domain says active)
        found = partners.search(self._buyer_domain(new, company), order="id desc")
        by_email = {partner.email_normalized: partner for partner in found}
        missing = [email for email in new if email not in by_email]
        if missing:
            self._retry_if_committed_meanwhile(
                self._buyer_domain(missing, company), what
            )
        self._buyers.update((email, by_email.get(email, partners)) for email in new)
        return self._buyers

    def _buyer(self, data, order_id):
        """The buyer, found by its normalised e-mail, exactly (no pattern: an
        ``_`` in an address matches only itself), among the backend
        company's active customer contacts that are no user's own (an
        e-mail is the buyer's say, not a proof); else a new contact of that
        company. One partner per buyer however many orders (the lock keeps
        two import jobs from making two)."""
        email = self._email_of(data)
        partners = self.env["res.partner"]
        if email:
            buyer = self._known_buyers([email], f"Order {order_id}")[email]
            if buyer:
                return buyer
        return partners.create(
            self._buyer_values({"ID": order_id, "BuyerAddress": data}, email)
        )

    def _buyer_values(self, order, email):
        """A new buyer, from the buyer address of ``order``."""
        values = self._address_values(order["BuyerAddress"], order.get("ID"))
        values.update(
            email=email or False,
            company_name=order["BuyerAddress"].get("CompanyName") or False,
            company_id=self.backend_record.company_id.id,
            customer_rank=1,
        )
        return values

    @staticmethod
    def _buyer_domain(emails, company):
        return [
            ("email_normalized", "in", emails),
            ("parent_id", "=", False),
            ("active", "=", True),
            ("company_id", "=", company.id),
            ("customer_rank", ">", 0),
            # a user's contact, archived users' too
            ("user_ids", "=", False),
        ]

    def _retry_if_committed_meanwhile(self, domain, what):
        """The lock was free, but an import that held it may have created the
        buyer and committed after this transaction's snapshot was taken, so
        that it is invisible here: look in a fresh transaction, and retry."""
        with self.env.registry.cursor() as cr:
            partners = self.env(cr=cr, su=True)["res.partner"]
            if partners.with_context(active_test=False).search_count(domain, limit=1):
                raise RetryableJobError(
                    f"{what}: a buyer was just created by another import; "
                    "retried to use it.",
                    seconds=2,
                )

    def _delivery_contact(self, buyer, data, order_id):
        order = {"ID": order_id, "ShippingAddress": data, "BuyerAddress": data}
        values = self._missing_delivery_contact(buyer, order)
        if values:
            return self.env["res.partner"].create(values)
        return self._matching_contact(buyer, self._address_values(data, order_id))

    def _missing_delivery_contact(self, buyer, order):
        """The values of the delivery contact of ``order`` under ``buyer``,
        or None when the buyer has it already."""
        data = order.get("ShippingAddress") or order["BuyerAddress"]
        values = self._address_values(data, order.get("ID"))
        if self._matching_contact(buyer, values):
            return None
        return dict(
            values,
            parent_id=buyer.id,
            type="delivery",
            company_id=self.backend_record.company_id.id,
        )

    def _matching_contact(self, buyer, values):
        keys = ("name", "street", "street2", "city", "zip", "country_id")
        company = self.backend_record.company_id
        for contact in buyer.child_ids.filtered(
            lambda c: c.type == "delivery" and c.company_id == company
        ):
            if all(
                (contact[k].id if k == "country_id" else contact[k]) == values[k]
                for k in keys
            ):
                return contact
        return None

    def _must_skip(self, data):
        """An order Kogan cancelled before Odoo ever read it: nothing was
        sold, nothing is to ship, so no sale order (a bound one is still
        followed to its cancellation)."""
        return data.get("OrderStatus") == "Canceled"

    def _after_import(self, record, data, created):
        """A new order: its total and taxes must match Kogan's, or it waits
        for review; a matching one goes through the backend's workflow
        (confirmed, invoiced, paid) with the other orders of its page
        (``_bind_imported``)."""
        if not created:
            return
        order_id = data.get("ID")
        kogan_total = amount(data, "TotalPrice")
        kogan_tax = sum(amount(data, key) for key in TAX_FIELDS)
        record.write({"kogan_total": kogan_total, "kogan_tax_total": kogan_tax})
        currency = record.currency_id
        if float_compare(
            record.amount_total, kogan_total, precision_rounding=currency.rounding
        ):
            self._flag_total_mismatch(record, order_id, kogan_total)
        elif not self._taxes_match(record, kogan_tax):
            self._flag_tax_mismatch(record, order_id, kogan_tax)
        # items cancelled before Odoo read the order (Kogan's totals still
        # count them): later reads see the same version, so now or never
        self._cancel_items(record, self._followed_values(data)["cancelled"])

    def _bind_imported(self, items, records, created):
        """The page's new orders that match Kogan's figures go through their
        workflow together, once each has been checked (``_after_import``)."""
        entries = super()._bind_imported(items, records, created)
        if created:
            self._run_workflows(
                [
                    (record, item[1])
                    for item, record in zip(items, records, strict=True)
                    if not (record.kogan_total_mismatch or record.kogan_tax_mismatch)
                ]
            )
        return entries

    def _run_workflows(self, orders):
        """The workflow of each ``(record, data)`` of ``orders``, for all
        the orders of a workflow at once (one confirmation of them all costs
        far less than one each); when one order spoils that, each order runs
        alone (``_run_workflow``), so that only the failing one stays behind,
        with its error record. Then the buyers' instructions go on the
        deliveries."""
        by_workflow = {}
        for record, data in orders:
            by_workflow.setdefault(record.workflow_process_id, []).append(
                (record, data)
            )
        for workflow, group in by_workflow.items():
            if not workflow:
                continue
            records = self.env["sale.order"].concat(*(record for record, __ in group))
            try:
                with self.env.cr.savepoint():
                    self._workflow_steps_at_once(workflow, records)
            except Exception:  # noqa: BLE001 (each order again, alone)
                _logger.info(
                    "The workflow of %s orders at once failed: each runs alone",
                    len(records),
                )
                for record, data in group:
                    self._run_workflow(record, data)
        for record, __ in orders:
            if record.kogan_special_instructions and record.picking_ids:
                record.picking_ids.note = Markup("<p>%s</p>") % (
                    record.kogan_special_instructions
                )

    def _workflow_steps_at_once(self, workflow, records):
        """Each step of ``workflow`` for ``records`` together: the orders (or
        invoices) its filter still selects, by one call when the step is one
        action of the documents (``BATCH_ACTIONS``), else one each."""
        records = records.with_context(**self._write_context())
        jobs = self._workflow_jobs(records)
        for domain, method, on_invoices in self._workflow_steps(workflow, jobs):
            targets = records.invoice_ids if on_invoices else records
            if not targets:
                continue
            selected = targets.search([("id", "in", targets.ids)] + domain)
            action = BATCH_ACTIONS.get(method)
            if action:
                getattr(selected.with_company(records.company_id), action)()
                continue
            for target in selected:
                getattr(jobs, method)(target, domain)

    def _tax_tolerance(self, record):
        """Odoo rounds each taxed line's tax (or each tax, rounding
        globally), Kogan each of its three tax totals: each rounding may be
        off by half a unit of the currency, so the two sums may honestly
        differ by half a unit per taxed line and per Kogan tax field."""
        roundings = len(record.order_line.filtered("tax_id")) + len(TAX_FIELDS)
        return record.currency_id.rounding * roundings / 2

    def _taxes_match(self, record, kogan_tax):
        difference = abs(record.amount_tax - kogan_tax)
        return (
            float_compare(
                difference,
                self._tax_tolerance(record),
                precision_rounding=record.currency_id.rounding,
            )
            <= 0
        )

    def _run_workflow(self, record, data):
        """The steps of the order's workflow for this order now, rather than
        at the workflow's next scheduled run: OCA's own steps, each
        re-checking its filter (a held order stays out), each in a
        savepoint. A step that fails stops there with an error record; what
        the steps before it did stays (as in OCA's scheduled run)."""
        workflow = record.workflow_process_id
        if not workflow:
            return
        record = record.with_context(**self._write_context())
        jobs = self._workflow_jobs(record)
        for domain, method, on_invoices in self._workflow_steps(workflow, jobs):
            try:
                with self.env.cr.savepoint():
                    for target in record.invoice_ids if on_invoices else record:
                        getattr(jobs, method)(target, domain)
            except Exception as error:  # the order stays as the last step left it
                self._record_failure(error, str(data.get("ID")), data)
                return

    def _workflow_jobs(self, orders):
        """OCA's workflow steps, run as the import's writes are
        (``_write_context``: untracked, nothing exported back; the stock
        they reserve still reaches Kogan, whose listener keeps listening),
        in the orders' company."""
        jobs = self.env["automatic.workflow.job"].with_context(**self._write_context())
        return jobs.with_company(orders.company_id)

    @staticmethod
    def _workflow_steps(workflow, jobs):
        """``(domain, method of automatic.workflow.job, on invoices)`` of
        each step the workflow takes, in OCA's order, each domain its
        filter's (an order held for review stays out)."""
        orders = jobs._not_held(jobs._sale_workflow_domain(workflow))
        invoices = jobs._sale_workflow_domain(workflow)
        steps = (
            (workflow.validate_order, workflow.order_filter_id, orders,
             "_do_validate_sale_order", False),
            (workflow.create_invoice, workflow.create_invoice_filter_id, orders,
             "_do_create_invoice", False),
            (workflow.validate_invoice, workflow.validate_invoice_filter_id,
             invoices, "_do_validate_invoice", True),
            (workflow.sale_done, workflow.sale_done_filter_id, orders,
             "_do_sale_done", False),
            (workflow.register_payment, workflow.payment_filter_id, invoices,
             "_do_register_payment", True),
        )  # fmt: skip
        for enabled, filter_, domain, method, on_invoices in steps:
            if enabled:
                yield filter_._get_eval_domain() + domain, method, on_invoices

    def _flag_total_mismatch(self, record, order_id, kogan_total):
        message = (
            f"Kogan order {order_id}: Kogan's total is {kogan_total:.2f} "
            f"{record.currency_id.name}, the imported order's is "
            f"{record.amount_total:.2f}. Check prices and taxes, then confirm it."
        )
        record.write({"kogan_total_mismatch": True, "kogan_total": kogan_total})
        self._hold(record, message)

    def _flag_tax_mismatch(self, record, order_id, kogan_tax):
        message = (
            f"Kogan order {order_id}: Kogan's taxes are {kogan_tax:.2f} "
            f"{record.currency_id.name}, the imported order's are "
            f"{record.amount_tax:.2f} (more than the "
            f"{self._tax_tolerance(record):.3f} rounding allows). Check the "
            "products' taxes and the backend's fiscal positions, then review it."
        )
        record.kogan_tax_mismatch = True
        self._hold(record, message)

    def _hold(self, record, message):
        """Imported fine, but a person must look at it: the review queue,
        which also keeps the order's workflow from running until then."""
        record.message_post(body=message)
        self.env["connector.review"]._flag(self.backend_record, record, message)


class KoganOrderRecovery(Component):
    """Re-reads the orders Kogan placed in a period, in every status an
    order may have reached before Odoo read it, and imports them: a bound
    order is only followed (never a second sale order), a new one is
    created as the import would have. Kogan has no cursor and lists shipped
    or cancelled orders 15 days at a time, so a period is read in windows
    of 15 days at most."""

    _name = "kogan.order.period.importer"
    _inherit = "base.connector"
    _collection = "connector.kogan.backend"
    _apply_on = ["sale.order"]
    _usage = "order.recovery"

    @process(description="Re-read the Kogan orders of a period")
    def run(self, date_from, date_to):
        if not date_from or not date_to or date_from > date_to:
            raise BadDataError(
                f"A period to re-read runs from a date to a later one, not "
                f"{date_from} to {date_to}."
            )
        adapter = self.component(usage="backend.adapter")
        importer = self.component(usage="record.importer")
        read = 0
        for status in RECOVERY_STATUSES:
            for start, end in self._windows(date_from, date_to):
                for page in adapter.get_records(status=status, start=start, end=end):
                    importer.import_records(page)
                    read += len(page)
        return f"{read} Kogan orders re-read from {date_from} to {date_to}"

    @staticmethod
    def _windows(date_from, date_to):
        """``(start, end)`` windows of at most 15 days covering the period."""
        start = date_from
        while start <= date_to:
            end = min(start + DATED_WINDOW, date_to)
            yield start, end
            start = end + timedelta(seconds=1)


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
