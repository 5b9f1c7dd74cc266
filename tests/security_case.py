"""The test case the security suites attack a coffee machine from."""

from odoo.addons.connector_base.models.backend_http_mixin import INSECURE_HTTP_PARAM
from odoo.addons.connector_base.tests.common import ConnectorTransactionCase
from odoo.addons.connector_coffee.tests.simulator import CoffeeMachineSimulator

from .security_suite import SECRET, coffee_values


class CoffeeSecurityCase(ConnectorTransactionCase):
    """A coffee machine on its simulator, in one transaction per test."""

    def setUp(self):
        super().setUp()
        self.sim = CoffeeMachineSimulator(version="1900", password=SECRET).start()
        self.addCleanup(self.sim.stop)
        self.backend = self.env["coffee.backend"].create(
            coffee_values(self.sim, "Security 1900")
        )

    def local_http(self, allowed):
        """The administrator's switch for plain http and local addresses
        (on in demo databases, whose backends use the simulators)."""
        self.env["ir.config_parameter"].set_param(INSECURE_HTTP_PARAM, str(allowed))

    def assertNoSecret(self, *texts):
        for text in texts:
            self.assertNotIn(SECRET.strip(), str(text))
