# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The "record history" step of both flows (``connector.sync.change``): the
fields an import changed, before and after, and the exports that updated the
remote record. Creations are not logged: the binding's creation date says it."""

from odoo.addons.component.core import Component


class ConnectorBaseSyncHistory(Component):
    _name = "connector.base.sync.history"
    _inherit = "connector.base"
    _usage = "sync.history"

    def watch(self, changes):
        """Before an import writes ``(record, external id, changed values)``:
        what ``log`` needs (fields restricted to groups left out)."""
        history = self.env["connector.sync.change"]
        watched = []
        for record, external_id, values in changes:
            names = [
                name
                for name in values
                if name in record._fields and not record._fields[name].groups
            ]
            if names:
                watched.append(
                    (record, external_id, names, history._display(record, names))
                )
        return watched

    def log(self, direction, watched):
        """After the import's writes: log what ``watch`` saw change."""
        history = self.env["connector.sync.change"]
        history._log(
            self.backend_record,
            direction,
            [
                (record, external_id, history._changes(record, before, names))
                for record, external_id, names, before in watched
            ],
        )

    def log_sent(self, updated):
        """After an export updated external records: ``updated`` are
        ``(record, external id, data sent, external record before or
        None)``."""
        history = self.env["connector.sync.change"]
        history._log(
            self.backend_record,
            "export",
            [
                (record, external_id, history._sent(data, before))
                for record, external_id, data, before in updated
            ],
        )
