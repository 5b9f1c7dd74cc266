# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.connector_base.tests.common import ConnectorTransactionCase

from .simulator import API_KEY, Simulator


class ConnectorCase(ConnectorTransactionCase):
    """A test backend talking to a fresh simulator."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend = cls.env["test.connector.backend"].create(
            {"name": "Simulator", "api_key": API_KEY, "http_max_retries": 0}
        )

    def setUp(self):
        super().setUp()
        self.sim = Simulator().start()
        self.addCleanup(self.sim.stop)
        self.backend.base_url = self.sim.url

    def bindings(self, model="res.partner"):
        return self.env["connector.binding"].search(
            [
                ("backend_model", "=", self.backend._name),
                ("backend_id", "=", self.backend.id),
                ("res_model", "=", model),
            ]
        )

    def import_partners(self, force=False):
        return self.backend.import_batch("res.partner", force=force)

    def partner_of(self, external_id):
        binding = self.bindings().filtered(lambda b: b.external_id == external_id)
        return self.env["res.partner"].browse(binding.res_id)
