# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fulfilment: a done delivery of a Kogan order sends its tracking to Kogan,
once (the picking is bound to ``<order ID>/<picking>`` when Kogan accepted)."""

from odoo.addons.connector.components.mapper import mapping
from odoo.addons.connector_base import (
    BadDataError,
    adapter,
    apply_on,
    batch_exporter,
    collection,
    export_mapper,
    exporter,
)

from .common import MAX_BATCH


def kogan_order_id(work, picking):
    """The Kogan ID of the picking's sale order, or None."""
    order = picking.sale_id
    if not order:
        return None
    return work.binder_for("sale.order").to_external(order)


@adapter("kogan.fulfilment.adapter")
@apply_on("stock.picking")
@collection("connector.kogan.backend")
class FulfilmentAdapter:
    """Fulfilments go through the orders endpoints; ``POST orders/fulfill/``
    takes a list of orders, so a chunk of deliveries goes in a few calls."""

    _bulk_write = True

    def _orders(self):
        return self.component(usage="backend.adapter", model_name="sale.order")

    @staticmethod
    def _entry(data):
        return {k: v for k, v in data.items() if k != "_picking"}

    @staticmethod
    def _external_id(data):
        return f"{data['ID']}/{data['_picking']}"

    def create_record(self, data):
        self._orders().fulfil(self._entry(data))
        return self._external_id(data)

    def create_records(self, datas):
        """Fulfil a chunk, an order at most once per call (a delivery and its
        backorder go in two); a refusal because Kogan already has these
        items dispatched (a retry after a lost reply) is adopted."""
        results, pending = [None] * len(datas), list(enumerate(datas))
        while pending:
            call, later, orders = [], [], set()
            for index, data in pending:
                if data["ID"] in orders or len(call) >= MAX_BATCH:
                    later.append((index, data))
                    continue
                orders.add(data["ID"])
                call.append((index, data))
            errors = self._orders().fulfil_many([self._entry(d) for __, d in call])
            for (index, data), error in zip(call, errors, strict=True):
                if error and self.find_record(data):
                    error = None
                results[index] = (
                    (None, error) if error else (self._external_id(data), None)
                )
            pending = later
        return results

    def find_records(self, datas):
        return {}  # looked for on a refusal only (create_records)

    def get_records_by_ids(self, external_ids):
        return {}  # a fulfilment is sent once, never read back

    def find_record(self, data):
        """These items already dispatched on Kogan with this tracking number
        (a retry after a lost reply): adopt."""
        order = self._orders().get_record(data["ID"])
        dispatched = {
            (str(item.get("ID")), item.get("TrackingNumber"))
            for item in (order or {}).get("DispatchedItems") or []
            if isinstance(item, dict)
        }
        if dispatched and all(
            (line["OrderItemID"], line["TrackingNumber"]) in dispatched
            for line in data["Items"]
        ):
            return f"{data['ID']}/{data['_picking']}"
        return None

    def get_record(self, external_id):
        return None  # a fulfilment is sent once, never read back


@export_mapper("kogan.fulfilment.export.mapper")
@apply_on("stock.picking")
@collection("connector.kogan.backend")
class FulfilmentExportMapper:
    @mapping
    def fulfilment(self, record):
        order_id = kogan_order_id(self, record)
        shipped = (record.date_done or record.scheduled_date).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        )
        items = []
        for move in record.move_ids.filtered(
            lambda m: m.state == "done" and m.sale_line_id.kogan_item_id
        ):
            items.append(
                {
                    "OrderItemID": move.sale_line_id.kogan_item_id,
                    "SellerSku": move.product_id.default_code,
                    "Quantity": int(move.quantity),
                    "ShippedDateUtc": shipped,
                    "TrackingNumber": record.carrier_tracking_ref or "",
                    "ShippingCarrier": record.carrier_id.kogan_carrier_code or "",
                }
            )
        return {"ID": order_id, "Items": items, "_picking": record.name}


@exporter("kogan.fulfilment.exporter")
@apply_on("stock.picking")
@collection("connector.kogan.backend")
class FulfilmentExporter:
    def _must_skip(self, picking, external_id):
        """Sent once; only done deliveries of Kogan orders."""
        return bool(
            external_id
            or picking.state != "done"
            or picking.picking_type_code != "outgoing"
            or not kogan_order_id(self, picking)
        )

    def _validate_create_data(self, picking, data):
        if not data["Items"]:
            raise BadDataError(
                f"{picking.name} ships no item of Kogan order {data['ID']}"
            )
        carrier = picking.carrier_id
        if not carrier.kogan_carrier_code:
            raise BadDataError(
                f"{picking.name}: Kogan accepts only its own carrier codes, "
                f"and the shipping method {carrier.name or '(none)'!r} has none. "
                "Set its Kogan Carrier (or choose a method that has one), then "
                "retry."
            )
        if not picking.carrier_tracking_ref:
            raise BadDataError(
                f"{picking.name} has no tracking reference: Kogan needs one "
                "to fulfil the order. Set it, then retry."
            )


@batch_exporter("kogan.fulfilment.batch.exporter")
@apply_on("stock.picking")
@collection("connector.kogan.backend")
class FulfilmentBatchExporter:
    """Done deliveries of Kogan orders not sent yet."""

    def _domain(self, domain):
        orders = self.binder_for("sale.order").bound_records()
        return super()._domain(domain) + [
            ("sale_id", "in", orders.ids),
            ("state", "=", "done"),
            ("picking_type_code", "=", "outgoing"),
        ]
