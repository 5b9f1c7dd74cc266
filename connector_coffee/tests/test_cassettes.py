# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Recorded exchanges with each machine version, replayed without a machine.

Re-record against the simulator with ``VCR_RECORD_MODE=all`` (credentials are
filtered out of the cassettes)."""

import os
from pathlib import Path

import vcr

from odoo.addons.connector_base.tests.common import ConnectorTransactionCase

from .common import CoffeeMachineSimulator

RECORD_MODE = os.environ.get("VCR_RECORD_MODE", "none")
recorder = vcr.VCR(
    cassette_library_dir=str(Path(__file__).parent / "fixtures" / "cassettes"),
    record_mode=RECORD_MODE,
    match_on=["method", "path", "query"],  # not the port of the recording
    filter_headers=["authorization", "x-coffee-token"],
)


class RecordedCases:
    version = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend = cls.env["coffee.backend"].create(
            {
                "name": "Recorded",
                "version": cls.version,
                "username": "barista",
                "password": "brew-s3cret",
                "location": "http://127.0.0.1:9",  # replayed: nothing listens there
                "http_max_retries": 0,
            }
        )

    def setUp(self):
        super().setUp()
        if RECORD_MODE != "none":
            sim = CoffeeMachineSimulator(version=self.version).start()
            self.addCleanup(sim.stop)
            self.backend.location = sim.url

    def test_menu_and_status(self):
        with recorder.use_cassette(f"machine_{self.version}.yaml") as cassette:
            self.backend.import_batch("coffee.product")
            self.backend.import_status()
        self.assertTrue(cassette.all_played or RECORD_MODE != "none")
        beverages = self.env["coffee.product"].search(
            [("backend_id", "=", self.backend.id)]
        )
        self.assertEqual(len(beverages), 6)
        self.assertEqual(self.backend.water_level, 100)
        self.assertIn("Espresso", beverages.mapped("name"))


class TestRecorded1900(RecordedCases, ConnectorTransactionCase):
    version = "1900"


class TestRecorded2900(RecordedCases, ConnectorTransactionCase):
    version = "2900"
