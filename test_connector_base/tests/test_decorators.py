# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.tests.common import TransactionCase

from odoo.addons.component.core import Component
from odoo.addons.connector_base import (
    adapter,
    apply_on,
    collection,
    decorators,
    exporter,
    import_mapper,
    importer,
)
from odoo.addons.connector_base.decorators import DecoratorUsageError
from odoo.addons.connector_base.tests.common import forget_components_declared_in


class TestDecorators(TransactionCase):
    def setUp(self):
        super().setUp()
        self.backend = self.env["test.connector.backend"].create({"name": "Deco"})
        forget_components_declared_in(self)

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

    def test_collection_defaults_to_the_one_backend_of_the_addon(self):
        @importer("test.deco.default")
        @apply_on("res.partner")
        class Default:
            pass

        self.assertEqual(Default._collection, "test.connector.backend")

    def test_classes_whose_source_cannot_be_read(self):
        made = importer("test.deco.made")(apply_on("res.partner")(type("Made", (), {})))
        namespace = {"importer": importer, "apply_on": apply_on, "__name__": __name__}
        code = "@apply_on('res.partner')\n@importer('test.deco.exec')\nclass Exec: pass"
        exec(code, namespace)
        for component in (made, namespace["Exec"]):
            self.assertTrue(issubclass(component, Component))
            self.assertEqual(component._usage, "record.importer")
            self.assertEqual(component._apply_on, ["res.partner"])

    def test_decorator_made_by_a_helper(self):
        def partner_importer(name):
            return importer(name)

        @partner_importer("test.deco.helper")
        @apply_on("res.partner")
        class Helped:
            pass

        self.assertEqual(Helped._usage, "record.importer")

    def test_decorator_kept_in_a_variable_is_waited_for(self):
        on_partners = apply_on("res.partner")

        @importer("test.deco.early")
        @apply_on("res.partner")
        class Early:
            pass

        self.assertFalse(issubclass(Early, Component))  # waits for on_partners

        @on_partners
        @exporter("test.deco.late")
        class Late:
            pass

        self.assertEqual(Late._usage, "record.exporter")
        self.assertEqual(Early._connector_spec["component"]._usage, "record.importer")

    def test_a_failed_class_statement_leaves_nothing_waiting(self):
        def import_a_broken_module():
            code = (
                "@importer('test.deco.broken')\n@apply_on(no_such_name)\nclass B: pass"
            )
            exec(code, {"importer": importer, "apply_on": apply_on})

        with self.assertRaises(NameError):
            import_a_broken_module()

        @importer("test.deco.after")
        @apply_on("res.partner")
        class After:
            pass

        self.assertTrue(issubclass(After, Component))

    def assertMisuse(self, *words):
        return self.assertRaisesRegex(DecoratorUsageError, ".*".join(words))

    def test_missing_collection(self):
        """Without @collection, an addon declaring two backends is ambiguous."""
        two = ["test.connector.backend", "test.connector.other.backend"]
        with (
            patch.object(decorators, "_addon_backends", return_value=two),
            self.assertMisuse("NoCollection", "no @collection", "Add @collection"),
        ):

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

    def test_without_apply_on_it_applies_to_every_model(self):
        @import_mapper("test.deco.everymodel")
        @collection("test.connector.backend")
        class EveryModel:
            pass

        self.assertIsNone(EveryModel._apply_on)
        self.assertIsNone(EveryModel.apply_on_models)

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
