# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Stock and prices pushed to Kogan, and listings enabled or disabled: plain
OCA components next to the decorated ones, with connector_base's @process."""

from odoo.addons.component.core import Component
from odoo.addons.connector_base import process

from .common import MAX_BATCH
from .product import offers
from .stock_levels import stock_levels


class KoganProductWriter(Component):
    _name = "kogan.product.writer"
    _inherit = "base.connector"
    _collection = "connector.kogan.backend"
    _apply_on = ["product.product"]

    def _skus(self, products):
        """``{product: SKU}`` of the products listed on Kogan."""
        states = self.binder_for().bindings_by_record(products)
        return {p: states[p.id].external_id for p in products if p.id in states}

    def _refresh(self, skus, adapter):
        """Store the listings as Kogan holds them after our own change, so
        that it is not taken for a change made on Kogan (a conflict)."""
        remote = adapter.get_records_by_ids(list(skus.values()))
        states = self.binder_for().bindings_by_record(
            self.model.browse([product.id for product in skus])
        )
        for product, sku in skus.items():
            if sku in remote and product.id in states:
                states[product.id].write(
                    {
                        "external_updated_at": adapter.updated_at_of(remote[sku]),
                        "external_hash": adapter.digest_of(remote[sku]),
                    }
                )

    def _record_refusals(self, errors, skus, payload):
        by_sku = {sku: product for product, sku in skus.items()}
        for sku, message in errors.items():
            product = by_sku.get(sku)
            errors = self.env["connector.error"]
            errors.sudo().create(
                errors._values(
                    self.backend_record,
                    "product.product",
                    payload,
                    f"Kogan refused {sku}: {message}",
                    external_id=sku,
                    record=product,
                )
            )


class KoganStockPriceExporter(Component):
    """Sends the stock and prices of the products marked as changed
    (``connector.kogan.push``), 500 per call, the calls of a round of
    ``_round`` products sent before waiting for Kogan's tasks."""

    _name = "kogan.stock.price.exporter"
    _inherit = "kogan.product.writer"
    _usage = "stock.price.exporter"

    _step = "Send stock and prices"
    _round = 10 * MAX_BATCH  # products read, sent and refreshed together

    @process(description="Send stock and prices to Kogan")
    def run(self):
        backend = self.backend_record
        adapter = self.component(usage="backend.adapter")
        queue = self.env["connector.kogan.push"]
        retried = self._refusals(("retried",))
        queue._mark(backend, self._products_of(retried), queue_job=False)
        sent = 0
        while products := queue._take(backend, self._round):
            sent += self.send(products, adapter)
        # sent again and refused again: the new error record replaces it
        retried.filtered(lambda error: error.state == "retried").state = "resolved"
        return f"Stock and prices of {sent} products sent"

    def send(self, products, adapter):
        """Send the stock and prices of those of ``products`` listed on
        Kogan; returns how many Kogan took (each refusal is an error record
        on its product)."""
        skus = self._skus(products)
        listed = products.browse([p.id for p in products if p in skus])
        if not listed:
            return 0
        backend = self.backend_record
        prices, stock = offers(backend, listed), stock_levels(backend, listed)
        items = [
            {
                "product_sku": skus[p],
                "stock": stock[p.id],
                "offer_data": prices[p.id],
            }
            for p in listed
        ]
        errors = adapter.push_stock_price(items)
        self._record_refusals(errors, skus, self._step)
        self._resolve_accepted(skus, errors)
        self._refresh(skus, adapter)
        return len(items) - len(errors)

    def _refusals(self, states):
        return (
            self.env["connector.error"]
            .sudo()
            .search(
                self.backend_record._backend_domain()
                + [
                    ("model_name", "=", "product.product"),
                    ("step", "=", self._step),
                    ("state", "in", states),
                ]
            )
        )

    def _products_of(self, errors):
        """Products of refused pushes a user retried: the retry of that job
        must send them again (they left the push queue when first sent)."""
        refs = errors.mapped("record_ref")
        ids = [int(ref.split(",")[1]) for ref in refs if ref]
        return self.model.browse(ids).exists()

    def _resolve_accepted(self, skus, errors):
        """Kogan took what it once refused: those errors are resolved."""
        accepted = {sku for sku in skus.values() if sku not in errors}
        self._refusals(("open", "retried")).filtered(
            lambda error: error.external_id in accepted
        ).state = "resolved"


class KoganStatusExporter(Component):
    """Enables or disables listings on Kogan."""

    _name = "kogan.status.exporter"
    _inherit = "kogan.product.writer"
    _usage = "status.exporter"

    @process(description="Enable or disable Kogan listings")
    def run(self, products, enabled):
        skus = self._skus(products)
        adapter = self.component(usage="backend.adapter")
        errors = adapter.set_enabled(list(skus.values()), enabled)
        self._record_refusals(errors, skus, "Enable or disable listings")
        done = products.browse([p.id for p, sku in skus.items() if sku not in errors])
        done.with_context(connector_no_export=True).kogan_enabled = enabled
        self._refresh(skus, adapter)
        return (
            f"{len(skus) - len(errors)} listings {'enabled' if enabled else 'disabled'}"
        )
