# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A run that grew a bindings table past its planner statistics analyses it
when it ends (planner_statistics.py): the next run's page lookups are
planned for the table as it is."""

from unittest.mock import patch

from odoo.addons.connector_base import planner_statistics

from .common import ConnectorCase


class TestBindingStatistics(ConnectorCase):
    def known_and_held(self, table):
        """The rows the planner's statistics know of, and those the table
        holds (this transaction's own included: ANALYZE counts them)."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        known = cr.fetchone()[0]
        cr.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (a test's table)
        return known, cr.fetchone()[0]

    def import_after_analysis(self, table, model, min_rows):
        """Analyse ``table``, then import three new records of ``model`` with
        the growth that triggers an analysis set to ``min_rows`` rows."""
        self.env.cr.execute(f'ANALYZE "{table}"')
        before = self.known_and_held(table)
        self.assertEqual(before[0], before[1])
        with (
            patch.object(planner_statistics, "GROWTH", 0),
            patch.object(planner_statistics, "MIN_ROWS", min_rows),
        ):
            self.backend.import_batch(model)
        after = self.known_and_held(table)
        self.assertEqual(after[1], before[1] + 3)
        return before, after

    def add_partners(self):
        for i in range(3):
            self.sim.add_item(f"P{i}", f"p{i}@example.com")

    def test_a_run_that_grew_the_table_enough_analyses_it(self):
        self.add_partners()
        before, after = self.import_after_analysis(
            "connector_binding", "res.partner", min_rows=3
        )
        self.assertEqual(after[0], before[1] + 3)

    def test_a_run_that_grew_it_less_leaves_its_statistics(self):
        self.add_partners()
        before, after = self.import_after_analysis(
            "connector_binding", "res.partner", min_rows=4
        )
        self.assertEqual(after[0], before[0])

    def test_a_concrete_binding_model_has_its_own_table_analysed(self):
        for i in range(3):
            self.sim.tags[f"T{i}"] = {"id": f"T{i}", "name": f"Tag {i}"}
        table = self.env["test.connector.category.binding"]._table
        before, after = self.import_after_analysis(
            table, "test.connector.category.binding", min_rows=3
        )
        self.assertEqual(after[0], before[1] + 3)
