# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .common import KoganCase


class TestProductImport(KoganCase):
    def test_listings_become_products(self):
        self.sim.seed_products(self.sim.make_products(750))
        self.backend.import_batch("product.product")
        bound = self.bound("product.product")
        self.assertEqual(len(bound), 750)
        product = bound["SKU-00007"]
        remote = self.remote_products()["SKU-00007"]
        self.assertEqual(product.name, remote["product_title"])
        self.assertEqual(product.default_code, "SKU-00007")
        self.assertEqual(product.barcode, remote["product_gtin"])
        self.assertEqual(
            product.list_price, float(remote["offer_data"]["AUD"]["price"])
        )
        self.assertEqual(product.kogan_brand, remote["brand"])
        self.assertTrue(product.kogan_listed)
        # pages of 500 with cursors: two listing calls
        self.assertEqual(len(self.calls("GET", "products")), 2)

    def test_second_import_writes_nothing(self):
        self.sim.seed_products(self.sim.make_products(20))
        self.backend.import_batch("product.product")
        products = self.env["product.product"].search(
            [("default_code", "like", "SKU-")]
        )
        written = {p.id: p.write_date for p in products}
        self.env["connector.binding"].invalidate_model()
        self.backend.import_batch("product.product")
        state = self.env["connector.sync.state"]._for(
            self.backend, "product.product", "import"
        )
        self.assertEqual(state.skipped_count, 20)
        self.assertEqual(state.created_count + state.updated_count, 0)
        self.assertEqual({p.id: p.write_date for p in products}, written)
        # a re-sync compares every listing with its binding's state, read
        # alone: no binding is loaded into the transaction's cache
        bindings = self.env["connector.binding"].search(self.backend._backend_domain())
        field = bindings._fields["external_hash"]
        self.assertEqual(len(bindings), 20)
        self.assertFalse([b for b in bindings if self.env.cache.contains(b, field)])

    def test_changed_listing_is_updated(self):
        self.sim.seed_products(self.sim.make_products(3))
        self.backend.import_batch("product.product")
        changed = dict(self.remote_products()["SKU-00002"], product_title="Renamed")
        self.sim.seed_products([changed])
        self.backend.import_batch("product.product")
        self.assertEqual(self.bound("product.product")["SKU-00002"].name, "Renamed")

    def test_existing_product_is_adopted_not_duplicated(self):
        mine = self.make_product("SKU-00001", name="My own name")
        self.sim.seed_products(self.sim.make_products(2))
        self.backend.import_batch("product.product")
        self.assertEqual(self.bound("product.product")["SKU-00001"], mine)
        self.assertEqual(
            self.env["product.product"].search_count(
                [("default_code", "=", "SKU-00001")]
            ),
            1,
        )

    def test_bad_listing_gets_an_error_others_are_imported(self):
        products = self.sim.make_products(3)
        self.sim.seed_products(products)
        with self.sim._lock:  # Kogan sends a listing without a title
            self.sim._records[1] = dict(self.sim._records[1], product_title="")
        self.backend.import_batch("product.product")
        self.assertEqual(set(self.bound("product.product")), {"SKU-00001", "SKU-00003"})
        error = self.connector_errors(self.backend, external_id="SKU-00002")
        self.assertEqual(error.kind, "bad_data")
        self.assertIn("has no title", error.message)

    def test_malformed_reply_is_an_error_and_writes_nothing(self):
        self.sim.seed_products(self.sim.make_products(3))
        self.sim.add_fault("GET products", "malformed_json")
        error = self.failure(self.backend.import_batch, "product.product")
        self.assertIn("not JSON", str(error))
        self.assertFalse(self.bound("product.product"))

    def test_repeated_cursor_is_detected(self):
        self.sim.seed_products(self.sim.make_products(450))
        self.sim.add_fault("GET products", "repeat_cursor", times=2)
        error = self.failure(self.backend.import_batch, "product.product")
        self.assertIn("twice", str(error))
        state = self.env["connector.sync.state"]._for(
            self.backend, "product.product", "import"
        )
        self.assertFalse(state.last_success)
        # the next run, without the fault, imports everything
        self.backend.import_batch("product.product")
        self.assertEqual(len(self.bound("product.product")), 450)

    def test_duplicates_in_a_page_make_one_product(self):
        self.sim.seed_products(self.sim.make_products(5))
        self.sim.add_fault("GET products", "duplicate_records")
        self.backend.import_batch("product.product")
        self.assertEqual(len(self.bound("product.product")), 5)
        self.assertEqual(
            self.env["product.product"].search_count(
                [("default_code", "like", "SKU-")]
            ),
            5,
        )

    def test_cut_page_is_completed_by_the_next_run(self):
        self.sim.seed_products(self.sim.make_products(300))
        self.sim.add_fault("GET products", "cut_page")
        self.backend.import_batch("product.product")
        self.assertLess(len(self.bound("product.product")), 300)
        self.backend.import_batch("product.product")
        self.assertEqual(len(self.bound("product.product")), 300)

    def test_listing_details_and_changes_found_without_modification_time(self):
        listing = self.sim.make_listing(
            "DET-1",
            product_subtitle="Quiet",
            product_inbox="Kettle, manual",
            product_condition="Refurbished",
            product_dimensions={"length": 30, "width": 20, "height": 25, "weight": 1.5},
            enabled=False,
        )
        self.sim.seed_products([listing])
        self.backend.import_batch("product.product")
        product = self.bound("product.product")["DET-1"]
        self.assertEqual(
            (product.kogan_subtitle, product.kogan_inbox, product.kogan_condition),
            ("Quiet", "Kettle, manual", "Refurbished"),
        )
        self.assertEqual(
            (product.kogan_length, product.kogan_width, product.kogan_height),
            (30, 20, 25),
        )
        self.assertAlmostEqual(product.weight, 1.5)
        self.assertFalse(product.kogan_enabled)
        self.assertNotIn("last_modified", self.remote_products()["DET-1"])
        # changed on Kogan: its content differs from the binding's digest
        self.sim.seed_products([{**listing, "product_subtitle": "Very quiet"}])
        self.backend.import_batch("product.product")
        self.assertEqual(product.kogan_subtitle, "Very quiet")
        binding = self.env["connector.binding"].search(
            self.backend._backend_domain() + [("external_id", "=", "DET-1")]
        )
        self.assertFalse(binding.external_updated_at)
        self.assertTrue(binding.external_hash)
