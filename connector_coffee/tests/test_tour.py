# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The user's path in a real browser (Chromium, through Odoo's tours)."""

from odoo.tests import HttpCase, tagged

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

from .common import CoffeeMachineSimulator


@tagged("post_install", "-at_install")
class TestCoffeeTour(HttpCase):
    def setUp(self):
        super().setUp()
        self.sim = CoffeeMachineSimulator(version="2900").start()
        self.addCleanup(self.sim.stop)
        self.backend = self.env["coffee.backend"].create(
            {
                "name": "Tour machine",
                "version": "2900",
                "location": self.sim.url,
                "username": "barista",
                "password": "espresso",
            }
        )

    def _run_queued_jobs(self):
        """What the jobrunner does, in the test's transaction."""
        for __ in range(10):
            jobs = self.env["queue.job"].search([("state", "=", "pending")])
            if not jobs:
                return
            for job in jobs:
                try:
                    Job.load(self.env, job.uuid).perform()
                except RetryableJobError:
                    continue  # e.g. waits for other jobs: run it next round
                job.state = "done"

    def test_configure_test_import_and_browse(self):
        self.start_tour(
            "/odoo/action-connector_coffee.coffee_backend_action",
            "connector_coffee_backend_tour",
            login="admin",
        )
        self._run_queued_jobs()
        self.assertEqual(
            self.env["coffee.product"].search_count(
                [("backend_id", "=", self.backend.id)]
            ),
            6,
        )
        self.start_tour(
            "/odoo/action-connector_coffee.coffee_product_action",
            "connector_coffee_beverages_tour",
            login="admin",
        )
