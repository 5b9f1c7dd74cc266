# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Kogan orders, imported once as sale orders; cancelled from Odoo."""

import logging

from odoo import fields
from odoo.tools import float_compare

from odoo.addons.component.core import Component
from odoo.addons.connector.components.mapper import mapping
from odoo.addons.connector.exception import RetryableJobError
from odoo.addons.connector_base import (
    BadDataError,
    PermanentError,
    adapter,
    apply_on,
    collection,
    import_mapper,
    importer,
    process,
)

from .common import KoganApi, short

_logger = logging.getLogger(__name__)

ORDER_LIMIT = 100


def utc(value, what):
    """A naive UTC datetime from Kogan's ISO 8601 text."""
    try:
        text = str(value).replace("T", " ").removesuffix("Z").split("+")[0]
        return fields.Datetime.to_datetime(text.split(".")[0])
    except (TypeError, ValueError) as error:
        raise BadDataError(f"{what} is not a date: {value!r}") from error


def number(value, what):
    if isinstance(value, bool):
        raise BadDataError(f"{what} should be a number, Kogan sent {value!r}")
    try:
        return float(value)
    except (TypeError, ValueError) as error:
        raise BadDataError(
            f"{what} should be a number, Kogan sent {value!r}"
        ) from error


@adapter("kogan.order.adapter")
@apply_on("sale.order")
@collection("connector.kogan.backend")
class OrderAdapter(KoganApi):
    _id_key = "ID"

    def get_records(self, since=None, status="ReleasedForShipment", **filters):
        """Orders ready to ship, oldest first, ``ORDER_LIMIT`` at a time; the
        next call starts at the last order's date (inclusive, so orders
        already seen are dropped)."""
        seen, start = set(), since
        while True:
            params = {"status": status, "limit": ORDER_LIMIT, **filters}
            if start:
                params["startDateUTC"] = start.strftime("%Y-%m-%dT%H:%M:%SZ")
            orders = self._body(
                self._call("GET", "orders/", params=params), list, "order list"
            )
            new = [
                o
                for o in orders
                if not isinstance(o, dict) or str(o.get("ID")) not in seen
            ]
            seen.update(str(o.get("ID")) for o in new if isinstance(o, dict))
            if new:
                yield new
            if len(orders) < ORDER_LIMIT or not new:
                return
            start = max(
                utc(o.get("OrderDateUtc"), "OrderDateUtc")
                for o in orders
                if isinstance(o, dict)
            )

    def get_record(self, external_id):
        try:
            reply = self._call("GET", f"orders/{external_id}/")
        except PermanentError as error:
            if "404" in str(error):
                return None
            raise
        return self._body(reply, dict, f"order {external_id}")

    def cancel(self, external_id):
        self._call("POST", f"orders/{external_id}/cancel/")

    def fulfil(self, entry):
        """Send one order's shipped items; raises with Kogan's reasons."""
        results = self._body(
            self._call("POST", "orders/fulfill/", json=[entry]),
            list,
            "fulfilment reply",
        )
        result = results[0] if results and isinstance(results[0], dict) else {}
        if not result.get("Success"):
            raise BadDataError(
                f"Kogan refused the fulfilment of order {entry['ID']}: "
                f"{'; '.join(map(str, result.get('Errors') or [])) or short(results)}"
            )


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
    def lines(self, record):
        items = record.get("Items")
        if not isinstance(items, list) or not items:
            raise BadDataError(f"Order {record['ID']} has no items")
        binder = self.binder_for("product.product")
        tax = self.backend_record.sale_tax_id
        lines = []
        for item in items:
            sku = item.get("SellerSku") if isinstance(item, dict) else None
            product = binder.to_internal(sku) if sku else None
            if not product:
                raise BadDataError(
                    f"Order {record['ID']}: the SKU {sku!r} is not a product "
                    "listed on Kogan from Odoo; import or list it, then retry."
                )
            quantity = number(item.get("Quantity"), f"Order {record['ID']} quantity")
            if quantity <= 0:
                raise BadDataError(
                    f"Order {record['ID']}: quantity {quantity} of {sku}"
                )
            lines.append(
                {
                    "product_id": product.id,
                    "product_uom_qty": quantity,
                    "price_unit": number(item.get("UnitPrice"), f"{sku} UnitPrice"),
                    "kogan_item_id": str(item.get("ID")),
                    "tax_id": [(6, 0, tax.ids)],
                }
            )
        shipping = number(record.get("TotalShippingPrice") or 0, "TotalShippingPrice")
        if shipping:
            product = self.backend_record.shipping_product_id
            if not product:
                raise BadDataError("The backend has no shipping product")
            lines.append(
                {
                    "product_id": product.id,
                    "product_uom_qty": 1,
                    "price_unit": shipping,
                    "tax_id": [(6, 0, tax.ids)],
                }
            )
        return {"order_line": [(0, 0, line) for line in lines]}


@importer("kogan.order.importer")
@apply_on("sale.order")
@collection("connector.kogan.backend")
class OrderImporter:
    """Each order is imported once; buyers are found by e-mail."""

    def _is_uptodate(self, state):
        return True

    def _write_context(self):
        return dict(super()._write_context(), tracking_disable=True)

    def _import_dependencies(self):
        for item in self.external_data.get("Items") or []:
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
                    f"Order {self.external_id}: the SKU {sku!r} is not one of this "
                    "seller's Kogan listings."
                )
            products = self.component(
                usage="record.importer", model_name="product.product"
            )
            products.run(sku, record=listing)

    def _map_data(self):
        map_record = super()._map_data()
        map_record.update(self._partners())
        return map_record

    def _partners(self):
        record = self.external_data
        buyer_data = record.get("BuyerAddress")
        if not isinstance(buyer_data, dict):
            raise BadDataError(f"Order {self.external_id} has no buyer address")
        shipping_data = record.get("ShippingAddress") or buyer_data
        with self.env.cr.savepoint():
            buyer = self._buyer(buyer_data)
            shipping = self._delivery_contact(buyer, shipping_data)
        return {
            "partner_id": buyer.id,
            "partner_invoice_id": buyer.id,
            "partner_shipping_id": shipping.id,
        }

    def _address_values(self, data):
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
            part for part in (data.get("FirstName"), data.get("LastName")) if part
        ) or data.get("CompanyName")
        if not name:
            raise BadDataError(f"Order {self.external_id}: an address has no name")
        return {
            "name": name,
            "street": data.get("AddressLine1") or False,
            "street2": data.get("AddressLine2") or False,
            "city": data.get("City") or False,
            "zip": data.get("PostalCode") or False,
            "state_id": state.id,
            "country_id": country.id,
            "phone": data.get("DaytimePhone") or False,
        }

    def _buyer(self, data):
        """The buyer, found by e-mail: one partner per buyer however many
        orders (the lock keeps two import jobs from making two)."""
        email = (data.get("EmailAddress") or "").strip().lower()
        partners = self.env["res.partner"].with_context(active_test=False)
        if email:
            self.advisory_lock_or_retry(f"kogan-buyer:{email}")
            domain = [("email", "=ilike", email), ("parent_id", "=", False)]
            buyer = partners.search(domain, order="id", limit=1)
            if buyer:
                return buyer
            self._retry_if_committed_meanwhile(domain)
        values = self._address_values(data)
        values.update(
            email=email or False, company_name=data.get("CompanyName") or False
        )
        return partners.create(values)

    def _retry_if_committed_meanwhile(self, domain):
        """The lock was free, but an import that held it may have created the
        buyer and committed after this transaction's snapshot was taken, so
        that it is invisible here: look in a fresh transaction, and retry."""
        with self.env.registry.cursor() as cr:
            partners = self.env(cr=cr, su=True)["res.partner"]
            if partners.with_context(active_test=False).search_count(domain, limit=1):
                raise RetryableJobError(
                    f"Order {self.external_id}: its buyer was just created by "
                    "another import; retried to use it.",
                    seconds=2,
                )

    def _delivery_contact(self, buyer, data):
        values = self._address_values(data)
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

    def _after_import(self, record):
        """Totals must match Kogan's; a matching order is confirmed."""
        kogan_total = number(self.external_data.get("TotalPrice"), "TotalPrice")
        currency = record.currency_id
        if float_compare(
            record.amount_total, kogan_total, precision_rounding=currency.rounding
        ):
            self._flag_total_mismatch(record, kogan_total)
            return
        record.kogan_total = kogan_total
        if self.backend_record.confirm_orders:
            try:
                with self.env.cr.savepoint():
                    record.action_confirm()
            except Exception as error:  # the order stays, in quotation
                self._record_failure(error, self.external_id, self.external_data)

    def _flag_total_mismatch(self, record, kogan_total):
        message = (
            f"Kogan order {self.external_id}: Kogan's total is {kogan_total:.2f} "
            f"{record.currency_id.name}, the imported order's is "
            f"{record.amount_total:.2f}. Check prices and taxes, then confirm it."
        )
        record.write({"kogan_total_mismatch": True, "kogan_total": kogan_total})
        record.message_post(body=message)
        self.env["connector.error"].sudo().create(
            {
                "backend_model": self.backend_record._name,
                "backend_id": self.backend_record.id,
                "model_name": "sale.order",
                "external_id": self.external_id,
                "record_ref": f"sale.order,{record.id}",
                "step": "Check the order's total",
                "kind": "bad_data",
                "message": message,
            }
        )


class KoganOrderCanceller(Component):
    """Cancels on Kogan an order cancelled in Odoo."""

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
        self.component(usage="backend.adapter").cancel(external_id)
        return f"Kogan order {external_id} cancelled"
