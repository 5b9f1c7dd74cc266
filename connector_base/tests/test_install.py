# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests.common import TransactionCase


class TestInstall(TransactionCase):
    def test_suite_installed(self):
        modules = self.env["ir.module.module"].search(
            [
                (
                    "name",
                    "in",
                    [
                        "connector",
                        "queue_job",
                        "component",
                        "component_event",
                        "connector_base",
                        "connector_coffee",
                        "connector_kogan",
                    ],
                )
            ]
        )
        self.assertEqual(len(modules), 7)
        self.assertEqual(set(modules.mapped("state")), {"installed"})

    def test_manager_is_connector_user(self):
        manager = self.env.ref("connector.group_connector_manager")
        user_group = self.env.ref("connector_base.group_connector_user")
        self.assertIn(user_group, manager.implied_ids)
        menu = self.env.ref("connector.menu_connector_root")
        self.assertEqual(menu.name, "Connector")
        self.assertEqual(menu.groups_id, user_group)
