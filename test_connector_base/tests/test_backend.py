# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
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

    def test_export_button_needs_an_exporter(self):
        self.backend.with_context(connector_inline=False).action_export_all()
        self.assertEqual(
            self.env["queue.job"].search_count(
                [
                    ("model_name", "=", "test.connector.backend"),
                    ("method_name", "=", "export_batch"),
                ]
            ),
            1,
        )

    def test_counters(self):
        self.sim.add_item("P", "p@example.com")
        self.import_partners()
        self.backend.invalidate_recordset()
        self.assertEqual(self.backend.binding_count, 1)
        self.assertEqual(self.backend.error_count, 0)
        self.assertEqual(len(self.backend.sync_state_ids), 1)
        action = self.backend.action_open_bindings()
        self.assertEqual(len(self.env["connector.binding"].search(action["domain"])), 1)
