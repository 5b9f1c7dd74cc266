# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Sync health in a real browser: Connector → Sync health, a backend's card,
its volume graph, then the backend (Chromium, through Odoo's tours)."""

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.connector_base.tests.common import (
    screenshot_at_end,
    warm_up_assets,
)
from odoo.addons.connector_base.tests.patience import TOUR, patience


@tagged("post_install", "-at_install")
class TestSyncHealthTour(HttpCase):
    def setUp(self):
        super().setUp()
        self.backend = self.env["coffee.backend"].create(
            {"name": "Health machine", "version": "2900"}
        )
        state = self.env["connector.sync.state"]._for(
            self.backend, "coffee.product", "import"
        )
        state._start_run()
        state._count(created=6, updated=3, skipped=1)
        state._succeeded(state.last_start, 300)
        for external_id in ("1", "2"):
            self.env["connector.error"].create(
                {
                    "backend_model": self.backend._name,
                    "backend_id": self.backend.id,
                    "model_name": "coffee.product",
                    "external_id": external_id,
                    "step": "Import a record",
                    "kind": "bad_data",
                    "message": "No price",
                }
            )

    def test_from_the_menu_to_the_card_its_volume_and_its_backend(self):
        run = self.env["connector.sync.run"].search(
            [
                ("backend_model", "=", "coffee.backend"),
                ("backend_id", "=", self.backend.id),
            ]
        )
        self.assertEqual(run.synced_count, 9, "the run the card shows")
        self.assertLessEqual(run.run_start, fields.Datetime.now())
        with screenshot_at_end("connector_sync_health"):
            warm_up_assets(self)
            self.start_tour(
                "/odoo", "connector_health_tour", login="admin", timeout=patience(TOUR)
            )
