# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Kogan seller's path in a real browser (Chromium, Odoo's tours).

Between the tours, the test runs the queued jobs as the jobrunner would. With
``CONNECTOR_SCREENSHOTS=<folder>``, the page seen at the end of each tour is
saved there as PNG (the README's screenshots come from here)."""

import json

from odoo.tests import tagged

from odoo.addons.connector_base.tests.common import run_queued_jobs

from .tour_common import BACKENDS, ERRORS, KoganTourCase

NEW_PRODUCT = "/odoo/action-sale.product_template_action/new"


@tagged("post_install", "-at_install")
class TestKoganTour(KoganTourCase):
    def setUp(self):
        super().setUp()
        products = self.sim.make_products(3)
        self.sim.seed_products(products)
        self.sim.seed_orders(
            [
                self.sim.make_order(
                    items=((p["product_sku"], 1, p["offer_data"]["AUD"]["price"]),)
                )
                for p in products[:2]
            ]
            # a product sold on Kogan that Odoo does not know yet
            + [self.sim.make_order(items=(("KOGAN-NEW-1", 1, "12.95"),))]
        )

    def _tour(self, url, tour, screenshot=None):
        """Run a tour that knows the simulator's URL."""
        options = {"stepDelay": 0, "keepWatchBrowser": False, "startUrl": url}
        code = (
            f"localStorage.setItem('connector_kogan_tour_api', "
            f"{json.dumps(self.sim.base_url)}); "
            f"odoo.startTour({json.dumps(tour)}, {json.dumps(options)})"
        )
        return super()._tour(url, tour, screenshot, code=code)

    def _open_errors(self, backend):
        return self.env["connector.error"].search(
            [
                ("backend_model", "=", backend._name),
                ("backend_id", "=", backend.id),
                ("state", "=", "open"),
            ]
        )

    def test_seller_path(self):
        """Create and configure an account, test it, import, browse the
        records, read an error, fix the data, retry, run the cron."""
        self._tour(BACKENDS, "connector_kogan_backend_tour", "kogan_backend_form")
        backend = self.env["connector.kogan.backend"].search(
            [("name", "=", "Kogan tour")]
        )
        self.assertEqual(backend.base_url, self.sim.base_url)
        self.assertEqual(backend.pricelist_id.name, "Tour AUD")
        self.assertEqual(backend.default_category, "kogan:42")
        self.assertTrue(backend.cron_id.active, "the scheduled order import is on")
        run_queued_jobs(self.env)
        self.assertEqual(backend.product_count, 3)
        self.assertEqual(backend.order_count, 2)
        error = self._open_errors(backend)
        self.assertEqual(error.external_id, self.sim.state()["orders"][-1]["ID"])

        self._tour(BACKENDS, "connector_kogan_records_tour", "kogan_backend_synced")
        self._tour(BACKENDS, "connector_kogan_error_tour", "kogan_error")

        # the fix: the product is created with that SKU and ticked Sell on Kogan
        self._tour(NEW_PRODUCT, "connector_kogan_list_product_tour", "kogan_product")
        product = self.env["product.product"].search(
            [("default_code", "=", "KOGAN-NEW-1")]
        )
        self.assertTrue(product.kogan_listed)
        self.assertEqual(product.list_price, 12.95)
        run_queued_jobs(self.env)  # the listing goes to Kogan
        self.assertIn(
            "KOGAN-NEW-1", {p["product_sku"] for p in self.sim.state()["products"]}
        )
        self.assertEqual(backend.product_count, 4)

        self._tour(ERRORS, "connector_kogan_retry_tour")
        self.assertEqual(error.state, "retried")
        run_queued_jobs(self.env)
        self.assertEqual(error.state, "resolved")
        self.assertEqual(backend.order_count, 3)
        order = self.env["sale.order"].search(
            [("client_order_ref", "=", error.external_id)]
        )
        self.assertEqual(order.order_line.product_id, product)

        # a new order on Kogan; the scheduled action, run from the form, gets it
        self.sim.seed_orders([self.sim.make_order(items=(("SKU-00003", 2, "13.95"),))])
        before = self.env["queue.job"].search([])
        self._tour(BACKENDS, "connector_kogan_cron_tour", "kogan_cron")
        jobs = self.env["queue.job"].search(
            [("id", "not in", before.ids), ("method_name", "=", "import_batch")]
        )
        self.assertEqual(len(jobs), 1, "the cron queued the order import")
        self.assertEqual(jobs.records, backend)
        self.assertEqual(jobs.args, ["sale.order"])
        run_queued_jobs(self.env)
        self.assertEqual(backend.order_count, 4)
        self.assertFalse(self._open_errors(backend))

        # the products sent again, then their stock and prices
        before = self.env["queue.job"].search([])
        self.sim.clear_calls()
        self._tour(BACKENDS, "connector_kogan_send_tour")
        jobs = self.env["queue.job"].search([("id", "not in", before.ids)])
        self.assertEqual(
            sorted(jobs.mapped("method_name")), ["export_batch", "push_stock_price"]
        )
        run_queued_jobs(self.env)
        writes = [c for c in self.sim.calls if c["method"] in ("POST", "PATCH")]
        self.assertEqual(
            [(c["path"], c["items"]) for c in writes],
            [("products/stockprice/", 4)],
            "nothing changed to export; one push of the four listed products",
        )
