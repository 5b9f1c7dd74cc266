# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.connector_base.tests.simulator_case import SimulatorCase

from .simulator import API_KEY, Simulator


class ConnectorCase(SimulatorCase):
    """A test backend talking to a fresh simulator."""

    simulator_class = Simulator
    backend_model = "test.connector.backend"
    backend_values = {"name": "Simulator", "api_key": API_KEY}

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
