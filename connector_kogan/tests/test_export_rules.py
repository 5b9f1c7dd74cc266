# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Export rules (connector_base): which records a backend receives, and new
records that follow by themselves."""

from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import new_test_user

from .common import KoganCase


class TestExportRules(KoganCase):
    def setUp(self):
        super().setUp()
        self.rule = self.backend._export_rule("product.product")

    def test_the_export_button_exports_the_rule_s_records(self):
        for i in range(1, 4):
            self.make_product(f"OD-{i}", price=10.0 * i)
        self.rule.export_domain = "[('list_price', '>=', 20)]"
        self.backend.export_batch("product.product")
        self.assertEqual(set(self.remote_products()), {"OD-2", "OD-3"})

    def test_new_records_follow_when_asked(self):
        self.make_product("NEW-0")
        self.assertFalse(self.jobs("export_record"))  # not asked: nothing
        self.rule.write(
            {
                "export_domain": "[('default_code', '=like', 'NEW-%')]",
                "export_new_records": True,
            }
        )
        new = self.make_product("NEW-1")
        self.make_product("OTHER-1")  # outside the rule
        self.make_product("NEW-2", kogan_listed=False)  # not sold on Kogan
        jobs = self.jobs("export_record")
        self.assertEqual(len(jobs), 1)
        self.assertEqual(jobs.args, [new])
        self.run_jobs("export_record")
        self.assertEqual(set(self.remote_products()), {"NEW-1"})
        self.assertIn("NEW-1", self.bound("product.product"))

    def test_imported_records_do_not_follow_back(self):
        self.rule.export_new_records = True
        self.sim.seed_products(self.sim.make_products(3))
        self.backend.import_batch("product.product")
        self.assertEqual(len(self.bound("product.product")), 3)
        self.assertFalse(self.jobs("export_record"))

    def test_a_bad_domain_is_refused_on_save(self):
        with self.assertRaisesRegex(ValidationError, "not a domain of that model"):
            self.rule.export_domain = "[('no_such_field', '=', 1)]"
        with self.assertRaisesRegex(ValidationError, "not a domain"):
            self.rule.export_domain = "'everything'"

    def test_rules_are_for_who_may_change_the_backend(self):
        action = self.backend.action_open_export_rules()
        rules = self.env["connector.sync.state"].search(action["domain"])
        self.assertIn("product.product", rules.mapped("model_name"))
        self.assertEqual(set(rules.mapped("direction")), {"export"})
        clerk = new_test_user(
            self.env,
            login="kogan-rules-clerk",
            groups="base.group_user,connector_base.group_connector_user",
        )
        with self.assertRaises(AccessError):
            self.backend.with_user(clerk).action_open_export_rules()
        with self.assertRaises(AccessError):
            self.rule.with_user(clerk).export_new_records = True
