# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _

from odoo.addons.component.core import Component

from ..process import process

_logger = logging.getLogger(__name__)


class ConnectorBaseRecordExporter(Component):
    """Exports one Odoo record, on OCA's ``generic.exporter`` flow (its hooks
    ``_has_to_skip``, ``_export_dependencies``, ``_lock`` (the record's row,
    FOR UPDATE NOWAIT), ``_validate_create_data``, ``_after_export`` apply).

    Added: skip when unchanged since the last sync, the conflict policy when
    the external record changed too, and a look on the external side before a
    create (``adapter.find_record``) so that a retry never creates twice."""

    _name = "connector.base.record.exporter"
    _inherit = ["generic.exporter", "connector.base"]
    _usage = "record.exporter"
    _direction = "export"

    def __init__(self, work_context):
        super().__init__(work_context)
        self.state = None
        self._force = False
        self._created = False
        self._payload = None

    @process(description="Export a record")
    def run(self, binding, force=False, fields=None):
        """Export ``binding`` (the Odoo record); returns what was created
        remotely as ``[{"binding_id": ..., "binding_model_name": ...}]``."""
        self.binding = binding
        self._force = force
        self.state = self.binder.states_by_record(binding).get(binding.id)
        self.external_id = self.state and self.binder.to_external(binding)
        result = self._run(fields=fields)
        if self.external_id and not self._skipped:
            state = self.binder.bind(self.external_id, binding, **self._sync_values())
            self._after_export()
            if self._created:
                return [{"binding_id": state.id, "binding_model_name": state._name}]
        return result

    _skipped = False

    def _has_to_skip(self):
        self._skipped = not self._force and self._unchanged()
        if not self._skipped and self.state and not self._force:
            self._skipped = not self._odoo_wins_conflict()
        return self._skipped

    def _unchanged(self):
        if not self.state or not self.state.odoo_write_date:
            return False
        written = self.binder.odoo_write_date(self.binding)
        return bool(written and written <= self.state.odoo_write_date)

    def _external_record(self):
        try:
            return self.backend_adapter.get_record(self.external_id)
        except NotImplementedError:
            return None

    def _odoo_wins_conflict(self):
        """The external record changed too since the last sync: the backend's
        policy decides, and the conflict is logged."""
        remote = self._external_record()
        if remote is None:
            return True
        adapter = self.backend_adapter
        updated_at = adapter.updated_at_of(remote)
        if updated_at and self.state.external_updated_at:
            changed = updated_at > self.state.external_updated_at
        else:
            changed = adapter.digest_of(remote) != self.state.external_hash
        if not changed:
            return True
        policy = self.backend_record.conflict_policy
        if policy == "newest":
            odoo_time = self.binder.odoo_write_date(self.binding)
            odoo_wins = not updated_at or (odoo_time and odoo_time > updated_at)
        else:
            odoo_wins = policy == "odoo"
        message = (
            f"{self.model._name} {self.binding.id} ({self.external_id}) changed in "
            f"Odoo and on {self.backend_record.display_name}; policy '{policy}': "
            f"the {'Odoo' if odoo_wins else 'external'} version is kept."
        )
        _logger.warning(message)
        self.env["connector.error"]._record(
            {
                "backend_model": self.backend_record._name,
                "backend_id": self.backend_record.id,
                "model_name": self.model._name,
                "external_id": self.external_id,
                "record_ref": f"{self.binding._name},{self.binding.id}",
                "step": "Export conflict",
                "kind": "conflict",
                "message": message,
                "state": "resolved",
            }
        )
        return odoo_wins

    def _map_data(self):
        map_record = super()._map_data()
        self._payload = map_record.values()
        return map_record

    def _create(self, data):
        self._validate_create_data(data)
        existing = self.backend_adapter.find_record(data)
        if existing:
            # an earlier attempt created it before failing: adopt, don't duplicate
            _logger.info("%s already exists remotely as %s", self.binding, existing)
            self.external_id = existing
            self._update(data)
            self._created = True
            return existing
        self._created = True
        return self.backend_adapter.create_record(data)

    def _update(self, data):
        self._validate_update_data(data)
        self.backend_adapter.update_record(self.external_id, data)

    def _sync_values(self):
        """State after the export, read back so that the next import sees the
        external record as up to date (no ping-pong)."""
        remote = self._external_record()
        adapter = self.backend_adapter
        self.binding.flush_recordset()
        return {
            "odoo_write_date": self.binder.odoo_write_date(self.binding),
            "external_updated_at": remote and adapter.updated_at_of(remote),
            "external_hash": remote and adapter.digest_of(remote),
            "sync_direction": "export",
        }

    def export_records(self, records, force=False):
        """Export several records, each in its own savepoint: one failing
        record gets an error record (by ``run``'s @process), not the others."""
        done = 0
        for record in records:
            exporter = self.component(usage="record.exporter")
            try:
                with self.env.cr.savepoint():
                    exporter.run(record, force=force)
                done += 1
            except Exception as error:
                if not getattr(error, "_connector_recorded", False):
                    raise
        return _("%(done)s of %(total)s records exported") % {
            "done": done,
            "total": len(records),
        }
