# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The updates of a page, written together: one bad record among them is
isolated, the others are written with their history and counted."""

from .common import ConnectorCase


class TestImportPageUpdates(ConnectorCase):
    def test_a_bad_update_is_isolated_and_the_others_are_written(self):
        ids = [self.sim.add_item(f"P{i}", f"p{i}@example.com") for i in range(3)]
        self.import_partners()
        hashes = {b.external_id: b.external_hash for b in self.bindings()}
        self.sim.touch(ids[0], name="P0 renamed")
        self.sim.touch(ids[1], name=None)  # a contact needs a name
        self.sim.touch(ids[2], name="P2 renamed")
        self.import_partners()
        self.assertEqual(self.partner_of(ids[0]).name, "P0 renamed")
        self.assertEqual(self.partner_of(ids[1]).name, "P1")
        self.assertEqual(self.partner_of(ids[2]).name, "P2 renamed")
        state = self.env["connector.sync.state"]._for(
            self.backend, "res.partner", "import"
        )
        self.assertEqual((state.updated_count, state.failed_count), (2, 1))
        error = self.env["connector.error"].search(
            [("backend_id", "=", self.backend.id), ("external_id", "=", ids[1])]
        )
        self.assertEqual(len(error), 1)
        # the bad record's binding keeps its last sync: the next run retries it
        bindings = {b.external_id: b for b in self.bindings()}
        self.assertEqual(bindings[ids[1]].external_hash, hashes[ids[1]])
        self.assertNotEqual(bindings[ids[0]].external_hash, hashes[ids[0]])
        changes = self.env["connector.sync.change"].search(
            [("backend_id", "=", self.backend.id), ("direction", "=", "import")]
        )
        self.assertEqual(sorted(changes.mapped("external_id")), [ids[0], ids[2]])
