# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The connector of the product page, as written there, synchronises both ways."""

import logging

from odoo.addons.connector_base.tests.simulator_case import SimulatorCase

from .simulator import Simulator

PROCESS_LOG = "odoo.addons.connector_base.process"


class TestPageForm(SimulatorCase):
    simulator_class = Simulator
    backend_model = "test.page.form.backend"

    def bindings(self):
        return self.env["connector.binding"].search(
            [
                ("backend_model", "=", self.backend._name),
                ("backend_id", "=", self.backend.id),
            ]
        )

    def product_of(self, external_id):
        binding = self.bindings().filtered(lambda b: b.external_id == external_id)
        return self.env[binding.res_model].browse(binding.res_id)

    def done_steps(self, logs):
        return [line for line in logs.output if "done in" in line]

    def test_import_creates_products_and_bindings_in_one_create(self):
        ids = [self.sim.add(f"Desk {i}", f"DESK-{i}") for i in range(3)]
        with self.assertLogs(PROCESS_LOG, logging.INFO) as logs:
            self.backend.import_batch("product.product")
        self.assertEqual(sorted(self.bindings().mapped("external_id")), ids)
        product = self.product_of(ids[2])
        self.assertEqual((product.name, product.default_code), ("Desk 2", "DESK-2"))
        # two pages, one chunk: the override of create ran once, for all three
        created = [s for s in self.done_steps(logs) if "Import product from" in s]
        self.assertEqual(len(created), 1)

    def test_create_returns_the_binding_and_the_record(self):
        external_id = self.sim.add("Chair", "CHAIR")
        result = self.backend.import_record("product.product", external_id)
        self.assert_created(result, "product.product", external_id)

    def test_a_bad_record_gets_its_error_and_the_others_are_imported(self):
        good = self.sim.add("Lamp", "LAMP")
        bad = self.sim.add(None, "NO-NAME")  # a product needs a name
        with self.assertLogs(PROCESS_LOG, logging.INFO) as logs:
            self.backend.import_batch("product.product")
        self.assertEqual(self.bindings().mapped("external_id"), [good])
        errors = self.connector_errors(self.backend)
        self.assertEqual(errors.mapped("external_id"), [bad])
        self.assertEqual(errors.kind, "bad_data")
        self.assertTrue(
            [s for s in self.done_steps(logs) if "Import product from" in s]
        )

    def test_export_creates_the_remote_record(self):
        product = self.env["product.product"].create(
            {"name": "Shelf", "default_code": "SHELF"}
        )
        with self.assertLogs(PROCESS_LOG, logging.INFO) as logs:
            result = self.backend.export_record(product)
        (remote,) = self.sim.products.values()
        self.assertEqual((remote["title"], remote["sku"]), ("Shelf", "SHELF"))
        created = self.assert_created(result, "product.product", remote["id"])
        self.assertEqual(created, product)
        self.assertTrue([s for s in self.done_steps(logs) if "Export product to" in s])

    def test_no_ping_pong(self):
        imported = self.sim.add("Table", "TABLE")
        self.backend.import_batch("product.product")
        product = self.product_of(imported)
        exports = self.env["queue.job"].search_count(
            [
                ("model_name", "=", self.backend._name),
                ("method_name", "=", "export_record"),
            ]
        )
        self.assertFalse(exports)  # the import's writes queue no export
        self.sim.calls.clear()
        self.backend.export_record(product)  # unchanged since imported
        exported = self.env["product.product"].create(
            {"name": "Stool", "default_code": "STOOL"}
        )
        self.backend.export_record(exported)
        self.assertEqual(
            [c for c in self.sim.calls if c[0] != "GET"], [("POST", "/products")]
        )
        written = (product.write_date, exported.write_date)
        self.backend.import_batch("product.product")  # what Odoo sent comes back
        state = self.env["connector.sync.state"]._for(
            self.backend, "product.product", "import"
        )
        counts = (state.created_count, state.updated_count, state.skipped_count)
        self.assertEqual(counts, (0, 0, 2))
        self.assertEqual((product.write_date, exported.write_date), written)
        self.assertEqual(len(self.bindings()), 2)
