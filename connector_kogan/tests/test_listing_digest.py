# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A listing's digest covers what the connector imports of it, nothing else:
Kogan's stock moves with every sale and every stock push, and a re-sync must
not take that for a change of the listing."""

from .common import KoganCase


class TestListingDigest(KoganCase):
    def _import(self):
        self.backend.import_batch("product.product")
        return self.env["connector.sync.state"]._for(
            self.backend, "product.product", "import"
        )

    def _change_on_kogan(self, **values):
        with self.sim._lock:
            self.sim._records = [dict(r, **values) for r in self.sim._records]

    def test_stock_and_store_links_are_no_change(self):
        self.sim.seed_products(self.sim.make_products(3))
        self._import()
        self._change_on_kogan(stock=999, store_urls=[], category_slug="moved")
        state = self._import()
        self.assertEqual((state.skipped_count, state.updated_count), (3, 0))

    def test_an_imported_field_is_a_change(self):
        self.sim.seed_products(self.sim.make_products(3))
        self._import()
        self._change_on_kogan(stock=999, product_subtitle="New subtitle")
        state = self._import()
        self.assertEqual((state.skipped_count, state.updated_count), (0, 3))
        products = self.bound("product.product").values()
        self.assertEqual(set(p.kogan_subtitle for p in products), {"New subtitle"})

    def test_the_digest_leaves_out_only_what_the_mapper_does_not_read(self):
        """Each key of a listing outside the digest, changed alone, changes
        none of the values the import maps: the digest's keys are complete."""
        self.sim.seed_products([self.sim.make_listing("DIGEST-1")])
        listing = self.remote_products()["DIGEST-1"]  # as Kogan serves it
        with self.backend.work_on("product.product") as work:
            adapter = work.component(usage="backend.adapter")
            mapper = work.component(usage="import.mapper")

            def mapped(record):
                return mapper.map_record(record).values(for_create=True)

            outside = sorted(set(listing) - set(adapter._digest_keys))
            self.assertTrue(outside)  # stock, store_urls, created...
            expected = mapped(listing)
            for key in outside:
                changed = dict(listing, **{key: "changed"})
                self.assertEqual(mapped(changed), expected, key)
                self.assertEqual(
                    adapter.digest_of(changed), adapter.digest_of(listing), key
                )
            changed = dict(listing, product_title="Another title")
            self.assertNotEqual(adapter.digest_of(changed), adapter.digest_of(listing))

    def test_a_value_orjson_refuses_still_has_a_digest(self):
        with self.backend.work_on("product.product") as work:
            adapter = work.component(usage="backend.adapter")
            listing = dict(self.sim.make_listing("BIG-1"), product_multipack=2**70)
            self.assertEqual(adapter.digest_of(listing), adapter.digest_of(listing))
            other = dict(listing, product_multipack=2**71)
            self.assertNotEqual(adapter.digest_of(listing), adapter.digest_of(other))
