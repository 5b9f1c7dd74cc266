# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Kogan's stock compared with Odoo's, listing by listing: what a lost or
refused push, or a change made on Kogan's side, left wrong is sent again."""

from odoo import fields

from odoo.addons.component.core import Component
from odoo.addons.connector_base import process

from .stock_levels import stock_levels


def _is_count(value):
    return isinstance(value, int) and not isinstance(value, bool)


class KoganStockReconciler(Component):
    """Reads every listing (the adapter's pages), compares each bound one's
    ``stock`` with what Odoo says Kogan should show, sends the differing
    ones only (stock and prices, through the push's exporter) and stamps the
    backend with how many Kogan took."""

    _name = "kogan.stock.reconciler"
    _inherit = "kogan.product.writer"
    _usage = "stock.reconciler"

    @process(description="Reconcile Kogan's stock with Odoo's")
    def run(self):
        adapter = self.component(usage="backend.adapter")
        checked, differing = 0, self.model.browse()
        for page in adapter.get_records():
            page_checked, page_differing = self._differing(page)
            checked += page_checked
            differing |= page_differing
        exporter = self.component(usage="stock.price.exporter")
        fixed = exporter.send(differing, adapter) if differing else 0
        # the connector's own bookkeeping, whoever started the job
        self.backend_record.sudo().write(
            {
                "stock_reconciled_at": fields.Datetime.now(),
                "stock_reconciled_count": fixed,
            }
        )
        return (
            f"Stock of {checked} Kogan listings compared with Odoo's: "
            f"{len(differing)} differed, {fixed} fixed"
        )

    def _differing(self, page):
        """How many listings of ``page`` are bound, and the products among
        them whose stock on Kogan is not Odoo's (anything but a count, as
        Kogan sent it, differs)."""
        remote = {
            str(listing.get("product_sku")): listing.get("stock")
            for listing in page
            if isinstance(listing, dict)
        }
        bindings = self.binder_for().bindings_by_external(list(remote))
        products = self.model.browse(
            [binding.res_id for binding in bindings.values()]
        ).exists()
        expected = stock_levels(self.backend_record, products)
        differing = [
            binding.res_id
            for sku, binding in bindings.items()
            if binding.res_id in expected
            and not (_is_count(remote[sku]) and remote[sku] == expected[binding.res_id])
        ]
        return len(expected), self.model.browse(differing)
