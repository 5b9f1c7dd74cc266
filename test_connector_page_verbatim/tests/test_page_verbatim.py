# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The product page's code, as printed: its ``pass`` stubs fail clearly and
bind nothing; with real adapter bodies it synchronises both ways; its
one-line example loads."""

import json
from unittest.mock import patch

from odoo.addons.connector_base import AdapterContractError, collection, importer
from odoo.addons.connector_base.decorators import DecoratorUsageError
from odoo.addons.connector_base.tests.common import forget_components_declared_in
from odoo.addons.connector_base.tests.simulator_case import SimulatorCase
from odoo.addons.test_connector_page_form.components import product as page_form
from odoo.addons.test_connector_page_form.tests import test_page_form as page_form_tests
from odoo.addons.test_connector_page_form.tests.simulator import Simulator

# the adapter's methods with bodies: those of the page form's connector, whose
# API (the simulator's) stores and returns the records as they are sent
METHODS = ("get_records", "get_record", "create_record", "update_record")
REAL_BODIES = {name: getattr(page_form.ProductAdapter, name) for name in METHODS}


class TestPageVerbatim(SimulatorCase):
    simulator_class = Simulator
    backend_model = "connector.shopify.backend"

    bindings = page_form_tests.TestPageForm.bindings

    def with_real_bodies(self):
        """The page's adapter, its methods given real bodies."""
        with self.backend.work_on("product.product") as work:
            adapter_class = type(work.component(usage="backend.adapter"))
        bodies = patch.multiple(adapter_class, **REAL_BODIES)
        bodies.start()
        self.addCleanup(bodies.stop)

    def product(self, name, code):
        return self.env["product.product"].create({"name": name, "default_code": code})

    def contract_error(self, message, func, *args):
        """The adapter contract error ``func(*args)`` raises, which says
        ``message``; nothing is bound."""
        error = self.failure(func, *args)
        self.assertIsInstance(error, AdapterContractError)
        self.assertEqual(str(error), message)
        self.assertFalse(self.bindings())
        return error

    # -- the ``pass`` stubs --------------------------------------------------

    def test_import_with_the_pass_stubs_fails_naming_the_method(self):
        self.sim._add({"Title": "Desk", "SKU": "DESK"})
        error = self.contract_error(
            "ProductAdapter.get_records returned None: it must yield pages "
            "(lists of records).",
            self.backend.import_batch,
            "product.product",
        )
        recorded = self.connector_errors(self.backend)
        self.assertEqual(recorded.message, str(error))
        self.assertEqual(recorded.kind, "permanent")

    def test_export_with_the_pass_stubs_fails_and_binds_nothing(self):
        product = self.product("Shelf", "SHELF")
        for __ in range(2):  # a second try: the same error, no "concurrent creation"
            self.contract_error(
                "ProductAdapter.create_record returned None: it must return the "
                "new record's external id.",
                self.backend.export_record,
                product,
            )
        # recorded by @process on the page's create, named from its argument
        recorded = self.connector_errors(self.backend)
        self.assertEqual(len(recorded), 1)
        self.assertEqual(recorded.step, "Export product to Shopify")
        self.assertEqual(recorded.attempts, 2)
        self.assertEqual(recorded.record_ref, f"product.product,{product.id}")
        self.assertEqual(
            json.loads(recorded.payload), {"Title": "Shelf", "SKU": "SHELF"}
        )

    # -- the same code with real adapter bodies ------------------------------

    def test_with_real_bodies_it_imports(self):
        self.with_real_bodies()
        ids = [self.sim._add({"Title": f"Desk {i}", "SKU": f"D{i}"}) for i in range(3)]
        self.backend.import_batch("product.product")
        self.assertEqual(sorted(self.bindings().mapped("external_id")), ids)
        products = self.env["product.product"].browse(self.bindings().mapped("res_id"))
        self.assertEqual(sorted(products.mapped("default_code")), ["D0", "D1", "D2"])
        self.assertFalse(self.connector_errors(self.backend))

    def test_with_real_bodies_it_exports(self):
        self.with_real_bodies()
        product = self.product("Shelf", "SHELF")
        [entry] = self.backend.export_record(product)
        [remote] = self.sim.products.values()
        self.assertEqual((remote["Title"], remote["SKU"]), ("Shelf", "SHELF"))
        self.assertEqual(self.bindings().external_id, remote["id"])
        self.assertEqual(entry["binding_id"], self.bindings().id)

    # -- the one-line example ------------------------------------------------

    def test_the_one_line_example_loads(self):
        forget_components_declared_in(self)

        @importer("shopify.import.product")
        @collection("shopify")
        class ShopifyProductImporter:
            """Imports Shopify's products."""

        self.assertEqual(ShopifyProductImporter._collection, self.backend._name)
        self.assertEqual(ShopifyProductImporter._usage, "record.importer")
        # no @apply_on: every model, as an OCA component without _apply_on
        self.assertIsNone(ShopifyProductImporter._apply_on)
        self.assertIsNone(ShopifyProductImporter.apply_on_models)

    def test_a_short_name_of_no_backend_lists_the_known_ones(self):
        forget_components_declared_in(self)
        with self.assertRaisesRegex(
            DecoratorUsageError,
            r"@collection\('nowhere'\) names no Odoo model; backend models "
            r"known: .*connector\.shopify\.backend",
        ):

            @importer("nowhere.import.product")
            @collection("nowhere")
            class Nowhere:
                pass
