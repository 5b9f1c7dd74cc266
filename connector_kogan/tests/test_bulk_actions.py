# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bulk actions on list views (connector_base): export or re-import the
selected records, retry or resolve the selected errors."""

from odoo.exceptions import AccessError, UserError
from odoo.tests.common import new_test_user

from .common import KoganCase


class TestBulkActions(KoganCase):
    def wizard(self, records, direction, user=None):
        env = self.env(user=user) if user else self.env
        return (
            env["connector.bulk.sync"]
            .with_context(active_model=records._name, active_ids=records.ids)
            .create(
                {
                    "direction": direction,
                    "backend_ref": f"{self.backend._name},{self.backend.id}",
                }
            )
        )

    def test_export_the_selected_products(self):
        desk, lamp = self.make_product("BK-1"), self.make_product("BK-2")
        self.make_product("BK-3")  # not selected
        reply = self.wizard(desk | lamp, "export").action_queue()
        self.assertIn("2 jobs queued", reply["params"]["message"])
        self.assertEqual(len(self.jobs("export_record")), 2)
        self.run_jobs("export_record")
        self.assertEqual(set(self.remote_products()), {"BK-1", "BK-2"})

    def test_reimport_the_selected_products(self):
        self.sim.seed_products(self.sim.make_products(3))
        self.backend.import_batch("product.product")
        bound = self.bound("product.product")
        for sku in ("SKU-00001", "SKU-00002"):
            remote = self.remote_products()[sku]
            self.sim.seed_products([dict(remote, product_title=f"{sku} renamed")])
        mine = self.make_product("MINE-1")  # never on Kogan: left out
        selected = bound["SKU-00001"] | bound["SKU-00002"] | mine
        reply = self.wizard(selected, "import").action_queue()
        self.assertEqual(reply["params"]["type"], "warning")
        self.assertIn("1 records never synchronised", reply["params"]["message"])
        self.assertEqual(len(self.jobs("import_record")), 2)
        self.run_jobs("import_record")
        self.assertEqual(bound["SKU-00001"].name, "SKU-00001 renamed")
        self.assertEqual(bound["SKU-00002"].name, "SKU-00002 renamed")
        self.assertNotEqual(bound["SKU-00003"].name, "SKU-00003 renamed")

    def test_only_who_may_change_the_records_queues_them(self):
        product = self.make_product("BK-9")
        clerk = new_test_user(
            self.env,
            login="kogan-bulk-clerk",
            groups="base.group_user,connector_base.group_connector_user",
        )
        with self.assertRaises(AccessError):
            self.wizard(product, "export", user=clerk).action_queue()
        self.assertFalse(self.jobs("export_record"))

    def test_retry_and_resolve_the_selected_errors(self):
        bad = self.make_product("bad sku!") | self.make_product("worse sku!")
        self.make_product("OK-1")
        self.backend.with_delay().export_batch("product.product")
        self.run_jobs("export_batch")
        errors = self.connector_errors(self.backend, model_name="product.product")
        self.assertEqual(len(errors), 2)
        self.assertEqual(len(set(errors.mapped("job_uuid"))), 1)  # one job
        gone = errors[0].copy({"job_uuid": "no-such-job", "external_id": "X"})
        reply = (errors | gone).action_retry()
        self.assertIn("2 errors queued again (1 jobs)", reply["params"]["message"])
        self.assertIn("1 errors whose job no longer exists", reply["params"]["message"])
        self.assertEqual(set(errors.mapped("state")), {"retried"})
        self.assertEqual(gone.state, "open")
        reply = (gone | errors).action_resolve()  # the retried ones too
        self.assertIn("3 errors marked as resolved", reply["params"]["message"])
        self.assertEqual(set((gone | errors).mapped("state")), {"resolved"})
        errors.state = "retried"
        bad[0].default_code, bad[1].default_code = "FIXED-1", "FIXED-2"
        self.run_jobs("export_batch")
        self.assertIn("FIXED-1", self.remote_products())
        self.assertEqual(set(errors.mapped("state")), {"resolved"})

    def test_a_model_the_backend_does_not_sync_is_a_clear_error(self):
        partner = self.env["res.partner"].create({"name": "Not on Kogan"})
        with self.assertRaisesRegex(UserError, "does not export Contact"):
            self.wizard(partner, "export").action_queue()
