# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The history of a bound record (``connector.sync.change``): the fields an
import changed, before and after, and the exports that updated the remote
record, each with its job. Creations are not logged: a binding's creation
date says when a record was first synchronised."""

from odoo.addons.component.core import Component


class RecordImporterHistory(Component):
    # one concern per file: the history's part of the import
    _inherit = "connector.base.record.importer"  # pylint: disable=consider-merging-classes-inherited

    def _update_all(self, items):
        """The page's updates, each with the fields it changes shown before
        and after the writes (fields restricted to some groups left out)."""
        changes = self.env["connector.sync.change"]
        watched = []
        records = self._records_bound_to([state for __, __, state, __ in items])
        for record, (external_id, __, __, values) in zip(records, items, strict=True):
            names = [
                name
                for name in self._changed_values(record, values)
                if name in record._fields and not record._fields[name].groups
            ]
            if names:
                watched.append(
                    (record, external_id, names, changes._display(record, names))
                )
        written = super()._update_all(items)
        changes._log(
            self.backend_record,
            "import",
            [
                (record, external_id, changes._changes(record, before, names))
                for record, external_id, names, before in watched
            ],
        )
        return written


class RecordExporterHistory(Component):
    _inherit = "connector.base.record.exporter"

    def _after_updates(self, updated):
        result = super()._after_updates(updated)
        changes = self.env["connector.sync.change"]
        changes._log(
            self.backend_record,
            "export",
            [
                (record, external_id, changes._sent(data, before))
                for record, external_id, data, before in updated
            ],
        )
        return result
