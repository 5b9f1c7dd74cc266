# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The history of a bound record (connector_base): what each sync changed."""

from .common import KoganCase


class TestSyncHistory(KoganCase):
    def history(self, record):
        return self.about("connector.sync.change", record)

    def test_an_import_logs_the_fields_it_changed_and_its_job(self):
        self.sim.seed_products(self.sim.make_products(2))
        self.backend.import_batch("product.product")
        product = self.bound("product.product")["SKU-00001"]
        self.assertFalse(self.history(product))  # creations are not logged
        old_name, old_price = product.name, product.list_price
        remote = self.remote_products()["SKU-00001"]
        remote["product_title"] = "Renamed on Kogan"
        remote["offer_data"]["AUD"]["price"] = "99.00"
        self.sim.seed_products([remote])
        self.backend.with_delay().import_batch("product.product")
        job = self.jobs("import_batch")
        self.run_jobs("import_batch")
        change = self.history(product)
        self.assertEqual(len(change), 1)
        self.assertEqual(change.direction, "import")
        self.assertEqual(change.job_uuid, job.uuid)
        self.assertEqual(change.changes["Name"], [old_name, "Renamed on Kogan"])
        self.assertEqual(change.changes["Sales Price"], [str(old_price), "99.0"])
        self.assertIn("Name: ", change.summary)
        # the other product did not change: no history
        self.assertFalse(self.history(self.bound("product.product")["SKU-00002"]))
        # reached from its binding
        binding = self.env["connector.binding"].search(
            self.backend._backend_domain() + [("external_id", "=", "SKU-00001")]
        )
        action = binding.action_open_history()
        self.assertEqual(
            self.env["connector.sync.change"].search(action["domain"]), change
        )

    def test_an_export_that_updates_kogan_is_logged(self):
        product = self.make_product("HIS-1")
        self.backend.export_batch("product.product")
        self.assertFalse(self.history(product))
        self.later()
        product.name = "Better name"
        self.backend.export_batch("product.product")
        change = self.history(product)
        self.assertEqual((len(change), change.direction), (1, "export"))
        self.assertEqual(change.external_id, "HIS-1")
        # what Kogan had, what was sent: only what differed
        old_title = change.changes["product_title"][0]
        self.assertEqual(change.changes["product_title"], [old_title, "Better name"])
        self.assertNotIn("product_sku", change.changes)
        self.later()
        product.name = "Best name"
        self.backend.export_record(product)  # one record, not a chunk
        latest = self.history(product)[0]
        self.assertEqual(len(self.history(product)), 2)
        self.assertEqual(latest.changes["product_title"], ["Better name", "Best name"])
