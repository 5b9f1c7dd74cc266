# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The stock push as production runs it: committed transactions (the
registry is not in test mode), the quants' changes gathered until the
commit, the push job queued once the commit is done."""

from contextlib import contextmanager

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests.common import BaseCase, get_db_name

from odoo.addons.queue_job.job import Job

from .common import TASK_WAIT, backend_values, kogan_simulator


class TestStockPushOnCommit(BaseCase):
    """Each step in its own committed transaction; the data is cleaned up."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        self.sim = self.enterContext(kogan_simulator("commit"))
        self.addCleanup(self._cleanup)
        with self.committed() as env:
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", env.company.id)], limit=1
            )
            backend = env["connector.kogan.backend"].create(
                backend_values(
                    self.sim,
                    "Kogan commit",
                    async_timeout=TASK_WAIT,
                    warehouse_id=warehouse.id,
                    default_brand="Acme",
                    default_category="kogan:101",
                )
            )
            products = env["product.product"].create(
                [
                    {
                        "name": f"Commit {sku}",
                        "default_code": sku,
                        "is_storable": True,
                        "kogan_listed": listed,
                    }
                    for sku, listed in (("COMMIT-1", True), ("COMMIT-2", False))
                ]
            )
            self.backend_id, self.product_ids = backend.id, products.ids
            self.location_id = warehouse.lot_stock_id.id
        with self.committed() as env:
            self.backend(env).with_context(connector_inline=True).export_batch(
                "product.product", domain=[("id", "in", self.product_ids)]
            )
        self.assertEqual(self.kogan_stock(), 0)
        self.forget_jobs()

    @contextmanager
    def committed(self):
        """An environment of a transaction committed at the end of the block."""
        with self.registry.cursor() as cr:
            yield api.Environment(cr, SUPERUSER_ID, {})

    def backend(self, env):
        return env["connector.kogan.backend"].browse(self.backend_id)

    def kogan_stock(self):
        listings = {p["product_sku"]: p for p in self.sim.state()["products"]}
        self.assertNotIn("COMMIT-2", listings)
        return listings["COMMIT-1"]["stock"]

    def push_jobs(self, env):
        jobs = env["queue.job"].search(
            [
                ("model_name", "=", "connector.kogan.backend"),
                ("method_name", "=", "push_stock_price"),
                ("state", "=", "pending"),
            ]
        )
        return jobs.filtered(lambda job: job.records.ids == [self.backend_id])

    def queued(self):
        """The products marked for a push, and the pending push jobs, as
        another transaction sees them."""
        with self.committed() as env:
            marked = env["connector.kogan.push"].search(
                [("backend_id", "=", self.backend_id)]
            )
            return marked.product_id.ids, len(self.push_jobs(env))

    def forget_jobs(self):
        with self.committed() as env:
            self.push_jobs(env).unlink()
            env["connector.kogan.push"].search(
                [("backend_id", "=", self.backend_id)]
            ).unlink()

    def _cleanup(self):
        with self.committed() as env:
            backend = self.backend(env).exists()
            if backend:
                backend._connector_jobs().unlink()
                backend.unlink()  # its bindings, errors and pushes with it
            env["stock.quant"].search([("product_id", "in", self.product_ids)]).unlink()
            products = env["product.product"].browse(self.product_ids).exists()
            templates = products.product_tmpl_id
            products.unlink()
            templates.unlink()

    def test_quant_changes_are_pushed_once_committed(self):
        with self.committed() as env:
            quants = env["stock.quant"]
            listed, unlisted = env["product.product"].browse(self.product_ids)
            location = env["stock.location"].browse(self.location_id)
            # what a receipt, then a reservation by any sale order, do
            quants._update_available_quantity(listed, location, 10)
            quants._update_available_quantity(unlisted, location, 10)
            quants._update_reserved_quantity(listed, location, 4)
            quants._update_reserved_quantity(unlisted, location, 4)
            self.assertEqual(self.queued(), ([], 0), "nothing before the commit")
        self.assertEqual(self.queued(), ([self.product_ids[0]], 1))
        with self.committed() as env:
            Job.load(env, self.push_jobs(env).uuid).perform()
        self.assertEqual(self.kogan_stock(), 6)

    def test_a_rolled_back_change_queues_nothing(self):
        with self.committed() as env:
            listed = env["product.product"].browse(self.product_ids[0])
            location = env["stock.location"].browse(self.location_id)
            env["stock.quant"]._update_available_quantity(listed, location, 10)
            env.cr.rollback()
        self.assertEqual(self.queued(), ([], 0))
