# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests.common import TransactionCase

from .simulator import API_KEY, Simulator


class ConnectorCase(TransactionCase):
    """A test backend talking to a fresh simulator. The registry runs in test
    mode so that error records (written through a cursor of their own in
    production) stay inside the test's transaction."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)
        cls.env = cls.env(context=dict(cls.env.context, connector_inline=True))
        cls.backend = cls.env["test.connector.backend"].create(
            {"name": "Simulator", "api_key": API_KEY, "http_max_retries": 0}
        )

    def setUp(self):
        super().setUp()
        self.sim = Simulator().start()
        self.addCleanup(self.sim.stop)
        self.backend.base_url = self.sim.url

    def failure(self, func, *args, **kwargs):
        """The error ``func`` raises. Unlike Odoo's assertRaises, no savepoint
        is rolled back, so the error records it stored remain to be checked."""
        try:
            func(*args, **kwargs)
        except Exception as error:
            return error
        self.fail(f"{func} raised nothing")

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
