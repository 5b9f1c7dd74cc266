# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests.common import TransactionCase, new_test_user


class TestCoffeeBackend(TransactionCase):
    def test_create_backend(self):
        backend = self.env["coffee.backend"].create(
            {"name": "Kitchen", "location": "http://127.0.0.1:1", "version": "2900"}
        )
        self.assertEqual(backend.version, "2900")
        self.assertIn(("1900", "1900"), backend._select_versions())

    def test_password_is_for_managers_only(self):
        backend = self.env.ref("connector_coffee.coffee_backend_demo")
        user = new_test_user(
            self.env, login="coffee-user", groups="connector_base.group_connector_user"
        )
        self.assertEqual(backend.with_user(user).name, backend.name)
        with self.assertRaises(AccessError):
            backend.with_user(user).read(["password"])

    def test_rows_take_the_machine_company(self):
        company = self.env["res.company"].create({"name": "Coffee Company"})
        backend = self.env["coffee.backend"].create(
            {
                "name": "Office",
                "location": "http://127.0.0.1:1",
                "company_id": company.id,
            }
        )
        state = self.env["connector.sync.state"]._for(
            backend, "coffee.product", "import"
        )
        self.assertEqual(state.company_id, company)
        # a row stored before rows had a company: the update gives it one
        self.env.cr.execute(
            "UPDATE connector_sync_state SET company_id = NULL WHERE id = %s",
            (state.id,),
        )
        state.invalidate_recordset()
        self.env["connector.sync.state"]._fill_backend_companies()
        self.assertEqual(state.company_id, company)
