# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Kogan's category list, to choose a product's category from."""

import itertools
from unittest.mock import patch

from odoo.tests import Form

from odoo.addons.connector_base import BadDataError

from ..components.product import CategoryAdapter
from .common import KoganCase


class TestCategories(KoganCase):
    def categories(self):
        return self.env["connector.kogan.category"].search(
            [("backend_id", "=", self.backend.id)]
        )

    def test_the_list_is_imported_once_per_store(self):
        self.backend.action_import_categories()
        self.run_jobs("import_categories")
        self.assertEqual(
            [c["query"] for c in self.calls("GET", "category")],
            [{"store_code": "au"}],
        )
        laptops = self.categories().filtered(lambda c: c.kogan_id == 101)
        self.assertEqual((laptops.title, laptops.code), ("Laptops", "kogan:101"))
        count = len(self.categories())
        self.assertEqual(count, 7)
        self.backend.nzd_pricelist_id = self.pricelist
        self.backend.import_categories()
        self.assertEqual(len(self.categories()), 2 * count)  # AU and NZ, no twin

    def test_a_product_takes_its_category_from_the_list(self):
        self.backend.import_categories()
        product = self.make_product("CAT-1")
        with Form(product.product_tmpl_id) as form:
            form.kogan_category_id = self.categories().filtered(
                lambda c: c.kogan_id == 103
            )
        self.assertEqual(product.kogan_category, "kogan:103")
        self.backend.export_batch("product.product")
        self.assertEqual(self.remote_products()["CAT-1"]["category"], "kogan:103")


class TestCategoryPages(KoganCase):
    def test_a_list_that_never_ends_is_stopped_with_a_clear_error(self):
        """Kogan's reply names one more fresh page forever: the read stops
        at a limit its count explains, with an error naming the store."""
        real_body = CategoryAdapter._body
        fresh = itertools.count()

        def endless(adapter, reply, kind, what):
            body = real_body(adapter, reply, kind, what)
            return dict(body, count=1, next=f"category/?cursor=fresh-{next(fresh)}")

        with (
            patch.object(CategoryAdapter, "_body", endless),
            self.backend.work_on("connector.kogan.category") as work,
        ):
            adapter = work.component(usage="backend.adapter")
            with self.assertRaisesRegex(BadDataError, "category list of au goes on"):
                adapter.get_categories("au")
        # the first page sets the limit: 2 x 1 page + 10
        self.assertEqual(len(self.calls("GET", "category")), 13)
