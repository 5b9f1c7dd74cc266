# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from .common import KoganCase


class TestKoganDeletions(KoganCase):
    """Kogan deletes no listing: a product taken off in Odoo is disabled on
    Kogan; a listing gone from Kogan's product list archives its product."""

    def setUp(self):
        super().setUp()
        self.desk = self.make_product("DESK-1", price=199.0)
        self.lamp = self.make_product("LAMP-1", price=25.0)
        self.backend.export_batch("product.product")
        self.earlier()
        self.sim.clear_calls()

    def earlier(self):
        """Bound a while ago: a listing read in the same second as a
        binding's sync could have missed it."""
        bindings = self.env["connector.binding"].search(
            self.backend._backend_domain() + [("res_model", "=", "product.product")]
        )
        for binding in bindings:
            binding.sync_date -= timedelta(seconds=5)

    def binding_of(self, sku):
        return self.env["connector.binding"].search(
            self.backend._backend_domain() + [("external_id", "=", sku)]
        )

    def status_calls(self):
        """Items sent by each call of products/status/."""
        return [call["items"] for call in self.calls("POST", "products/status")]

    # -- gone from Kogan ---------------------------------------------------------

    def test_listing_gone_from_kogan_archives_its_product(self):
        self.sim.remove_listing("LAMP-1")
        self.backend.import_batch("product.product")  # Kogan lists everything
        self.assertFalse(self.lamp.active)
        self.assertTrue(self.desk.active)
        self.assertTrue(self.binding_of("LAMP-1").external_deleted_at)
        self.assertFalse(self.binding_of("DESK-1").external_deleted_at)

    def test_listing_back_on_kogan_restores_its_product(self):
        listing = self.remote_products()["LAMP-1"]
        self.sim.remove_listing("LAMP-1")
        self.backend.import_batch("product.product")
        self.sim.seed_products([listing])
        self.backend.import_batch("product.product")
        self.assertTrue(self.lamp.active)
        self.assertFalse(self.binding_of("LAMP-1").external_deleted_at)

    def test_listing_gone_disables_nothing_back(self):
        self.backend.odoo_deletion_policy = "propagate"
        self.sim.remove_listing("LAMP-1")
        self.backend.import_batch("product.product")
        self.assertFalse(self.lamp.active)
        self.assertFalse(self.jobs("delete_record"))

    def test_page_cut_short_archives_nothing(self):
        """Kogan sends half a page and no next: the listings it left out are
        read by SKU before anything is archived."""
        self.sim.add_fault("GET products", "cut_page")
        self.backend.import_batch("product.product")
        self.assertTrue(self.desk.active)
        self.assertTrue(self.lamp.active)
        self.assertFalse(self.binding_of("LAMP-1").external_deleted_at)
        by_sku = [c for c in self.calls("GET", "products") if c["query"].get("sku")]
        self.assertEqual(len(by_sku), 1)

    def test_failed_listing_archives_nothing(self):
        self.sim.remove_listing("LAMP-1")
        self.sim.add_fault("GET products", "http_status", status=503)
        self.failure(self.backend.import_batch, "product.product")
        self.assertTrue(self.lamp.active)
        self.assertFalse(self.binding_of("LAMP-1").external_deleted_at)

    # -- taken off in Odoo ---------------------------------------------------------

    def test_archived_product_disables_its_listing(self):
        self.backend.odoo_deletion_policy = "propagate"
        self.desk.active = False
        self.assertEqual(len(self.jobs("delete_record")), 1)
        self.run_jobs("delete_record")
        self.assertEqual(self.status_calls(), [1])
        self.assertIs(self.remote_products()["DESK-1"]["enabled"], False)
        self.assertIs(self.remote_products()["LAMP-1"]["enabled"], True)
        self.assertFalse(self.desk.kogan_enabled)
        self.assertTrue(self.binding_of("DESK-1"))  # the listing still exists

    def test_deleted_product_disables_its_listing(self):
        self.backend.odoo_deletion_policy = "propagate"
        self.lamp.unlink()
        self.assertFalse(self.binding_of("LAMP-1"))
        self.run_jobs("delete_record")
        self.assertEqual(self.status_calls(), [1])
        self.assertIs(self.remote_products()["LAMP-1"]["enabled"], False)

    def test_archiving_leaves_kogan_alone_by_default(self):
        self.desk.active = False
        self.assertFalse(self.jobs("delete_record"))
