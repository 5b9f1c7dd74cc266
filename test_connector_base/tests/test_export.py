# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from unittest.mock import patch

from odoo.addons.connector_base import AdapterContractError

from .common import ConnectorCase


class TestExport(ConnectorCase):
    def _calls(self, method):
        return [c for c in self.sim.calls if c[0] == method]

    def test_export_creates_then_skips_unchanged(self):
        partner = self.env["res.partner"].create(
            {"name": "Out", "email": "out@example.com"}
        )
        result = self.backend.export_record(partner)
        (external_id,) = self.sim.items
        self.assertEqual(
            self.assert_created(result, "res.partner", external_id), partner
        )
        self.assertEqual(self.sim.items[external_id]["name"], "Out")
        self.sim.calls.clear()
        self.backend.export_record(partner)
        self.assertFalse(self._calls("PUT") + self._calls("POST"))

    def test_an_adapter_returning_no_id_binds_nothing(self):
        """An adapter whose create returns None (an OCA one, unchecked by
        @adapter) fails clearly: no binding to "None"."""
        partner = self.env["res.partner"].create({"name": "Out"})
        with self.backend.work_on("res.partner") as work:
            adapter_class = type(work.component(usage="backend.adapter"))
        with patch.object(adapter_class, "create_record", lambda self, data: None):
            for __ in range(2):  # again: no "concurrent creation" retry
                error = self.failure(self.backend.export_record, partner)
                self.assertIsInstance(error, AdapterContractError)
                self.assertIn("test.partner.adapter: the create of Out", str(error))
        self.assertFalse(self.bindings())

    def test_changed_record_is_updated_remotely(self):
        partner = self.env["res.partner"].create(
            {"name": "Out", "email": "out@example.com"}
        )
        self.backend.export_record(partner)
        binding = self.bindings()
        binding.odoo_write_date = partner.write_date - timedelta(seconds=5)
        partner.name = "Out again"
        self.backend.export_record(partner)
        self.assertEqual(self.sim.items[binding.external_id]["name"], "Out again")
        self.assertEqual(len(self._calls("PUT")), 1)

    def test_no_ping_pong_after_export(self):
        partner = self.env["res.partner"].create(
            {"name": "Out", "email": "out@example.com"}
        )
        self.backend.export_record(partner)
        self.import_partners()
        state = self.env["connector.sync.state"]._for(
            self.backend, "res.partner", "import"
        )
        self.assertEqual((state.skipped_count, state.updated_count), (1, 0))

    def test_retry_after_remote_create_adopts_instead_of_duplicating(self):
        existing = self.sim.add_item("Out", "out@example.com")
        partner = self.env["res.partner"].create(
            {"name": "Out", "email": "out@example.com"}
        )
        self.backend.export_record(partner)
        self.assertEqual(len(self.sim.items), 1)
        self.assertEqual(self.bindings().external_id, existing)
        self.assertFalse(self._calls("POST"))

    def test_batch_export_exports_changed_records_only(self):
        partners = self.env["res.partner"].create(
            [{"name": f"B{i}", "email": f"b{i}@example.com"} for i in range(3)]
        )
        self.backend._export_rule(
            "res.partner"
        ).export_domain = "[('name', '!=', False)]"
        self.backend.export_batch("res.partner", domain=[("id", "in", partners.ids)])
        self.assertEqual(len(self.bindings()), 3)
        self.sim.calls.clear()
        self.backend.export_batch("res.partner", domain=[("id", "in", partners.ids)])
        self.assertFalse(self._calls("POST") + self._calls("PUT"))

    def test_write_enqueues_one_debounced_export(self):
        partner = self.env["res.partner"].create(
            {"name": "L", "email": "l@example.com"}
        )
        self.backend.export_record(partner)
        partner = partner.with_context(connector_inline=False)
        for i in range(5):
            partner.name = f"L{i}"
        jobs = self.env["queue.job"].search(
            [("method_name", "=", "export_record"), ("state", "=", "pending")]
        )
        self.assertEqual(len(jobs), 1)
        self.assertTrue(jobs.eta)
        # an import's writes do not enqueue exports
        partner.with_context(connector_no_export=True).name = "Quiet"
        self.assertEqual(
            self.env["queue.job"].search_count(
                [
                    ("model_name", "=", "test.connector.backend"),
                    ("method_name", "=", "export_record"),
                ]
            ),
            1,
        )
