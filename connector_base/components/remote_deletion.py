# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The import's "mark gone" step: bindings of records gone remotely (a 404 on
read, a deleted flag, ``_is_gone_remotely``, or missing from a complete
listing) are marked, and the backend's ``remote_deletion_policy`` archives,
deletes or keeps their Odoo records; a record that comes back is restored."""

import logging

from odoo import _, fields

from odoo.addons.component.core import Component

from .. import secrets

_logger = logging.getLogger(__name__)

#: the plan of an external record deleted remotely (see the record importer)
GONE = "gone"


class ConnectorBaseRemoteDeletion(Component):
    _name = "connector.base.remote.deletion"
    _inherit = "connector.base"
    _usage = "remote.deletion"

    def _odoo_record(self, state):
        """The Odoo record of a binding (a concrete one unwrapped)."""
        record = self.binder.unwrap_binding(state._connector_record())
        return record.with_context(**self._write_context())

    def mark_unlisted(self, listed_ids, run_start):
        """A complete listing was read: the bound records it did not hold are
        gone, once a direct read confirms it (a page the system cut short
        without saying so must archive nothing), except those bound since
        the listing started (an export may have created them meanwhile)."""
        unmarked = [
            ("external_deleted_at", "=", False),
            "|",
            ("sync_date", "=", False),
            ("sync_date", "<", run_start),
        ]
        unlisted = [
            eid for eid in self.binder.external_ids(unmarked) if eid not in listed_ids
        ]
        if not unlisted:
            return 0
        found = self.backend_adapter.get_records_by_ids(unlisted)
        return self.mark_gone([eid for eid in unlisted if eid not in found])

    def mark_gone(self, external_ids):
        """Mark the bindings of ``external_ids`` gone and apply the policy to
        their Odoo records; returns how many were newly marked."""
        states = [
            state
            for state in self.binder.bindings_by_external(external_ids).values()
            if not state.external_deleted_at
        ]
        policy = self.backend_record.remote_deletion_policy
        field = self.binder._external_field
        for state in states:
            external_id = state[field]
            _logger.info(
                "%s %s is gone from %s: %s",
                self.model._name,
                external_id,
                self.backend_record.display_name,
                policy,
            )
            record = self._odoo_record(state)
            if policy == "unlink" and self._unlink(record, external_id):
                continue  # its binding went with it
            state = state.with_context(**self._write_context())
            state.external_deleted_at = fields.Datetime.now()
            if policy in ("archive", "unlink"):
                self._archive(state, record, external_id)
        return len(states)

    def _unlink(self, record, external_id):
        """Delete the Odoo record; False when it cannot be (still referenced,
        e.g. by invoices): then it is archived, and an error says why."""
        try:
            with self.env.cr.savepoint():
                record.unlink()
            return True
        except Exception as error:
            self._keep_error(
                "Apply a remote deletion",
                _(
                    "%(record)s is gone from %(backend)s but cannot be deleted in "
                    "Odoo (%(error)s); it is archived instead."
                )
                % {
                    "record": record.display_name,
                    "backend": self.backend_record.display_name,
                    "error": secrets.redact(str(error))[:500],
                },
                external_id=external_id,
                record=record,
            )
            return False

    def _archive(self, state, record, external_id):
        if "active" not in record._fields:
            self._keep_error(
                "Apply a remote deletion",
                _(
                    "%(record)s is gone from %(backend)s; %(model)s records cannot "
                    "be archived: it is kept."
                )
                % {
                    "record": record.display_name,
                    "backend": self.backend_record.display_name,
                    "model": record._description,
                },
                external_id=external_id,
                record=record,
            )
            return
        if not record.active:
            return  # archived in Odoo already: not ours to restore
        record.active = False
        self._sync_odoo_write_date(state, archived_as_gone=True)

    def _sync_odoo_write_date(self, state, **values):
        """(Un)archiving is no Odoo change to weigh against the next import
        or to export: the binding takes the record's new write date."""
        record = state._connector_record()
        record.flush_recordset()
        values["odoo_write_date"] = self.binder.odoo_write_date(record)
        state.with_context(**self._write_context()).write(values)

    def restore(self, states):
        """The external records of ``states`` are back: un-mark them, and
        unarchive the Odoo records archived for being gone."""
        for state in states:
            if not state.external_deleted_at:
                continue
            values = {"external_deleted_at": False, "archived_as_gone": False}
            if state.archived_as_gone:
                self._odoo_record(state).active = True
                self._sync_odoo_write_date(state, **values)
            else:
                state.with_context(**self._write_context()).write(values)
