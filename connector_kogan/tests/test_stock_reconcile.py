# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The stock reconciliation reads Kogan's stock of every listing and sends
again only the listings whose stock is not what Odoo says it should be."""

from unittest.mock import patch

from odoo.exceptions import AccessError

from odoo.addons.connector_kogan.components import product as kogan_product
from odoo.addons.queue_job.job import Job

from .common import KoganCase


class TestStockReconcile(KoganCase):
    def setUp(self):
        super().setUp()
        self.products = {}
        for sku, quantity in (("REC-1", 5), ("REC-2", 6), ("REC-3", 7)):
            self.products[sku] = self.make_product(sku, price=30.0)
            self.set_stock(self.products[sku], quantity)
        self.backend.export_batch("product.product")
        self.forget_pushes()

    def forget_pushes(self):
        self.env["connector.kogan.push"].search([]).unlink()
        self.jobs().unlink()
        self.sim.clear_calls()

    def kogan_side(self, sku, stock=None, price=None):
        """Kogan's listing of ``sku`` changed on Kogan's side, its other
        fields kept."""
        listing = self.remote_products()[sku]
        if stock is not None:
            listing["stock"] = stock
        if price is not None:
            listing["offer_data"]["AUD"]["price"] = price
        self.sim.seed_products([listing])

    def reconcile(self):
        """Press the button, run its job: the job's result."""
        action = self.backend.action_reconcile_stock()
        self.assertEqual(action["tag"], "display_notification")
        job = self.jobs("reconcile_stock")
        self.assertEqual(len(job), 1)
        result = Job.load(self.env, job.uuid).perform()
        job.state = "done"
        return result

    def listing_reads(self):
        """The calls reading Kogan's whole listing (not some SKUs)."""
        return [c for c in self.calls("GET", "products") if "sku" not in c["query"]]

    def pushed(self):
        return [call["items"] for call in self.calls("POST", "products/stockprice")]

    def test_fixes_exactly_the_differing_listings(self):
        self.kogan_side("REC-1", stock=50)  # changed on Kogan
        self.set_stock(self.products["REC-2"], 9)  # a push that got lost
        self.forget_pushes()
        # same stock, another price: sent again, it would get Odoo's price
        self.kogan_side("REC-3", price="1.00")
        result = self.reconcile()
        self.assertEqual(self.pushed(), [2])
        remote = self.remote_products()
        self.assertEqual(
            {sku: remote[sku]["stock"] for sku in remote},
            {"REC-1": 5, "REC-2": 9, "REC-3": 7},
        )
        self.assertEqual(remote["REC-3"]["offer_data"]["AUD"]["price"], "1.00")
        self.assertEqual(self.backend.stock_reconciled_count, 2)
        self.assertTrue(self.backend.stock_reconciled_at)
        self.assertIn("3 Kogan listings", result)
        self.assertIn("2 differed, 2 fixed (REC-1, REC-2)", result)

    def test_nothing_differs_nothing_is_sent(self):
        self.backend.stock_reconciled_count = 4  # an earlier run's
        self.reconcile()
        self.assertEqual(self.pushed(), [])
        self.assertEqual(len(self.listing_reads()), 1)
        self.assertEqual(self.backend.stock_reconciled_count, 0)
        self.assertTrue(self.backend.stock_reconciled_at)

    def test_a_listing_sent_twice_is_compared_and_sent_once(self):
        self.kogan_side("REC-1", stock=0)
        self.sim.add_fault("GET products", "duplicate_records")
        result = self.reconcile()
        self.assertIn("Stock of 3 Kogan listings", result)
        self.assertEqual(self.pushed(), [1])
        self.assertEqual(self.remote_products()["REC-1"]["stock"], 5)

    def test_every_page_is_read(self):
        self.kogan_side("REC-3", stock=0)  # on the last page
        with patch.object(kogan_product.ProductAdapter, "_page_size", 2):
            self.reconcile()
        self.assertEqual(len(self.listing_reads()), 2)
        self.assertEqual(self.pushed(), [1])
        self.assertEqual(self.remote_products()["REC-3"]["stock"], 7)

    def test_a_page_leaves_nothing_in_the_cache(self):
        """Each page is compared with the cache empty of the pages before:
        the job's memory follows a page, not the catalogue."""
        with self.backend.work_on("product.product") as work:
            reconciler = type(work.component(usage="stock.reconciler"))
        compare, cached = reconciler._compare, []

        def counting(reconciler, page, differing):
            bindings = self.env["connector.binding"]
            res_id = bindings._fields["res_id"]
            cached.append(len(self.env.cache.get_records(bindings, res_id)))
            return compare(reconciler, page, differing)

        self.env.invalidate_all()
        with (
            patch.object(kogan_product.ProductAdapter, "_page_size", 1),
            patch.object(reconciler, "_compare", counting),
        ):
            self.reconcile()
        self.assertEqual(cached, [0, 0, 0])

    def test_buffer_and_maximum_are_what_kogan_should_show(self):
        self.backend.write({"stock_buffer": 1, "stock_max": 6})
        self.forget_pushes()
        self.reconcile()  # 5 -> 4, 6 -> 5, 7 -> 6 (capped)
        self.assertEqual(self.pushed(), [3])
        remote = self.remote_products()
        self.assertEqual([remote[f"REC-{i}"]["stock"] for i in (1, 2, 3)], [4, 5, 6])
        self.assertEqual(self.backend.stock_reconciled_count, 3)

    def test_stock_that_is_not_a_count_differs(self):
        """Kogan's data is untrusted: a stock that is not a count (here
        changed behind the API's back) is sent again, never taken."""
        with self.sim._lock:
            self.sim._records[self.sim._index["REC-1"]]["stock"] = "5"
        self.reconcile()
        self.assertEqual(self.pushed(), [1])
        self.assertEqual(self.remote_products()["REC-1"]["stock"], 5)

    def test_listings_not_bound_are_left_alone(self):
        self.sim.seed_products([self.sim.make_listing("STRANGER", stock=3)])
        self.reconcile()
        self.assertEqual(self.pushed(), [])
        self.assertEqual(self.remote_products()["STRANGER"]["stock"], 3)

    def test_cron_queues_one_reconciliation_per_active_backend(self):
        archived = self.backend.copy({"name": "Kogan archived", "active": False})
        cron = self.env.ref("connector_kogan.ir_cron_kogan_reconcile_stock")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        cron.method_direct_trigger()
        self.assertEqual(len(self.jobs("reconcile_stock")), 1)
        archived_jobs = (
            self.env["queue.job"]
            .search(
                [
                    ("model_name", "=", archived._name),
                    ("method_name", "=", "reconcile_stock"),
                ]
            )
            .filtered(lambda job: job.records == archived)
        )
        self.assertFalse(archived_jobs)
        self.kogan_side("REC-2", stock=1)
        self.run_jobs("reconcile_stock")
        self.assertEqual(self.remote_products()["REC-2"]["stock"], 6)
        self.assertEqual(self.backend.stock_reconciled_count, 1)

    def test_only_who_may_see_the_backend_reconciles(self):
        user = self.env["res.users"].create(
            {
                "name": "Clerk",
                "login": "clerk-reconcile",
                "groups_id": [(6, 0, [self.env.ref("base.group_user").id])],
            }
        )
        with self.assertRaises(AccessError):
            self.backend.with_user(user).reconcile_stock()
        with self.assertRaises(AccessError):
            self.backend.with_user(user).action_reconcile_stock()
        self.assertFalse(self.calls("GET", "products"))
