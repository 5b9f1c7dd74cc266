# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests.common import new_test_user

from .common import ConnectorCase


class TestBackendMixin(ConnectorCase):
    def test_each_backend_has_its_own_editable_cron(self):
        cron = self.backend.cron_id
        self.assertTrue(cron)
        self.assertIn(f"browse({self.backend.id})", cron.code)
        self.backend.write(
            {"cron_interval_number": 15, "cron_interval_type": "minutes"}
        )
        self.assertEqual((cron.interval_number, cron.interval_type), (15, "minutes"))
        other = self.backend.copy({"name": "Other"})
        self.assertNotEqual(other.cron_id, cron)
        other_cron_id = other.cron_id.id
        other.unlink()
        self.assertFalse(self.env["ir.cron"].search([("id", "=", other_cron_id)]))

    def test_import_button_queues_one_job_per_model_on_the_backend_channel(self):
        backend = self.backend.with_context(connector_inline=False)
        result = backend.action_import_all()
        self.assertEqual(result["params"]["type"], "success")
        jobs = self.env["queue.job"].search(
            [
                ("model_name", "=", "test.connector.backend"),
                ("method_name", "=", "import_batch"),
            ]
        )
        self.assertEqual(
            sorted(jobs.mapped("args")),
            sorted([["res.partner"], ["test.connector.category.binding"]]),
        )
        self.assertEqual(
            set(jobs.mapped("channel")),
            {f"root.connector.test_connector_backend_{backend.id}"},
        )
        backend.action_import_all()  # a second click queues nothing more
        self.assertEqual(
            self.env["queue.job"].search_count(
                [
                    ("model_name", "=", "test.connector.backend"),
                    ("method_name", "=", "import_batch"),
                ]
            ),
            2,
        )

    def test_scheduled_import_runs_the_cron_code(self):
        self.backend.with_context(
            connector_inline=False
        ).cron_id.method_direct_trigger()
        self.assertEqual(
            self.env["queue.job"].search_count(
                [
                    ("model_name", "=", "test.connector.backend"),
                    ("method_name", "=", "import_batch"),
                ]
            ),
            2,
        )

    def _export_rule(self, domain):
        self.backend._export_rule("res.partner").export_domain = domain

    def _posted(self):
        return [c for c in self.sim.calls if c[0] == "POST"]

    def test_export_button_without_a_rule_exports_nothing_and_says_why(self):
        self.env["res.partner"].create({"name": "Mine", "email": "m@example.com"})
        result, jobs = self.run_jobs(self.backend.action_export_all)
        self.assertEqual(result["params"]["type"], "warning")
        message = result["params"]["message"]
        self.assertIn("no export rule for Contact", message)
        self.assertIn("Synchronisation tab, Export rules", message)
        self.assertFalse(jobs)
        # the batch export (a cron, a script) sends nothing either
        self.assertIn("no export rule", self.backend.export_batch("res.partner"))
        self.assertFalse(self._posted())

    def test_export_button_queues_the_rule_and_the_run_ends_with_its_counts(self):
        partners = self.env["res.partner"].create(
            [{"name": f"R{i}", "email": f"r{i}@rule.example.com"} for i in range(2)]
        )
        self.env["res.partner"].create({"name": "Out", "email": "o@example.com"})
        self._export_rule("[('email', '=like', '%@rule.example.com')]")
        backend = self.backend.with_context(connector_inline=False)
        result, jobs = self.run_jobs(backend.action_export_all)
        self.assertEqual(result["params"]["type"], "success")
        self.assertIn("Contact (2 records)", result["params"]["message"])
        self.assertEqual(
            [job.method_name for job in jobs], ["export_batch", "export_records"]
        )
        self.assertEqual(set(self.backend._bound_records("res.partner")), set(partners))
        state = self.backend._export_rule("res.partner")
        self.assertTrue(state.last_success)
        self.assertEqual(state.created_count + state.updated_count, 2)
        run = self.env["connector.sync.run"].search([("sync_state_id", "=", state.id)])
        self.assertEqual((run.synced_count, run.run_start), (2, state.last_start))
        self.assertTrue(run.run_end)

    def test_a_large_export_asks_first_with_the_count(self):
        self.env["ir.config_parameter"].set_param(
            "connector_base.export_confirmation_threshold", "1"
        )
        self.env["res.partner"].create(
            [{"name": f"L{i}", "email": f"l{i}@rule.example.com"} for i in range(2)]
        )
        self._export_rule("[('email', '=like', '%@rule.example.com')]")
        action, jobs = self.run_jobs(self.backend.action_export_all)
        self.assertFalse(jobs)
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertIn("2 Contact records will be sent", wizard.summary)
        result, jobs = self.run_jobs(wizard.action_confirm)
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(len(self._posted()), 2)

    def test_an_export_confirmation_queues_only_for_a_backend_its_user_reads(self):
        employee = new_test_user(self.env, login="employee", groups="base.group_user")
        wizards = self.env["connector.export.confirm"].with_user(employee).sudo()
        values = {"backend_id": self.backend.id, "counts": {"res.partner": 1}}
        # a wizard of the employee's own making (an RPC call names any model)
        not_a_backend = wizards.create(dict(values, backend_model="res.partner"))
        with self.assertRaisesRegex(UserError, "not a connector backend"):
            not_a_backend.with_user(employee).sudo(False).action_confirm()
        unreadable = wizards.create(dict(values, backend_model=self.backend._name))
        with self.assertRaises(AccessError):
            unreadable.with_user(employee).sudo(False).action_confirm()

    def test_a_user_who_cannot_change_the_records_cannot_export_them(self):
        self._export_rule("[('email', '=like', '%@rule.example.com')]")
        user = new_test_user(self.env, login="reader", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.backend.with_user(user).action_export_all()

    def test_counters(self):
        self.sim.add_item("P", "p@example.com")
        self.import_partners()
        self.backend.invalidate_recordset()
        self.assertEqual(self.backend.binding_count, 1)
        self.assertEqual(self.backend.error_count, 0)
        self.assertEqual(len(self.backend.sync_state_ids), 1)
        action = self.backend.action_open_bindings()
        self.assertEqual(len(self.env["connector.binding"].search(action["domain"])), 1)

    def test_a_backend_without_a_form_view_gets_connector_base_form(self):
        manager = new_test_user(
            self.env,
            login="connector.manager",
            groups="base.group_user,connector.group_connector_manager",
        )
        backend = self.backend.with_user(manager)
        form = etree.fromstring(
            backend.get_views([(False, "form")])["views"]["form"]["arch"]
        )
        title = form.xpath("//div[hasclass('oe_title')]//field/@name")
        self.assertEqual(title, ["name"])
        # the backend's own field, a secret: a password, beside the API URL
        fields = form.xpath("//group[@name='connector_backend_fields']//field")
        self.assertEqual(
            [(f.get("name"), f.get("password")) for f in fields],
            [("base_url", None), ("api_key", "True")],
        )
        self.assertTrue(form.xpath("//header/button[@name='action_export_all']"))
        self.assertTrue(form.xpath("//page[@name='sync']"))
