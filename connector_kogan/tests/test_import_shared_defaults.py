# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Stock's default for a new product's "routes can be selected" flag is a
count of routes, which Odoo runs for each product it creates: the import
counts once for a page of listings (``_shared_defaults``)."""

from odoo.addons.connector_base.tests.statements import statements_run

from .common import KoganCase


class TestImportSharedDefaults(KoganCase):
    def _route_counts(self, listings, bound=None):
        """The route counts run while ``listings`` new listings import
        (``bound`` of them are: the others fail)."""
        if isinstance(listings, int):
            listings = self.sim.make_products(listings)
        self.sim.seed_products(listings)

        def route_count(text):
            return "count(*)" in text.lower() and '"stock_route"' in text

        with statements_run(self.env, route_count) as counts:
            self.backend.import_batch("product.product")
        expected = len(listings) if bound is None else bound
        self.assertEqual(len(self.bound("product.product")), expected)
        return len(counts)

    def test_a_page_of_new_listings_counts_routes_once(self):
        self.assertEqual(self._route_counts(20), 1)

    def test_a_page_isolating_a_bad_listing_counts_routes_once(self):
        """Two listings of one barcode: the page's create fails, its
        listings are created one by one, the second one refused."""
        listings = self.sim.make_products(5)
        listings[1]["product_gtin"] = listings[0]["product_gtin"]
        self.assertEqual(self._route_counts(listings, bound=4), 1)

    def test_the_flag_is_what_stock_computes(self):
        self.env["stock.route"].create({"name": "Dropship", "product_selectable": True})
        self._route_counts(2)
        for product in self.bound("product.product").values():
            self.assertTrue(product.has_available_route_ids)
