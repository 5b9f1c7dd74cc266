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

    _named = 10  # SKUs named in the job's result

    @process(description="Reconcile Kogan's stock with Odoo's")
    def run(self):
        adapter = self.component(usage="backend.adapter")
        checked, differing = set(), {}  # SKUs (a page may repeat one)
        for page in adapter.get_records():
            checked |= self._compare(page, differing)
            # what a page read leaves the cache: memory follows a page, not
            # the catalogue (40,000 listings held 320 MB more)
            self.env.invalidate_all()
        products = self.model.browse(sorted(set(differing.values())))
        exporter = self.component(usage="stock.price.exporter")
        fixed = exporter.send(products, adapter) if products else 0
        # the connector's own bookkeeping, whoever started the job
        self.backend_record.sudo().write(
            {
                "stock_reconciled_at": fields.Datetime.now(),
                "stock_reconciled_count": fixed,
            }
        )
        named = ", ".join(sorted(differing)[: self._named])
        more = ", ..." if len(differing) > self._named else ""
        return (
            f"Stock of {len(checked)} Kogan listings compared with Odoo's: "
            f"{len(differing)} differed, {fixed} fixed"
            + (f" ({named}{more})" if differing else "")
        )

    def _compare(self, page, differing):
        """The SKUs of ``page`` bound to a product; those whose stock on
        Kogan is not what Odoo says (anything but a count, as Kogan sent
        it, differs) are added to ``differing`` (``{sku: product id}``)."""
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
        bound = {sku for sku, b in bindings.items() if b.res_id in expected}
        for sku in bound:
            product_id = bindings[sku].res_id
            stock = remote[sku]
            if not (_is_count(stock) and stock == expected[product_id]):
                differing[sku] = product_id
        return bound
