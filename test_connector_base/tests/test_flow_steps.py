# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The features' steps of the flows are components found by usage: a
connector replaces one with a component of its own collection, without
patching the flow."""

from odoo.addons.component.core import Component, _component_databases
from odoo.addons.connector_base.tests.common import forget_components_declared_in

from .common import ConnectorCase


class TestFlowSteps(ConnectorCase):
    def build(self, component_class):
        """Add ``component_class`` to this database's components for the test."""
        registry = _component_databases[self.env.cr.dbname]
        component_class._build_component(registry)
        registry._cache.clear()

        def forget():
            del registry._components[component_class._name]
            registry._cache.clear()

        self.addCleanup(forget)

    def setUp(self):
        super().setUp()
        forget_components_declared_in(self)

    def test_a_connector_replaces_the_review_step(self):
        held = []

        class HoldInAList(Component):
            _name = "test.import.review"
            _inherit = "connector.base.import.review"
            _collection = "test.connector.backend"

            def hold(self, created):
                held.extend(entry["record"] for entry in created)
                return self.env["connector.review"]

        self.build(HoldInAList)
        rule = self.env["connector.sync.state"]._for(
            self.backend, "res.partner", "import"
        )
        rule.review_new_records = True
        ids = [self.sim.add_item(f"P{i}", f"p{i}@example.com") for i in range(2)]
        self.import_partners()
        partners = self.env["res.partner"].browse(self.bindings().mapped("res_id"))
        self.assertEqual(len(partners), len(ids))
        self.assertEqual(sorted(p.id for p in held), sorted(partners.ids))
        # the generic step, replaced, flagged nothing
        self.assertFalse(
            self.env["connector.review"].search(
                [("res_model", "=", "res.partner"), ("res_id", "in", partners.ids)]
            )
        )

    def test_the_generic_review_step_holds_new_records(self):
        rule = self.env["connector.sync.state"]._for(
            self.backend, "res.partner", "import"
        )
        rule.review_new_records = True
        self.sim.add_item("P", "p@example.com")
        self.import_partners()
        partner = self.partner_of(self.bindings().external_id)
        self.assertTrue(
            self.env["connector.review"].search(
                [("res_model", "=", "res.partner"), ("res_id", "=", partner.id)]
            )
        )
