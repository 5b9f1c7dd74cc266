# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _

from odoo.addons.component.core import Component

from ..exceptions import AdapterContractError
from ..plan import CREATE, SKIP, UPDATE, changed_since, retry_later
from ..process import classify, process

_logger = logging.getLogger(__name__)


class ConnectorBaseRecordExporter(Component):
    """Exports Odoo records on OCA's ``generic.exporter`` flow and hooks
    (OCA's ``_has_to_skip`` asks ``_must_skip(record)``, the importer's
    name), adding: skip when unchanged, the conflict policy, a look for the
    external record before a create (a retry never creates twice), the
    ``create`` step an author may override, and the history of updates."""

    _name = "connector.base.record.exporter"
    _inherit = ["generic.exporter", "connector.base"]
    _usage = "record.exporter"
    _direction = "export"

    def __init__(self, work_context):
        super().__init__(work_context)
        self.state = None
        self._force = False
        self._created = []
        self._payload = None

    @process(description="Export a record")
    def run(self, binding, force=False, fields=None):
        """Export ``binding`` (the Odoo record); returns ``create``'s entries
        when it was created."""
        self._take(binding, force, self.binder.bindings_by_record(binding))
        result = self._run(fields=fields)
        if self._created:  # created and bound
            self._after_export()
            return self._created
        # OCA's _run returns nothing when _has_to_skip said so
        if self.external_id and result is not None:
            # read back: the next import sees it up to date (no ping-pong)
            [values] = self._binding_values([(binding, self._external_record())])
            self.binder.bind(self.external_id, binding, **values)
            self._after_export()
        return result

    def _take(self, binding, force, bindings, remote_cache=None):
        """The record this exporter works on (OCA's exporter keeps it on
        self), its binding read among ``bindings`` (``{record id: binding}``)."""
        self.binding, self._force, self._remote_cache = binding, force, remote_cache
        self.state = bindings.get(binding.id)
        self.external_id = (
            self.state[self.binder._external_field] if self.state else None
        )

    def _has_to_skip(self):
        # OCA's name of the skip hook: connector_base's is _must_skip
        return self._must_skip(self.binding)

    def _must_skip(self, record):
        """Skip ``record`` unchanged since its last export, or whose external
        record changed too and wins the conflict."""
        if self._force:
            return False
        if not self.binder.odoo_changed(self.binding, self.state):
            return True
        return bool(self.state) and not self._odoo_wins_conflict()

    #: external records read in bulk by a chunk export, by external id
    _remote_cache = None
    #: the external record as read before the export (conflict check), if read
    _remote_before = None

    def _external_record(self):
        if self._remote_cache is not None:
            return self._remote_cache.get(self.external_id)
        try:
            return self.backend_adapter.get_record(self.external_id)
        except NotImplementedError:
            return None

    def _odoo_wins_conflict(self):
        """When the external record changed too, the conflict policy decides."""
        remote = self._remote_before = self._external_record()
        if remote is None:
            return True
        adapter = self.backend_adapter
        if not changed_since(adapter, remote, self.state):
            return True
        return self._incoming_wins(
            self.binding, self.external_id, adapter.updated_at_of(remote)
        )

    def _create(self, data):
        """OCA's hook for a new record: adopt what an earlier attempt created,
        else ``create``."""
        self._payload = data  # what the step's error record shows
        self._validate_create_data(data)
        existing = self.backend_adapter.find_record(data)
        if existing:
            # an earlier attempt created it before failing: adopt, don't duplicate
            _logger.info("%s already exists remotely as %s", self.binding, existing)
            self.external_id = existing
            self._update(data)
            self._created = self._bind_exported([(self.binding, existing, True)])
            return existing
        self._created = self.create([(self.binding, data)])
        return self.binder.to_external(self.binding)

    # the component's creation step, not the ORM's create: nothing above it
    def create(self, items, isolate=False):  # pylint: disable=method-required-super
        """The creation step: create the external records of ``(Odoo record,
        data)`` items and bind them; returns one ``{"binding_id": ...,
        "binding_model_name": ..., "record": ...}`` per record. With
        ``isolate`` (a bulk chunk), one ``create_records`` call, and a record
        refused gets an error record while the others are created."""
        adapter = self.backend_adapter
        datas = [data for __, data in items]
        if isolate:
            results = adapter.create_records(datas)
        else:
            results = [(adapter.create_record(data), None) for data in datas]
        done = []
        for (record, data), (external_id, error) in zip(items, results, strict=True):
            if error:
                self._record_item_failure(record, None, error, "bad_data", data)
            elif external_id is None or external_id == "":
                # never bind to "None": nothing of the chunk is bound
                raise AdapterContractError(
                    f"{adapter._name}: the create of {record.display_name} "
                    f"returned {external_id!r}: it must return the new record's "
                    "external id."
                )
            else:
                done.append((record, external_id, True))
        return self._bind_exported(done)

    def _update(self, data):
        self._payload = data  # what the step's error record shows
        self._validate_update_data(data)
        self.backend_adapter.update_record(self.external_id, data)
        self.component(usage="sync.history").log_sent(
            [(self.binding, self.external_id, data, self._remote_before)]
        )

    def export_records(self, records, force=False):
        """Export a chunk, each record in a savepoint (a failing one gets an
        error record), or in a few calls with a bulk adapter."""
        if self.backend_adapter._bulk_write:
            return self._export_bulk(records, force)
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
        # the bulk path counts created and updated apart (_export_bulk)
        self.sync_state._count(updated=done, failed=len(records) - done)
        return _("%(done)s of %(total)s records exported") % {
            "done": done,
            "total": len(records),
        }

    # -- a chunk in a few calls (adapters with ``_bulk_write``) ---------------

    def _prepare(self, binding, force, remote_cache, bindings, options):
        """(action, external id, data) of one record of a bulk export, after
        ``run``'s checks."""
        self._take(binding, force, bindings, remote_cache)
        self.advisory_lock_or_retry(self._lock_key("export", binding.id))
        if self._has_to_skip():
            return SKIP, None, None
        self._export_dependencies()
        map_record = self._map_data()
        if self.external_id:
            data = self._update_data(map_record, **options)
            self._validate_update_data(data)
            return UPDATE, self.external_id, data
        data = self._create_data(map_record, **options)
        self._validate_create_data(data)
        return CREATE, None, data

    @process(description="Export a chunk of records")
    def _export_bulk(self, records, force):
        records = records.exists()  # some may have been deleted since queued
        self._payload = {"count": len(records), "ids": records.ids}
        bindings = self.binder.bindings_by_record(records)
        plans, failures, remote = self._plan_chunk(
            records, bindings, force, self._chunk_mapper_options(records)
        )
        creates = self._adopt_created(plans)
        created = self.create(creates, isolate=True) if creates else []
        done = []  # (record, external id, adopted: an earlier attempt created it)
        updates, updated = plans[UPDATE], []
        if updates:
            errors = self.backend_adapter.update_records(
                [(eid, data) for __, eid, data in updates]
            )
            for (record, external_id, data), error in zip(updates, errors, strict=True):
                if error:
                    failures.append((record, external_id, error, "bad_data", data))
                else:
                    done.append((record, external_id, record.id not in bindings))
                    updated.append((record, external_id, data, remote.get(external_id)))
        self.component(usage="sync.history").log_sent(updated)
        adopted = self._bind_exported(done)
        for failure in failures:
            self._record_item_failure(*failure)
        self.sync_state._count(
            created=len(created) + len(adopted),
            updated=len(done) - len(adopted),
            skipped=len(plans[SKIP]),
            failed=len(failures) + len(creates) - len(created),
        )
        return created + adopted

    def _chunk_mapper_options(self, records):
        """The export mapper's ``self.options`` for a chunk: data computed once
        for it (e.g. all its prices in a few queries)."""
        return {}

    def _plan_chunk(self, records, bindings, force, options):
        """``({action: [(record, external id, data)]}, failures, {external id:
        external record})`` of a chunk, the external records read in one
        call; a failure is ``(record, external id, message, kind, data)``."""
        field = self.binder._external_field
        remote = self.backend_adapter.get_records_by_ids(
            [binding[field] for binding in bindings.values() if binding[field]]
        )
        plans, failures = {CREATE: [], UPDATE: [], SKIP: []}, []
        for record in records:
            exporter = self.component(usage="record.exporter")
            try:
                with self.env.cr.savepoint():
                    action, external_id, data = exporter._prepare(
                        record, force, remote, bindings, options
                    )
            except Exception as error:
                if retry_later(error):
                    raise
                failures.append(
                    (record, exporter.external_id or None, error, classify(error), None)
                )
                continue
            plans[action].append((record, external_id, data))
        return plans, failures, remote

    def _adopt_created(self, plans):
        """Records an earlier attempt created (``find_records``) become
        updates; returns the ``(record, data)`` pairs left to create."""
        creates = plans[CREATE]
        found = self.backend_adapter.find_records([data for __, __, data in creates])
        plans[UPDATE] += [
            (record, found[index], data)
            for index, (record, __, data) in enumerate(creates)
            if found.get(index)
        ]
        return [
            (record, data)
            for index, (record, __, data) in enumerate(creates)
            if not found.get(index)
        ]

    def _bind_exported(self, done):
        """Bind what was exported, with the external state read back in one
        call (the next import sees it up to date: no ping-pong)."""
        if not done:
            return []
        adapter = self.backend_adapter
        try:
            remote = adapter.get_records_by_ids([eid for __, eid, __ in done])
        except NotImplementedError:  # an adapter that cannot read records
            remote = {}
        values = self._binding_values(
            [(record, remote.get(eid)) for record, eid, __ in done]
        )
        states = self.binder.bind_many(
            [
                (eid, record, record_values)
                for (record, eid, __), record_values in zip(done, values, strict=True)
            ]
        )
        self.env["connector.error"]._resolve_many(
            self.backend_record, self.model._name, [r for r, __, __ in done]
        )
        return self._created_entries(
            (state, record)
            for state, (record, __, created) in zip(states, done, strict=True)
            if created
        )

    def _record_item_failure(self, record, external_id, message, kind, data):
        """An error record for one record of a chunk (the chunk goes on)."""
        self._keep_error(
            "Export a record",
            message,
            kind=kind,
            external_id=external_id,
            record=record,
            payload=data,
        )
