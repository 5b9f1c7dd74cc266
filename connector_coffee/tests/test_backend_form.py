# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The parts of a backend form that connector_base adds to the connector's
own view (which holds only the coffee machine's fields)."""

from lxml import etree

from odoo.tests.common import TransactionCase


class TestBackendForm(TransactionCase):
    def form(self, model):
        views = self.env[model].get_views([(False, "form")])
        return etree.fromstring(views["views"]["form"]["arch"])

    def test_the_framework_s_parts_are_added_once(self):
        form = self.form("coffee.backend")
        header = [b.get("name") for b in form.find("header").iter("button")]
        # the connector's own header stays; only Test connection is added
        self.assertEqual(header[0], "action_test_connection")
        self.assertIn("action_import_menu", header)
        self.assertNotIn("action_import_all", header)
        box = form.xpath("//div[@name='button_box']/button/@name")
        self.assertEqual(
            box, ["action_open_products", "action_open_reviews", "action_open_errors"]
        )
        page = form.xpath("//page[@name='sync']")
        self.assertEqual(len(page), 1)
        fields = page[0].xpath(".//field/@name")
        for name in (
            "conflict_policy",
            "http_timeout",
            "cron_active",
            "sync_state_ids",
        ):
            self.assertIn(name, fields)
        self.assertEqual(len(form.xpath("//field[@name='sync_state_ids']")), 1)
        self.assertEqual(len(form.xpath("//button[@name='action_test_connection']")), 1)

    def test_a_view_without_parts_gets_them_all(self):
        view = self.env["ir.ui.view"].create(
            {
                "name": "bare coffee backend",
                "model": "coffee.backend",
                "type": "form",
                "arch": "<form><sheet><field name='name'/></sheet></form>",
            }
        )
        views = self.env["coffee.backend"].get_views([(view.id, "form")])
        form = etree.fromstring(views["views"]["form"]["arch"])
        self.assertEqual(
            form.xpath("//header/button/@name"),
            ["action_test_connection", "action_import_all", "action_export_all"],
        )
        self.assertEqual(
            form.xpath("//div[@name='button_box']/button/@name"),
            ["action_open_bindings", "action_open_reviews", "action_open_errors"],
        )
        self.assertTrue(form.xpath("//notebook/page[@name='sync']"))
