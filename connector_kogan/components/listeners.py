# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What Odoo changes and Kogan must hear about, each as a queued job.

Stock and prices only mark products (``connector.kogan.push``): one job per
backend then sends them all. Stock is followed where Odoo changes it, on the
quants, whatever the cause. Listings, fulfilments and cancellations are
exported by record. Events of users without connector rights still queue the
jobs (sudo): the jobs run as the backend's user."""

from odoo.addons.component.core import AbstractComponent, Component
from odoo.addons.component_event import skip_if

PRICE_FIELDS = {"list_price", "lst_price"}
QUANT_FIELDS = {"quantity", "reserved_quantity"}
STOCK_SETTINGS = {
    "stock_location_ids",
    "stock_buffer",
    "stock_max",
    "warehouse_id",
    "company_id",
    "active",
}
STOCK_CHANGED_KEY = "connector_kogan.stock_changed"
LISTING_FIELDS = {
    "name",
    "description_sale",
    "barcode",
    "default_code",
    "kogan_brand",
    "kogan_category",
    "kogan_listed",
    "kogan_subtitle",
    "kogan_variant_group",
    "kogan_condition",
    "kogan_inbox",
    "kogan_length",
    "kogan_width",
    "kogan_height",
    "weight",
}


def _backends(env):
    return env["connector.kogan.backend"].sudo().search([("active", "=", True)])


def _bound(env, backend, model, ids):
    """Ids of the records of ``model`` bound to ``backend``, among ``ids``."""
    with backend.work_on(model) as work:
        binder = work.component(usage="binder")
        return set(binder.bindings_by_record(env[model].browse(ids)))


def _mark_changed(env, products):
    for backend in _backends(env):
        bound = _bound(env, backend, "product.product", products.ids)
        if bound:
            env["connector.kogan.push"]._mark(backend, products.browse(sorted(bound)))


def _export(env, records):
    for backend in _backends(env):
        for record in records.sudo():
            backend._queue_change_job(
                f"Export {record.display_name} to {backend.display_name}",
                "export_record",
                (record,),
            )


def _look_up_at_commit(env):
    """The test cursor never commits: there changed products are looked up
    at once, as ``_delay_after_commit`` queues its jobs at once."""
    return not env.registry.in_test_mode()


def _stock_changed(env, products):
    """The sellable quantity of ``products`` changed: mark those listed on
    a Kogan backend. The products of a whole transaction are gathered and
    looked up once, just before it commits (a delivery of 100 lines changes
    200 quants: one lookup, none per quant, and none at all when no product
    changed)."""
    if not _look_up_at_commit(env):
        _mark_changed(env, products)
        return
    precommit = env.cr.precommit
    changed = precommit.data.get(STOCK_CHANGED_KEY)
    if changed is None:
        changed = precommit.data[STOCK_CHANGED_KEY] = set()
        precommit.add(lambda: _mark_stock_changed(env(su=True), changed))
    changed.update(products.ids)


def _mark_stock_changed(env, product_ids):
    # products deleted meanwhile cannot be queued (nor sold)
    products = env["product.product"].browse(sorted(product_ids)).exists()
    if products:
        _mark_changed(env, products)


class KoganWriteListener(AbstractComponent):
    """Follows the writes of ``_written_fields`` that are not the connector's
    own (``connector_no_export``): ``_written`` gets the record and which of
    them were written."""

    _name = "kogan.write.listener"
    _inherit = "base.connector.listener"
    _written_fields = frozenset()

    @skip_if(lambda self, record, **kw: self.no_connector_export(record))
    def on_record_write(self, record, fields=None):
        written = self._written_fields & set(fields or ())
        if written:
            self._written(record, written)


class KoganQuantListener(Component):
    """Every change of a quantity on hand or reserved goes through the quants
    (``stock.quant._update_available_quantity``, and its create or write):
    a reservation or its release by any sale channel, a cancellation, a
    receipt, an inventory adjustment, a done move, a scrap. Listening here,
    not to each of those causes, keeps Kogan's stock what can be sold. Not
    skipped under ``connector_no_export``: a Kogan order's own reservation
    changes what is left to sell as well."""

    _name = "kogan.stock.quant.listener"
    _inherit = "base.connector.listener"
    _apply_on = ["stock.quant"]

    def on_record_create(self, record, fields=None):
        if QUANT_FIELDS & set(fields or ()):
            _stock_changed(self.env, record.product_id)

    def on_record_write(self, record, fields=None):
        if QUANT_FIELDS & set(fields or ()):
            _stock_changed(self.env, record.product_id)

    def on_record_unlink(self, record):
        if record.quantity or record.reserved_quantity:
            _stock_changed(self.env, record.product_id)


class KoganStockSettingsListener(Component):
    """A backend's stock settings changed: its listed products' stock on
    Kogan changes with them."""

    _name = "kogan.stock.settings.listener"
    _inherit = "base.connector.listener"
    _apply_on = ["connector.kogan.backend"]

    def on_record_write(self, record, fields=None):
        if not STOCK_SETTINGS & set(fields or ()):
            return
        for backend in record.sudo().filtered("active"):
            self.env["connector.kogan.push"]._mark(backend, backend._listed_products())


class KoganProductListener(Component):
    _name = "kogan.product.listener"
    _inherit = "kogan.write.listener"
    _apply_on = ["product.product", "product.template"]
    _written_fields = PRICE_FIELDS | LISTING_FIELDS

    def _written(self, record, fields):
        products = (
            record.product_variant_ids if record._name == "product.template" else record
        )
        if fields & PRICE_FIELDS:
            _mark_changed(self.env, products)
        if record._name == "product.template" and fields & LISTING_FIELDS:
            # bound variants are exported by connector_base's listener on
            # product.product writes; writes made on the template reach
            # them here, as do products newly ticked "Sell on Kogan"
            _export(self.env, products.filtered("kogan_listed"))


class KoganPricelistListener(Component):
    """A rule of a Kogan pricelist changed: resend the backend's prices."""

    _name = "kogan.pricelist.listener"
    _inherit = "base.connector.listener"
    _apply_on = ["product.pricelist.item"]

    def _resend(self, items):
        pricelists = items.sudo().pricelist_id
        for backend in _backends(self.env):
            if pricelists & (backend.pricelist_id | backend.nzd_pricelist_id):
                products = backend._listed_products()
                self.env["connector.kogan.push"]._mark(backend, products)

    def on_record_create(self, record, fields=None):
        self._resend(record)

    def on_record_write(self, record, fields=None):
        self._resend(record)

    def on_record_unlink(self, record):
        self._resend(record)


class KoganPickingListener(Component):
    """A delivery or return of a Kogan order is done: Kogan is told of the
    shipment, or refunds the return."""

    _name = "kogan.picking.listener"
    _inherit = "kogan.write.listener"
    _apply_on = ["stock.picking"]
    _written_fields = {"date_done"}

    def _written(self, record, fields):
        self._refund_returns(record)
        pickings = record.sudo().filtered(
            lambda p: p.state == "done"
            and p.picking_type_code == "outgoing"
            and p.sale_id
        )
        for backend in _backends(self.env):
            if not _bound(self.env, backend, "sale.order", pickings.sale_id.ids):
                continue
            # one pending job per backend sends every delivery done meanwhile,
            # in a few calls (Kogan's fulfilment takes a list of orders)
            backend._delay_after_commit(
                f"Send the deliveries of Kogan orders to {backend.display_name}",
                "export_batch",
                "stock.picking",
            )

    def _refund_returns(self, pickings):
        """A validated return of a Kogan order is refunded on Kogan."""
        for backend in _backends(self.env):
            for picking in _returns_of_kogan_orders(self.env, backend, pickings):
                backend._queue(
                    f"Refund the return {picking.name} on {backend.display_name}",
                    "refund_return",
                    picking,
                )


class KoganCreditNoteListener(Component):
    """A posted credit note of a Kogan order with a Kogan refund reason is
    refunded on Kogan (once the posting is committed)."""

    _name = "kogan.credit.note.listener"
    _inherit = "kogan.write.listener"
    _apply_on = ["account.move"]
    _written_fields = {"state", "kogan_refund_reason"}

    def _written(self, record, fields):
        moves = record.sudo().filtered(
            lambda m: m.move_type == "out_refund"
            and m.state == "posted"
            and m.kogan_refund_reason
            and not m.kogan_refunded
        )
        if not moves:
            return
        for backend in _backends(self.env):
            orders = _bound(
                self.env,
                backend,
                "sale.order",
                moves.line_ids.sale_line_ids.order_id.ids,
            )
            for move in moves:
                if set(move.line_ids.sale_line_ids.order_id.ids) & orders:
                    backend._delay_after_commit(
                        f"Refund the credit note {move.name} on "
                        f"{backend.display_name}",
                        "refund_credit_note",
                        move,
                    )


def _returns_of_kogan_orders(env, backend, pickings):
    returns = pickings.sudo().filtered(
        lambda p: p.state == "done" and p.return_id and p.sale_id
    )
    orders = _bound(env, backend, "sale.order", returns.sale_id.ids)
    return returns.filtered(lambda p: p.sale_id.id in orders)


class KoganOrderListener(Component):
    """A Kogan order cancelled in Odoo is cancelled on Kogan."""

    _name = "kogan.order.listener"
    _inherit = "kogan.write.listener"
    _apply_on = ["sale.order"]
    _written_fields = {"state"}

    def _written(self, record, fields):
        cancelled = record.sudo().filtered(lambda order: order.state == "cancel")
        for backend in _backends(self.env):
            for order_id in _bound(self.env, backend, "sale.order", cancelled.ids):
                order = cancelled.browse(order_id)
                backend._queue(
                    f"Cancel {order.name} on {backend.display_name}",
                    "cancel_order",
                    order,
                )
