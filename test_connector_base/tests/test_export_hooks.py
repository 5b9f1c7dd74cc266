# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.component.core import Component
from odoo.addons.component.tests.common import TransactionComponentRegistryCase
from odoo.addons.connector_base import apply_on, collection, exporter


class TestExportHooksOfOld(TransactionComponentRegistryCase):
    """An exporter hook overridden in its released form is never called any
    more: the connector fails at registry load, told the hook's form now."""

    def setUp(self):
        super().setUp()
        self._setup_registry(self)
        self.addCleanup(self._teardown_registry, self)

    def assert_refused(self, component, message):
        with self.assertRaisesRegex(TypeError, message):
            self._build_components(component)

    def test_an_oca_component_with_a_hook_of_old_arguments(self):
        class OldValidation(Component):
            _name = "test.export.old.validation"
            _inherit = "connector.base.record.exporter"
            _collection = "test.connector.backend"

            def _validate_create_data(self, data):
                return None

        self.assert_refused(
            OldValidation,
            r"OldValidation: the exporter no longer calls _validate_create_data "
            r"as defined here: override _validate_create_data\(record, data\) "
            "instead",
        )

    def test_a_decorated_exporter_with_oca_skip_hook(self):
        @exporter("test.export.old.skip")
        @apply_on("res.partner")
        @collection("test.connector.backend")
        class OldSkip:
            def _has_to_skip(self):
                return True

        self.assert_refused(
            OldSkip, r"OldSkip: .* _has_to_skip .*_must_skip\(record, external_id\)"
        )

    def test_after_export_without_its_record(self):
        @exporter("test.export.old.after")
        @apply_on("res.partner")
        @collection("test.connector.backend")
        class OldAfter:
            def _after_export(self):
                return None

        self.assert_refused(OldAfter, r"_after_export\(record, external_id\)")

    def test_hooks_in_their_form_now_load(self):
        @exporter("test.export.hooks.now")
        @apply_on("res.partner")
        @collection("test.connector.backend")
        class Now:
            def _must_skip(self, record, external_id):
                return False

            def _validate_update_data(self, *args):
                return None

            def _after_export(self, record, external_id):
                return None

        self._build_components(Now)
        self.assertIn("test.export.hooks.now", self.comp_registry)
