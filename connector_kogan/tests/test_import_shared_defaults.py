# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Stock's default for a new product's "routes can be selected" flag is a
count of routes, which Odoo runs for each product it creates: the import
counts once for a page of listings (``_shared_defaults``)."""

from odoo.addons.connector_base.tests.statements import statements_run

from .common import KoganCase


class TestImportSharedDefaults(KoganCase):
    def _route_counts(self, listings):
        """The route counts run while ``listings`` new listings import."""
        self.sim.seed_products(self.sim.make_products(listings))

        def route_count(text):
            return "count(*)" in text.lower() and '"stock_route"' in text

        with statements_run(self.env, route_count) as counts:
            self.backend.import_batch("product.product")
        self.assertEqual(len(self.bound("product.product")), listings)
        return len(counts)

    def test_a_page_of_new_listings_counts_routes_once(self):
        self.assertEqual(self._route_counts(20), 1)

    def test_the_flag_is_what_stock_computes(self):
        self.env["stock.route"].create({"name": "Dropship", "product_selectable": True})
        self._route_counts(2)
        for product in self.bound("product.product").values():
            self.assertTrue(product.has_available_route_ids)
