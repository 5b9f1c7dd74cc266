# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Stock's default for a new product's "routes can be selected" flag is a
count of routes, which Odoo runs for each product it creates: the import
counts once for a page of listings (``_shared_defaults``)."""

from unittest.mock import patch

from .common import KoganCase


class TestImportSharedDefaults(KoganCase):
    def _route_counts(self, listings):
        """The route counts run while ``listings`` new listings import."""
        self.sim.seed_products(self.sim.make_products(listings))
        counts = []
        cursor = type(self.env.cr)
        execute = cursor.execute

        def counting(cr, query, *args, **kwargs):
            text = str(getattr(query, "code", query))
            if "count(*)" in text.lower() and '"stock_route"' in text:
                counts.append(text)
            return execute(cr, query, *args, **kwargs)

        with patch.object(cursor, "execute", counting):
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
