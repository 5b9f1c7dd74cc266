# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.connector_base.tests.common import ConnectorTransactionCase

from .simulator import CoffeeMachineSimulator


class CoffeeCase(ConnectorTransactionCase):
    """A backend per machine version, each talking to its own simulator."""

    version = "2900"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("base.lang_fr").active = True
        cls.backend = cls.env["coffee.backend"].create(
            {
                "name": f"Machine {cls.version}",
                "version": cls.version,
                "username": "barista",
                "password": "brew-s3cret",
                "http_max_retries": 0,
            }
        )

    def setUp(self):
        super().setUp()
        self.sim = CoffeeMachineSimulator(version=self.version).start()
        self.addCleanup(self.sim.stop)
        self.backend.location = self.sim.url

    def import_menu(self):
        return self.backend.import_batch("coffee.product")

    def beverages(self):
        return self.env["coffee.product"].search([("backend_id", "=", self.backend.id)])
