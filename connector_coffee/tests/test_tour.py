# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The user's path in a real browser (Chromium, through Odoo's tours).

With ``CONNECTOR_SCREENSHOTS=<folder>``, the pages seen at the end of each
tour are saved there as PNG (the README's screenshots come from here)."""

from odoo.tests import HttpCase, tagged

from odoo.addons.connector_base.tests.common import (
    run_queued_jobs,
    screenshot_at_end,
    warm_up_assets,
)
from odoo.addons.connector_base.tests.patience import TOUR, patience
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
                "password": "brew-s3cret",
            }
        )

    def _tour(self, url, tour, screenshot):
        with screenshot_at_end(screenshot):
            warm_up_assets(self)
            self.start_tour(url, tour, login="admin", timeout=patience(TOUR))

    def test_configure_test_import_and_browse(self):
        self._tour(
            "/odoo/action-connector_coffee.coffee_backend_action",
            "connector_coffee_backend_tour",
            "coffee_backend_form",
        )
        run_queued_jobs(self.env)
        self.assertEqual(
            self.env["coffee.product"].search_count(
                [("backend_id", "=", self.backend.id)]
            ),
            6,
        )
        self._tour(
            "/odoo/action-connector_coffee.coffee_product_action",
            "connector_coffee_beverages_tour",
            "coffee_beverages",
        )

    def test_status_brew_and_scheduled_import(self):
        self.backend.with_delay().import_batch("coffee.product")
        run_queued_jobs(self.env)
        before = self.env["queue.job"].search([])
        self._tour(
            "/odoo/action-connector_coffee.coffee_backend_action",
            "connector_coffee_machine_tour",
            "coffee_machine_cron",
        )
        jobs = self.env["queue.job"].search([("id", "not in", before.ids)])
        self.assertEqual(
            sorted(jobs.mapped("method_name")),
            ["export_record", "import_batch", "import_status"],
            "status import, brew order export, the scheduled imports",
        )
        imports = jobs.filtered(lambda j: j.method_name == "import_batch")
        self.assertEqual(imports.args, ["coffee.product"], "the scheduled import")
        run_queued_jobs(self.env)
        self.assertIn(self.backend.machine_state, ("ready", "brewing"))
        self.assertTrue(self.backend.status_date)
        brew = self.env["coffee.brew"].search([("backend_id", "=", self.backend.id)])
        self.assertEqual(brew.product_id.name, "Espresso")
        self.assertTrue(brew.external_id, "the brew order reached the machine")
        self.assertEqual(list(self.sim.brews), [brew.external_id])

    def test_read_and_retry_a_failed_import(self):
        job = Job(self.backend.import_batch, args=("coffee.product",))
        job.store()
        self.sim.add_fault(kind="malformed_json")
        try:
            self.backend.with_context(job_uuid=job.uuid).import_batch("coffee.product")
        except Exception:  # the job fails; the error record stays
            self.env["queue.job"].search([("uuid", "=", job.uuid)]).state = "failed"
        error = self.env["connector.error"].search([("job_uuid", "=", job.uuid)])
        self.assertEqual(error.kind, "bad_data")
        self._tour(
            "/odoo/action-connector_base.action_connector_error",
            "connector_coffee_error_retry_tour",
            "connector_error",
        )
        self.assertEqual(error.state, "retried")
        run_queued_jobs(self.env)
        self.assertEqual(error.state, "resolved")
        self.assertEqual(
            self.env["coffee.product"].search_count(
                [("backend_id", "=", self.backend.id)]
            ),
            6,
        )

    def test_settings(self):
        self._tour(
            "/odoo/action-connector_base.action_connector_settings",
            "connector_settings_tour",
            "connector_settings",
        )
