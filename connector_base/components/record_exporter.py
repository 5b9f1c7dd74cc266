# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The export flow, top to bottom in this file, from an Odoo record to its
binding:

1. ``batch_exporter.py`` finds the records changed since their last export
   and hands chunks to ``export_records``.
2. ``_plan`` for each record: SKIP (the ``_must_skip`` hook, unchanged, or
   the conflict policy says the external version wins), else CREATE or
   UPDATE (``plan.py``) with the mapped data; ``_validate`` checks the data.
3. A new record an earlier attempt created remotely is adopted
   (``find_record``) and updated; the others go to ``create``, the creation
   step. ``_update_all``, the update step, sends the changed ones and the
   ``sync.history`` step logs them.
4. ``_bind_exported``: bindings get the external state read back (the next
   import sees them up to date: no ping-pong), then ``_after_export``.

One record (``run``) goes through the adapter's one-record methods; a chunk
with a bulk adapter (``_bulk_write``) in a few calls, the same plan for each
record. A component exports a whole chunk, so it holds no "current record":
each hook gets the record it works on."""

import inspect
import logging

from odoo import _

from odoo.addons.component.core import Component

from ..exceptions import AdapterContractError
from ..plan import CREATE, SKIP, UPDATE, changed_since, retry_later
from ..process import classify, process

_logger = logging.getLogger(__name__)

#: released exporter hooks whose name or arguments changed: old name -> the
#: hook now; an override of the old form is never called, so it fails at
#: registry load, told the new one
CHANGED_HOOKS = {
    "_has_to_skip": "_must_skip(record, external_id)",
    "_must_skip": "_must_skip(record, external_id)",
    "_export_dependencies": "_export_dependencies(record)",
    "_map_data": "_map_data(record)",
    "_create_data": "_map_data(record)",
    "_update_data": "_map_data(record)",
    "_validate_create_data": "_validate_create_data(record, data)",
    "_validate_update_data": "_validate_update_data(record, external_id, data)",
    "_create": "create(items)",
    "_update": "_update_all(items, isolate=False)",
    "_after_export": "_after_export(record, external_id)",
}


class ConnectorBaseRecordExporter(Component):
    """Exports Odoo records: one (``run``) or a chunk (``export_records``).

    Hooks an author may override: ``create`` (the creation step),
    ``_must_skip``, ``_export_dependencies``, ``_map_data``,
    ``_validate_create_data``, ``_validate_update_data``, ``_after_export``,
    ``_chunk_mapper_options``."""

    _name = "connector.base.record.exporter"
    _inherit = ["base.exporter", "connector.base"]
    _usage = "record.exporter"
    _direction = "export"

    @classmethod
    def _complete_component_build(cls):
        for klass in cls.__mro__:
            for old, new in CHANGED_HOOKS.items():
                if old in klass.__dict__ and not _takes(klass.__dict__[old], new, old):
                    raise TypeError(
                        f"{klass.__module__}.{klass.__qualname__}: the exporter "
                        f"no longer calls {old} as defined here: override {new} "
                        "instead."
                    )
        return super()._complete_component_build()

    # -- one record ------------------------------------------------------------

    @process(description="Export a record")
    def run(self, binding, force=False, fields=None):
        """Export one Odoo record (``binding``); returns ``create``'s entries
        when it was created, else a message (None when skipped)."""
        state = self.binder.bindings_by_record(binding).get(binding.id)
        action, external_id, data, before = self._plan(binding, state, force, fields)
        if action == SKIP:
            return None
        if not data:  # OCA's rule: nothing mapped, nothing sent
            if external_id:
                self._bind_exported([(binding, external_id, False)])
            return _("Nothing to export.")
        return self._export_one([(binding, external_id, data, before)])

    @process(description="Export a record")
    def _export_one(self, items):
        """Send one planned ``(record, external id, data, external record
        before)`` item (a step of its own: its errors show the data)."""
        [(record, external_id, data, before)] = items
        self._validate(record, external_id, data)
        new = not external_id
        if new:
            external_id = self.backend_adapter.find_record(data)
            if not external_id:
                return self.create([(record, data)])
            # an earlier attempt created it before failing: adopt, don't duplicate
            _logger.info("%s already exists remotely as %s", record, external_id)
        self._update_all([(record, external_id, data, before)])
        created = self._bind_exported([(record, external_id, new)])
        return created or _("Record exported with ID %s on Backend.", external_id)

    # -- a chunk -----------------------------------------------------------------

    def export_records(self, records, force=False):
        """Export a chunk, each record in a savepoint (a failing one gets an
        error record), or in a few calls with a bulk adapter."""
        if self.backend_adapter._bulk_write:
            return self._export_bulk(records, force)
        done = 0
        for record in records:
            try:
                with self.env.cr.savepoint():
                    self.run(record, force=force)
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

    @process(description="Export a chunk of records")
    def _export_bulk(self, records, force):
        """A chunk in a few calls (adapters with ``_bulk_write``)."""
        records = records.exists()  # some may have been deleted since queued
        bindings = self.binder.bindings_by_record(records)
        field = self.binder._external_field
        remote = self.backend_adapter.get_records_by_ids(
            [binding[field] for binding in bindings.values() if binding[field]]
        )
        plans, failures = self._plan_chunk(
            records, bindings, force, remote, self._chunk_mapper_options(records)
        )
        creates = self._adopt_created(plans)
        created = self.create(creates, isolate=True) if creates else []
        sent, refused = self._update_all(plans[UPDATE], isolate=True)
        adopted = self._bind_exported(
            [(record, eid, record.id not in bindings) for record, eid, *__ in sent]
        )
        failures += refused
        for failure in failures:
            self._record_item_failure(*failure)
        self.sync_state._count(
            created=len(created) + len(adopted),
            updated=len(sent) - len(adopted),
            skipped=len(plans[SKIP]),
            failed=len(failures) + len(creates) - len(created),
        )
        return created + adopted

    def _chunk_mapper_options(self, records):
        """The export mapper's ``self.options`` for a chunk: data computed once
        for it (e.g. all its prices in a few queries)."""
        return {}

    def _plan_chunk(self, records, bindings, force, remote, options):
        """``({action: [(record, external id, data, external record
        before)]}, failures)`` of a chunk, each record planned and validated
        in a savepoint; a failure is ``(record, external id, error, kind,
        None)``."""
        plans, failures = {CREATE: [], UPDATE: [], SKIP: []}, []
        for record in records:
            state = bindings.get(record.id)
            try:
                with self.env.cr.savepoint():
                    action, external_id, data, before = self._plan(
                        record, state, force, remote=remote, options=options
                    )
                    if action != SKIP:
                        self._validate(record, external_id, data)
            except Exception as error:
                if retry_later(error):
                    raise
                external_id = state[self.binder._external_field] if state else None
                failures.append((record, external_id, error, classify(error), None))
                continue
            plans[action].append((record, external_id, data, before))
        return plans, failures

    def _adopt_created(self, plans):
        """Records an earlier attempt created (``find_records``) become
        updates; returns the ``(record, data)`` pairs left to create."""
        creates = plans[CREATE]
        found = self.backend_adapter.find_records(
            [data for __, __, data, __ in creates]
        )
        plans[UPDATE] += [
            (record, found[index], data, None)
            for index, (record, __, data, __) in enumerate(creates)
            if found.get(index)
        ]
        return [
            (record, data)
            for index, (record, __, data, __) in enumerate(creates)
            if not found.get(index)
        ]

    # -- planning ----------------------------------------------------------------

    def _plan(self, record, state, force, fields=None, remote=None, options=None):
        """``(action, external id, data, external record before)`` for
        ``record`` (``state``: its binding, if bound); ``remote``: the
        chunk's external records by id (None: read the one needed);
        ``options``: the mapper's."""
        # another job exporting this record waits (retried)
        self.advisory_lock_or_retry(self._lock_key("export", record.id))
        external_id = state[self.binder._external_field] if state else None
        if self._must_skip(record, external_id):
            return SKIP, external_id, None, None
        before = remote.get(external_id) if remote and external_id else None
        if not force:
            if not self.binder.odoo_changed(record, state):
                return SKIP, external_id, None, None
            if state:
                if remote is None:
                    before = self._read_remote(external_id)
                if not self._odoo_wins_conflict(record, external_id, state, before):
                    return SKIP, external_id, None, None
        self._export_dependencies(record)
        map_record = self._map_data(record)
        options = options or {}
        if external_id:
            data = map_record.values(fields=fields, **options)
            return UPDATE, external_id, data, before
        return CREATE, None, map_record.values(for_create=True, **options), None

    def _read_remote(self, external_id):
        try:
            return self.backend_adapter.get_record(external_id)
        except NotImplementedError:
            return None

    def _odoo_wins_conflict(self, record, external_id, state, remote):
        """When the external record changed too, the conflict policy decides."""
        adapter = self.backend_adapter
        if remote is None or not changed_since(adapter, remote, state):
            return True
        return self._incoming_wins(record, external_id, adapter.updated_at_of(remote))

    def _validate(self, record, external_id, data):
        if external_id:
            self._validate_update_data(record, external_id, data)
        else:
            self._validate_create_data(record, data)

    # -- hooks -------------------------------------------------------------------

    def _must_skip(self, record, external_id):
        """Return True to never send ``record`` (``external_id``: its
        external id, if bound), e.g. a brew order sent once."""
        return False

    def _export_dependencies(self, record):
        """Export what ``record`` needs first (another model's exporter's
        ``run``)."""

    def _map_data(self, record):
        """The mapper's record of ``record`` (extend it to add values)."""
        return self.mapper.map_record(record)

    def _validate_create_data(self, record, data):
        """Raise ``BadDataError`` when ``data`` cannot create ``record``'s
        external record."""

    def _validate_update_data(self, record, external_id, data):
        """Raise ``BadDataError`` when ``data`` cannot update ``external_id``."""

    def _after_export(self, record, external_id):
        """Called once ``record`` is exported and bound to ``external_id``."""

    # -- writing -----------------------------------------------------------------

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

    def _update_all(self, items, isolate=False):
        """The update step: send ``(record, external id, data, external
        record before)`` items, logged in the history; returns the items sent
        and the failures. With ``isolate`` (a bulk chunk), one
        ``update_records`` call, and a record refused is a failure."""
        adapter = self.backend_adapter
        pairs = [(external_id, data) for __, external_id, data, __ in items]
        if isolate:
            errors = adapter.update_records(pairs) if pairs else []
        else:
            for pair in pairs:
                adapter.update_record(*pair)
            errors = [None] * len(pairs)
        sent, failures = [], []
        for item, error in zip(items, errors, strict=True):
            if error:
                failures.append((*item[:2], error, "bad_data", item[2]))
            else:
                sent.append(item)
        self.component(usage="sync.history").log_sent(sent)
        return sent, failures

    def _bind_exported(self, done):
        """Bind the ``(record, external id, created)`` exported, with the
        external state read back in one call, then ``_after_export``;
        returns ``create``'s entries of those created."""
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
        for record, external_id, __ in done:
            self._after_export(record, external_id)
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


def _takes(method, hook, old):
    """Whether ``method``, defined as ``old``, is the hook ``hook``
    ("name(arguments)"): the same name, taking as many arguments."""
    name, __, arguments = hook.partition("(")
    try:
        inspect.signature(getattr(method, "__func__", method)).bind(
            None, *arguments.split(",")
        )
    except TypeError:
        return False
    return name == old
