# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests.common import TransactionCase

from odoo.addons.component.core import Component, MetaComponent
from odoo.addons.connector_base import (
    adapter,
    apply_on,
    collection,
    exporter,
    import_mapper,
    importer,
)
from odoo.addons.connector_base.decorators import DecoratorUsageError


class TestDecorators(TransactionCase):
    def setUp(self):
        super().setUp()
        self.backend = self.env["test.connector.backend"].create({"name": "Deco"})
        self._before = {
            k: list(v) for k, v in MetaComponent._modules_components.items()
        }
        self.addCleanup(self._forget_test_components)

    def _forget_test_components(self):
        MetaComponent._modules_components.clear()
        MetaComponent._modules_components.update(self._before)

    def test_decorated_classes_are_components_of_their_collection(self):
        with self.backend.work_on("res.partner") as work:
            importer_ = work.component(usage="record.importer")
            mapper = work.component(usage="import.mapper")
            adapter_ = work.component(usage="backend.adapter")
        self.assertEqual(importer_._name, "test.partner.importer")
        self.assertIsInstance(importer_, Component)
        self.assertEqual(importer_._collection, "test.connector.backend")
        self.assertEqual(mapper._name, "test.partner.import.mapper")
        self.assertEqual(adapter_._name, "test.partner.adapter")
        # super() in the plain class reaches the generic flow
        self.assertIn("connector.base.record.importer", importer_._inherit)
        self.assertTrue(hasattr(importer_, "import_records"))

    def test_plain_oca_component_mixes_with_decorated_ones(self):
        binding = "test.connector.category.binding"
        with self.backend.work_on(binding) as work:
            self.assertEqual(
                work.component(usage="import.mapper")._name,
                "test.category.import.mapper",
            )
            self.assertEqual(
                work.component(usage="record.importer")._name, "test.category.importer"
            )

    def test_stack_order_does_not_matter(self):
        @importer("test.deco.a")
        @apply_on("res.partner")
        @collection("test.connector.backend")
        class A:
            pass

        @collection("test.connector.backend")
        @importer("test.deco.b")
        @apply_on("res.partner")
        class B:
            pass

        for component in (A, B):
            self.assertTrue(issubclass(component, Component))
            self.assertEqual(component._usage, "record.importer")
            self.assertEqual(component._collection, "test.connector.backend")
            self.assertEqual(component._apply_on, ["res.partner"])
            self.assertEqual(component.__module__, __name__)

    def assertMisuse(self, *words):
        return self.assertRaisesRegex(DecoratorUsageError, ".*".join(words))

    def test_missing_collection(self):
        with self.assertMisuse("NoCollection", "no @collection", "Add @collection"):

            @importer("test.deco.nocoll")
            @apply_on("res.partner")
            class NoCollection:
                pass

    def test_unknown_backend(self):
        with self.assertMisuse("Unknown", "names no Odoo model"):

            @adapter("test.deco.unknown")
            @collection("no.such.backend")
            class Unknown:
                pass

    def test_two_kinds(self):
        with self.assertMisuse("Both", "decorated as @exporter and @importer", "split"):

            @importer("test.deco.both")
            @exporter("test.deco.both2")
            @apply_on("res.partner")
            @collection("test.connector.backend")
            class Both:
                pass

    def test_duplicate_name(self):
        with self.assertMisuse(
            "Dup", "already claims the name 'test.partner.importer'"
        ):

            @importer("test.partner.importer")
            @apply_on("res.partner")
            @collection("test.connector.backend")
            class Dup:
                pass

    def test_missing_apply_on(self):
        with self.assertMisuse("NoModel", "has no @apply_on"):

            @import_mapper("test.deco.nomodel")
            @collection("test.connector.backend")
            class NoModel:
                pass

    def test_without_parentheses(self):
        with self.assertMisuse("Bare", "without a component name"):

            @importer
            class Bare:
                pass

    def test_on_a_component(self):
        with self.assertMisuse("Already", "already is a Component"):

            @adapter("test.deco.already")
            @collection("test.connector.backend")
            class Already(Component):
                _register = False
