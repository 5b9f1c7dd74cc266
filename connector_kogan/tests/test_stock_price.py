# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.addons.connector_kogan.components import common as kogan_api

from .common import KoganCase


class TestStockPrice(KoganCase):
    def setUp(self):
        super().setUp()
        self.product = self.make_product("ST-1", price=50.0)
        self.other = self.make_product("ST-2", price=60.0)
        self.backend.export_batch("product.product")
        self.env["connector.kogan.push"].search([]).unlink()
        self.jobs().unlink()
        self.sim.clear_calls()

    def test_many_stock_moves_make_one_push(self):
        for quantity in range(1, 21):
            self.set_stock(self.product, quantity)
        self.set_stock(self.other, 3)
        self.assertEqual(len(self.jobs("push_stock_price")), 1)
        self.run_jobs("push_stock_price")
        pushes = self.calls("POST", "products/stockprice")
        self.assertEqual(len(pushes), 1)
        self.assertEqual(pushes[0]["items"], 2)
        remote = self.remote_products()
        self.assertEqual(remote["ST-1"]["stock"], 20)
        self.assertEqual(remote["ST-2"]["stock"], 3)
        self.assertFalse(self.env["connector.kogan.push"].search([]))

    def test_calls_are_all_sent_before_waiting_for_kogan(self):
        """Kogan works on the tasks of a push's calls meanwhile: a push of
        10,000 products waits about once, not once per call of 500."""
        self.set_stock(self.product, 7)
        self.set_stock(self.other, 8)
        with patch.object(kogan_api, "MAX_BATCH", 1):
            self.run_jobs("push_stock_price")
        calls = [(c["method"], c["path"].split("/")[0]) for c in self.sim.calls]
        # the orders awaiting shipment first (units Kogan sold, not in Odoo yet)
        self.assertEqual(
            calls[:4],
            [("GET", "orders")] + [("POST", "products")] * 2 + [("GET", "task")],
        )
        remote = self.remote_products()
        self.assertEqual((remote["ST-1"]["stock"], remote["ST-2"]["stock"]), (7, 8))

    def test_price_change_is_pushed(self):
        self.product.product_tmpl_id.list_price = 55.5
        self.run_jobs("push_stock_price")
        self.assertEqual(
            self.remote_products()["ST-1"]["offer_data"]["AUD"]["price"],
            self.aud(self.product),
        )
        self.assertNotEqual(self.aud(self.product), self.aud(self.other))

    def test_pricelist_rule_pushes_the_backend_prices(self):
        self.env["product.pricelist.item"].create(
            {
                "pricelist_id": self.pricelist.id,
                "applied_on": "0_product_variant",
                "product_id": self.other.id,
                "compute_price": "fixed",
                "fixed_price": 42.0,
            }
        )
        self.run_jobs("push_stock_price")
        remote = self.remote_products()
        self.assertEqual(remote["ST-2"]["offer_data"]["AUD"]["price"], "42.00")
        self.assertEqual(
            remote["ST-1"]["offer_data"]["AUD"]["price"], self.aud(self.product)
        )

    def test_unlisted_products_are_not_pushed(self):
        lonely = self.env["product.product"].create(
            {"name": "Not on Kogan", "default_code": "NOPE", "is_storable": True}
        )
        self.set_stock(lonely, 4)
        self.assertFalse(self.jobs("push_stock_price"))

    def test_refused_push_is_an_error_on_the_product(self):
        self.sim.remove_listing("ST-2")  # the listing vanished on Kogan's side
        self.set_stock(self.product, 2)
        self.set_stock(self.other, 2)
        self.run_jobs("push_stock_price")
        self.assertEqual(self.remote_products()["ST-1"]["stock"], 2)
        error = self.connector_errors(self.backend, external_id="ST-2")
        self.assertEqual(error.record_ref, f"product.product,{self.other.id}")
        self.assertIn("does not exist", error.message)

    def test_retry_of_a_refused_push_sends_it_again(self):
        self.sim.remove_listing("ST-2")  # the listing vanished on Kogan's side
        self.set_stock(self.other, 2)
        self.run_jobs("push_stock_price")
        error = self.connector_errors(self.backend, external_id="ST-2")
        self.assertTrue(error.job_id)
        # retried before the fix: refused again, the same error open again
        error.action_retry()
        self.run_jobs("push_stock_price")
        self.assertEqual((error.state, error.attempts), ("open", 2))
        open_errors = self.connector_errors(self.backend, external_id="ST-2")
        self.assertEqual(open_errors, error)
        self.sim.seed_products([self.sim.make_listing("ST-2", stock=0)])  # fixed
        error.action_retry()
        self.run_jobs("push_stock_price")
        self.assertEqual(self.remote_products()["ST-2"]["stock"], 2)
        self.assertEqual(error.state, "resolved")

    def test_stock_without_warehouse_is_the_backend_company_s(self):
        other = self.env["res.company"].create({"name": "Other Company"})
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", other.id)])
        self.env["stock.quant"].with_company(other).with_context(
            inventory_mode=True
        ).create(
            {
                "product_id": self.product.id,
                "location_id": warehouse.lot_stock_id.id,
                "inventory_quantity": 30,
            }
        ).action_apply_inventory()
        self.set_stock(self.product, 4)
        self.backend.warehouse_id = False
        self.env["connector.kogan.push"]._mark(self.backend, self.product)
        # the job's user sees both companies: only the backend's counts
        companies = (self.env.company | other).ids
        self.backend.with_context(allowed_company_ids=companies).push_stock_price()
        self.assertEqual(self.remote_products()["ST-1"]["stock"], 4)
