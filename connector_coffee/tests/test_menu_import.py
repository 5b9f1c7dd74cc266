# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .common import CoffeeCase


class MenuImportCases:
    """Run for both machine versions (subclasses below)."""

    def test_menu_becomes_products(self):
        self.import_menu()
        beverages = self.beverages()
        self.assertGreaterEqual(len(beverages), 5)
        self.assertTrue(all(b.odoo_id.sale_ok for b in beverages))
        self.assertTrue(beverages.filtered(lambda b: not b.available))
        self.assertTrue(all(b.list_price > 0 for b in beverages))
        self.assertEqual(len(set(beverages.mapped("coffee_id"))), len(beverages))

    def test_second_import_changes_nothing(self):
        self.import_menu()
        self.import_menu()
        state = self.env["connector.sync.state"]._for(
            self.backend, "coffee.product", "import"
        )
        self.assertEqual(state.created_count, 0)
        self.assertEqual(state.skipped_count, len(self.beverages()))

    def test_version_specific_components(self):
        with self.backend.work_on("coffee.product") as work:
            adapter = work.component(usage="backend.adapter")
            mapper = work.component(usage="import.mapper")
        self.assertIn(self.version, adapter._name)
        self.assertIn(self.version, mapper._name)

    def test_status_import(self):
        self.backend.import_status()
        self.assertTrue(0 <= self.backend.water_level <= 100)
        self.assertTrue(self.backend.status_date)
        self.assertTrue(self.backend.machine_state)

    def test_machine_offline_is_a_clear_error_and_writes_nothing(self):
        self.sim.add_fault(kind="offline", times=5)
        error = self.failure(self.import_menu)
        self.assertIn("Cannot reach", str(error))
        self.assertFalse(self.beverages())
        self.assertTrue(self.connector_errors(self.backend, kind="transient"))

    def test_malformed_reply_is_bad_data(self):
        self.sim.add_fault(kind="malformed_json", times=5)
        self.failure(self.backend.import_status)
        self.assertFalse(self.backend.status_date)
        self.assertTrue(self.connector_errors(self.backend, kind="bad_data"))

    def test_wrong_types_leave_no_partial_data(self):
        self.sim.add_fault(kind="unknown_field_types", times=5)
        self.import_menu()
        self.assertFalse(self.beverages())
        errors = self.connector_errors(self.backend, kind="bad_data")
        self.assertTrue(errors)
        self.assertIn("should be", errors[0].message)


class TestMenu1900(MenuImportCases, CoffeeCase):
    version = "1900"


class TestMenu2900(MenuImportCases, CoffeeCase):
    version = "2900"

    def test_names_in_the_backend_language(self):
        self.backend.default_lang_id = self.env.ref("base.lang_fr")
        self.import_menu()
        espresso = self.beverages().filtered(lambda b: b.coffee_id == "espresso")
        self.assertEqual(espresso.with_context(lang="fr_FR").name, "Expresso")
