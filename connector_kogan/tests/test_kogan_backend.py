# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form
from odoo.tests.common import TransactionCase, new_test_user


class TestKoganBackend(TransactionCase):
    def test_create_backend_follows_environment(self):
        with Form(self.env["connector.kogan.backend"]) as form:
            form.name = "Kogan AU"
            form.environment = "production"
        backend = form.save()
        self.assertEqual(
            backend.base_url, "https://nimda.kogan.com/api/marketplace/v2/"
        )

    def test_credentials_are_for_managers_only(self):
        backend = self.env.ref("connector_kogan.kogan_backend_demo")
        user = new_test_user(
            self.env, login="kogan-user", groups="connector_base.group_connector_user"
        )
        with self.assertRaises(AccessError):
            backend.with_user(user).read(["seller_token"])

    def test_async_wait_must_be_positive(self):
        backend = self.env.ref("connector_kogan.kogan_backend_demo")
        for value in (0, -5):
            with self.assertRaisesRegex(ValidationError, "between 1 and 3600"):
                backend.async_timeout = value

    def test_store_fiscal_positions_default_to_the_installed_ones(self):
        """A new backend takes the fiscal positions this addon installed (the
        demo data's) when they are its company's, none otherwise."""
        backends = self.env["connector.kogan.backend"]
        backend = backends.create({"name": "Kogan AU"})
        self.assertEqual(
            (backend.fiscal_position_id, backend.nzd_fiscal_position_id),
            (
                self.env.ref("connector_kogan.fiscal_position_kogan_au"),
                self.env.ref("connector_kogan.fiscal_position_kogan_nz"),
            ),
        )
        other = self.env["res.company"].create({"name": "Elsewhere"})
        elsewhere = backends.with_company(other).create({"name": "Kogan NZ"})
        self.assertEqual(elsewhere.company_id, other)
        self.assertFalse(elsewhere.fiscal_position_id)
        self.assertFalse(elsewhere.nzd_fiscal_position_id)
