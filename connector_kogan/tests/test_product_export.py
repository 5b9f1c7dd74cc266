# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import new_test_user

from .common import KoganCase


class TestProductExport(KoganCase):
    def setUp(self):
        super().setUp()
        self.products = self.env["product.product"]
        for i in range(1, 4):
            self.products |= self.make_product(f"OD-{i}", price=10.0 * i)
        self.set_stock(self.products[0], 7)

    def test_products_are_listed_in_one_call(self):
        result = self.backend.export_batch("product.product")
        self.assertIn("3 records", result)
        creates = self.calls("POST", "products")
        self.assertEqual(len(creates), 1)
        self.assertEqual(creates[0]["items"], 3)
        self.assertTrue(self.calls("GET", "task/"))  # the async task was polled
        remote = self.remote_products()
        self.assertEqual(remote["OD-1"]["stock"], 7)
        self.assertEqual(
            remote["OD-2"]["offer_data"]["AUD"]["price"], self.aud(self.products[1])
        )
        self.assertEqual(remote["OD-2"]["offer_data"]["AUD"]["handling_days"], 2)
        self.assertEqual(remote["OD-3"]["category"], "kogan:101")
        self.assertEqual(remote["OD-3"]["brand"], "Acme")
        self.assertEqual(set(self.bound("product.product")), {"OD-1", "OD-2", "OD-3"})

    def test_after_export_gets_each_record_of_a_chunk(self):
        """The hook runs in a bulk chunk too, given each record and its SKU."""
        with self.backend.work_on("product.product") as work:
            exporter_class = type(work.component(usage="record.exporter"))
        seen = []

        def after_export(exporter, record, external_id):
            seen.append((record.default_code, external_id))

        with patch.object(exporter_class, "_after_export", after_export):
            self.backend.export_batch("product.product")
        self.assertEqual(
            sorted(seen), [("OD-1", "OD-1"), ("OD-2", "OD-2"), ("OD-3", "OD-3")]
        )

    def test_the_export_counts_are_the_last_run_s(self):
        state = self.env["connector.sync.state"]._for(
            self.backend, "product.product", "export"
        )
        self.backend.export_batch("product.product")
        self.assertEqual((state.created_count, state.updated_count), (3, 0))
        self.later()  # every listed product looks changed since: three updates
        self.products[0].name = "Renamed"
        self.backend.export_batch("product.product")
        # this run's counts only, each record counted once
        self.assertEqual((state.created_count, state.updated_count), (0, 3))

    def test_unchanged_products_are_not_sent_again(self):
        self.backend.export_batch("product.product")
        self.sim.clear_calls()
        self.backend.export_batch("product.product")
        self.assertFalse(self.calls("POST") + self.calls("PATCH"))
        # nor re-imported: the export stored what Kogan holds now
        self.backend.import_batch("product.product")
        state = self.env["connector.sync.state"]._for(
            self.backend, "product.product", "import"
        )
        self.assertEqual(state.created_count + state.updated_count, 0)

    def test_changed_product_is_updated(self):
        self.backend.export_batch("product.product")
        self.later()
        self.products[1].name = "Better name"
        self.backend.export_batch("product.product")
        self.assertEqual(len(self.calls("PATCH", "products")), 1)
        self.assertEqual(self.remote_products()["OD-2"]["product_title"], "Better name")

    def test_bad_products_get_errors_the_others_are_listed(self):
        self.products[0].default_code = "bad sku!"
        self.products[1].name = "x" * 231
        no_sku = self.make_product(False, name="No reference")
        self.backend.export_batch("product.product")
        self.assertEqual(set(self.remote_products()), {"OD-3"})
        errors = self.connector_errors(self.backend, model_name="product.product")
        by_record = {e.record_ref: e for e in errors}
        self.assertIn(
            "not valid on Kogan",
            by_record[f"product.product,{self.products[0].id}"].message,
        )
        self.assertIn(
            "at most 230", by_record[f"product.product,{self.products[1].id}"].message
        )
        self.assertIn(
            "no Internal Reference", by_record[f"product.product,{no_sku.id}"].message
        )
        self.assertTrue(all(e.kind == "bad_data" for e in errors))

    def test_sku_refused_by_kogan_is_an_error_on_that_product(self):
        self.products[2].kogan_category = "not-a-category"
        self.backend.export_batch("product.product")
        self.assertEqual(set(self.remote_products()), {"OD-1", "OD-2"})
        error = self.connector_errors(
            self.backend, external_id=False, model_name="product.product"
        )
        self.assertEqual(error.record_ref, f"product.product,{self.products[2].id}")
        self.assertIn("category", error.message)
        self.assertNotIn("OD-3", self.bound("product.product"))
        # fixed and exported again: listed, the error resolved
        self.products[2].kogan_category = "kogan:7"
        self.backend.export_batch("product.product")
        self.assertIn("OD-3", self.remote_products())
        self.assertEqual(error.state, "resolved")

    def test_listing_already_on_kogan_is_updated_not_created_twice(self):
        # a previous attempt created it, then its reply was lost
        self.sim.seed_products([self.sim.make_listing("OD-1", product_title="Old")])
        self.backend.export_batch("product.product")
        creates = self.calls("POST", "products")
        self.assertEqual(creates[0]["items"], 2)
        self.assertEqual(
            self.remote_products()["OD-1"]["product_title"], "Product OD-1"
        )
        self.assertEqual(len(self.bound("product.product")), 3)

    def test_task_that_never_completes_is_retried_without_duplicate(self):
        self.backend.async_timeout = 1
        self.sim.add_fault("POST products", "never_complete")
        error = self.failure(self.backend.export_batch, "product.product")
        self.assertIn("did not finish", str(error))
        self.assertFalse(self.bound("product.product"))
        self.backend.export_batch("product.product")
        self.assertEqual(len(self.remote_products()), 3)
        self.assertEqual(len(self.bound("product.product")), 3)

    def test_sku_change_of_a_listed_product_is_refused(self):
        self.backend.export_batch("product.product")
        self.later()
        self.products[0].default_code = "OD-NEW"
        self.backend.export_batch("product.product")
        error = self.connector_errors(self.backend, external_id="OD-1")
        self.assertIn("never changes", error.message)
        self.assertNotIn("OD-NEW", self.remote_products())

    def test_enable_disable(self):
        self.backend.export_batch("product.product")
        self.products[:2].action_kogan_disable()
        self.run_jobs("set_products_enabled")
        remote = self.remote_products()
        self.assertFalse(remote["OD-1"]["enabled"])
        self.assertTrue(remote["OD-3"]["enabled"])
        self.assertEqual(self.products.mapped("kogan_enabled"), [False, False, True])
        self.assertFalse(self.jobs("export_record"))  # nothing echoed back

    def test_status_api_not_granted_is_a_clear_error(self):
        self.backend.export_batch("product.product")
        self.sim.status_api = False
        self.products[:1].action_kogan_disable()
        error = self.failure(self.run_jobs, "set_products_enabled")
        self.assertIn("has not granted", str(error))
        self.assertTrue(self.products[0].kogan_enabled)

    def test_disabling_needs_the_rights_to_archive_the_product(self):
        self.backend.export_batch("product.product")
        user = new_test_user(
            self.env,
            login="kogan-connector-clerk",
            groups="base.group_user,connector_base.group_connector_user",
        )
        with self.assertRaises(AccessError):
            self.products[:1].with_user(user).action_kogan_disable()
        with self.assertRaises(AccessError):  # ids over RPC, not products
            self.backend.with_user(user).set_products_enabled(self.products.ids, False)
        self.assertFalse(self.jobs("set_products_enabled"))
        self.assertTrue(all(p["enabled"] for p in self.remote_products().values()))

    def test_listing_details_and_shipping_per_store(self):
        self.backend.write(
            {"nzd_pricelist_id": self.pricelist.id, "shipping_nzd": "9.95"}
        )
        self.products[0].write(
            {
                "kogan_subtitle": "Solid oak",
                "kogan_condition": "Refurbished",
                "kogan_inbox": "Desk, screws",
                "kogan_length": 120,
                "kogan_width": 60,
                "kogan_height": 75,
                "weight": 30.5,
            }
        )
        self.backend.export_batch("product.product")
        remote = self.remote_products()
        first = remote["OD-1"]
        self.assertEqual(
            (first["product_subtitle"], first["product_condition"]),
            ("Solid oak", "Refurbished"),
        )
        self.assertEqual(first["product_inbox"], "Desk, screws")
        self.assertEqual(
            first["product_dimensions"],
            {"length": 120, "width": 60, "height": 75, "weight": 30.5},
        )
        self.assertIsNone(remote["OD-2"]["product_dimensions"])  # not all set
        self.assertEqual(first["offer_data"]["AUD"]["shipping"], "0")
        self.assertEqual(first["offer_data"]["NZD"]["shipping"], "9.95")

    def test_a_product_with_attributes_is_one_variant_group(self):
        size = self.env["product.attribute"].create(
            {
                "name": "Size",
                "value_ids": [(0, 0, {"name": "S"}), (0, 0, {"name": "L"})],
            }
        )
        template = self.env["product.template"].create(
            {
                "name": "Safety Boot",
                "is_storable": True,
                "kogan_variant_group": "SFTY_BT_1",
                "attribute_line_ids": [
                    (0, 0, {"attribute_id": size.id, "value_ids": size.value_ids.ids})
                ],
            }
        )
        for variant in template.product_variant_ids:
            variant.default_code = (
                f"BOOT-{variant.product_template_attribute_value_ids.name}"
            )
        template.kogan_listed = True
        self.backend.export_batch("product.product")
        remote = self.remote_products()
        for size_name in ("S", "L"):
            listing = remote[f"BOOT-{size_name}"]
            self.assertEqual(
                listing["variant"],
                {
                    "group_title": "Safety Boot",
                    "group_id": "SFTY_BT_1",
                    "vary_on": {"group": "Details", "type": "Size"},
                },
            )
            self.assertEqual(
                listing["facets"],
                [{"group": "Details", "items": [{"type": "Size", "value": size_name}]}],
            )
        self.assertIsNone(remote["OD-1"]["variant"])  # no attributes: no group

    def test_shipping_must_be_kogan_s(self):
        with self.assertRaisesRegex(ValidationError, "VARIABLE"):
            self.backend.shipping_aud = "free"

    def test_ticking_sell_on_kogan_queues_the_export(self):
        lamp = self.env["product.product"].create(
            {"name": "Lamp", "default_code": "LAMP-9", "list_price": 12.0}
        )
        self.assertFalse(self.jobs("export_record"))
        lamp.product_tmpl_id.kogan_listed = True
        self.assertEqual(len(self.jobs("export_record")), 1)
        self.run_jobs("export_record")
        self.assertIn("LAMP-9", self.remote_products())
        self.assertIn("LAMP-9", self.bound("product.product"))
        # a later change of a listed product is exported too
        self.later()
        lamp.name = "Desk lamp"
        self.run_jobs("export_record")
        self.assertEqual(self.remote_products()["LAMP-9"]["product_title"], "Desk lamp")
