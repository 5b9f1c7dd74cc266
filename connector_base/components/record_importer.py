# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The import flow, top to bottom in this file, from a listing's page to its
binding:

1. ``batch_importer.py`` reads the pages changed since the watermark, drops
   the records up to date and hands chunks to ``import_records``.
2. ``_import_records``: the chunk's bindings (``binder.py``, one query), the
   records ``_match_existing`` adopts, then ``_plan`` for each: SKIP, CREATE,
   UPDATE (with the mapped values) or GONE (``plan.py``).
3. ``_apply_plans``: GONE to the ``remote.deletion`` step; new records to
   ``create`` (one ORM create), then the ``import.review`` step; changed ones
   to ``_update_all``, between the ``sync.history`` step's ``watch`` and ``log``.
4. ``_bind_imported``: bindings get the sync state, gone records come back,
   ``_after_import`` runs.

A step found by usage is replaced by a connector's component of that usage;
the others are methods an author overrides."""

from functools import partial

from odoo.fields import Command

from odoo.addons.component.core import Component
from odoo.addons.connector.exception import IDMissingInBackend

from ..plan import CREATE, SKIP, UPDATE, changed_since, retry_later
from ..process import process
from .remote_deletion import GONE


def _sets_what_it_holds(record, field, commands):
    """Whether ``commands`` is one SET command naming exactly the records the
    x2many ``field`` of ``record`` holds (archived ones included): a mapper's
    usual value (tags...), a no-op to write. Any other command counts as a
    change."""
    if not (
        isinstance(commands, list | tuple)
        and len(commands) == 1
        and isinstance(commands[0], list | tuple)
        and len(commands[0]) == 3
        and commands[0][0] == Command.SET
        and isinstance(commands[0][2], list | tuple)
    ):
        return False
    held = record.with_context(active_test=False)[field.name].ids
    return set(commands[0][2]) == set(held)


class ConnectorBaseRecordImporter(Component):
    """Imports external records: one (``run``) or a page of them in bulk.

    Hooks an author may override: ``create`` (the creation step),
    ``_match_existing``, ``_must_skip``, ``_is_gone_remotely``,
    ``_is_uptodate``, ``_import_dependencies``, ``_before_import``,
    ``_map_data``, ``_write_context``, ``_update``, ``_after_import``. Each
    gets the external record it works on (``data``) and returns what it
    decides: a component imports a whole page, so it holds no "current
    record". An author may also name ``_shared_defaults``."""

    _name = "connector.base.record.importer"
    _inherit = ["base.importer", "connector.base"]
    _usage = "record.importer"
    _direction = "import"

    #: fields of the model whose default is the same for every record and
    #: costs a query: Odoo computes a default for each record it creates,
    #: the creation step once for all of them (e.g. stock's
    #: ``has_available_route_ids`` on products, a count of routes)
    _shared_defaults = ()

    # -- one record ----------------------------------------------------------

    @process(description="Import a record")
    def run(self, external_id, force=False, record=None):
        """Import one external record, by id or as already read (``record``);
        returns what was created (see ``create``)."""
        external_id = str(external_id)
        self.advisory_lock_or_retry(self._lock_key("import", external_id))
        if record is None:
            record = self.backend_adapter.get_record(external_id)
            if record is None and self.binder.to_internal(external_id):
                # a 404: the bound record is gone
                self.component(usage="remote.deletion").mark_gone([external_id])
                return []
            if record is None:
                raise IDMissingInBackend(
                    f"{self.model._name} {external_id} does not exist on "
                    f"{self.backend_record.display_name}"
                )
        created, __ = self._import_records([record], force=force, isolate=False)
        return created

    # -- a page of records ---------------------------------------------------

    @process(description="Import a page of records")
    def import_records(self, records, force=False):
        """Import a page in bulk; a record that cannot be imported gets an
        error record, the others are imported."""
        created, counts = self._import_records(records, force=force, isolate=True)
        self.sync_state._count(**counts)
        return created

    def _import_records(self, records, force, isolate):
        adapter = self.backend_adapter
        # the last occurrence of an id wins (a page may repeat a record)
        by_id, failed = {}, 0
        for record in records:
            try:
                by_id[adapter.external_id_of(record)] = record
            except Exception as error:
                self._record_failure(error, None, record, isolate)
                failed += 1
        states = self.binder.bindings_by_external(list(by_id))
        adopted, refused = self._adopt_existing(by_id, states, isolate)
        states.update(adopted)
        failed += len(refused)
        self._read_bound_together(states.values())
        plans = {CREATE: [], UPDATE: [], SKIP: []}
        for external_id, record in by_id.items():
            if external_id in refused:
                continue
            state = states.get(external_id)
            try:
                action, values = self._plan(record, state, force)
            except Exception as error:
                if retry_later(error):
                    raise
                self._record_failure(error, external_id, record, isolate)
                failed += 1
                continue
            plans.setdefault(action, []).append((external_id, record, state, values))
        created, counts = self._apply_plans(plans, isolate)
        counts["failed"] += failed
        return created, counts

    def _apply_plans(self, plans, isolate):
        """Mark gone, create and update what the plans say; returns what was
        created and the counters (any other plan counts as skipped)."""
        gone = [external_id for external_id, *__ in plans.get(GONE, ())]
        if gone:
            self.component(usage="remote.deletion").mark_gone(gone)
        earlier_errors = self._open_errors(plans)
        attempts = {error: error.attempts for error in earlier_errors}
        created = self._create_new(plans[CREATE], isolate)
        updated = len(self._written(plans[UPDATE], isolate, self._update_all))
        self._resolve_errors_of_imported(plans, earlier_errors, attempts)
        counts = {
            "created": len(created),
            "updated": updated,
            "skipped": sum(
                len(items)
                for action, items in plans.items()
                if action not in (CREATE, UPDATE)
            ),
            "failed": len(plans[CREATE]) - len(created) + len(plans[UPDATE]) - updated,
        }
        return created, counts

    def _adopt_existing(self, by_id, states, isolate):
        """Bind the Odoo records ``_match_existing`` finds for the new
        external records; returns their states and the external ids refused."""
        new = {eid: record for eid, record in by_id.items() if eid not in states}
        matches = self._match_existing(new) if new else {}
        refused = set()
        for eid, match in list(matches.items()):
            if isinstance(match, Exception):
                self._record_failure(match, eid, by_id[eid], isolate)
                refused.add(eid)
                del matches[eid]
        if not matches:
            return {}, refused
        self.binder.bind_many([(eid, record, {}) for eid, record in matches.items()])
        return self.binder.bindings_by_external(list(matches)), refused

    def _open_errors(self, plans):
        ids = [item[0] for items in plans.values() for item in items]
        return self.env["connector.error"]._open_of(
            self.backend_record, self.model._name, external_ids=ids
        )

    def _resolve_errors_of_imported(self, plans, errors, attempts):
        """Resolve the earlier errors of the records that import fine now."""
        if not errors:
            return
        # a record that failed again in this run has its failure merged into
        # its open error (one more attempt): that one stays open
        bound = set(self.binder.bindings_by_external(errors.mapped("external_id")))
        errors.filtered(
            lambda error: error.external_id in bound
            and error.attempts == attempts[error]
        ).state = "resolved"

    def _plan(self, data, state, force):
        """SKIP, CREATE, UPDATE or GONE for ``data`` (``state``: its binding,
        if bound), with the values to write."""
        if self._is_gone_remotely(data):
            # a bound record is marked gone; an unbound one is not created
            return GONE, None
        if self._must_skip(data):
            return SKIP, None
        if state and not force and self._is_uptodate(state, data):
            return SKIP, None
        if state and not force and not self._external_wins_conflict(state, data):
            return SKIP, None
        self._before_import(data)
        self._import_dependencies(data)
        map_record = self._map_data(data)
        if state:
            return UPDATE, map_record.values()
        return CREATE, map_record.values(for_create=True)

    # -- hooks -----------------------------------------------------------------

    def _match_existing(self, records_by_id):
        """``{external id: Odoo record}`` of unbound records that already are
        these new external records (same SKU...): adopted, not duplicated. An
        exception in place of a record refuses the external record."""
        return {}

    def _must_skip(self, data):
        """Return True to ignore the external record ``data`` (e.g. a draft)."""
        return False

    def _is_gone_remotely(self, data):
        """Return True when the external record ``data`` says it is deleted
        or disabled on the external system (e.g. ``{"deleted": true}``)."""
        return False

    def _is_uptodate(self, state, data):
        """``data`` unchanged since the last sync of ``state`` (a binding, or
        the named tuple of the batch importer's ``_uptodate_fields``); a
        record marked gone that is listed again is restored."""
        return not state.external_deleted_at and not changed_since(
            self.backend_adapter, data, state
        )

    def _odoo_changed(self, state):
        record = state._connector_record()
        written = self.binder.odoo_write_date(record)
        return bool(
            written and state.odoo_write_date and written > state.odoo_write_date
        )

    def _external_wins_conflict(self, state, data):
        """When both sides changed, the conflict policy decides."""
        if not self._odoo_changed(state):
            return True
        record = state._connector_record()
        return self._incoming_wins(
            record,
            self.binder.to_external(record),
            self.backend_adapter.updated_at_of(data),
        )

    def _import_dependencies(self, data):
        """Import what ``data`` needs first (see ``_import_dependency``)."""

    def _import_dependency(self, external_id, model_name, force=False):
        """Import a record another one depends on, unless already bound."""
        binder = self.binder_for(model_name)
        if force or not binder.to_internal(external_id):
            importer = self.component(usage="record.importer", model_name=model_name)
            importer.run(external_id, force=force)

    def _before_import(self, data):
        """Called before mapping the external record ``data``."""

    def _map_data(self, data):
        """The mapper's record of ``data`` (extend it to add values)."""
        return self.mapper.map_record(data)

    def _update(self, record, values):
        """Write what differs from the record: a listing whose title changed
        costs a write of its name, not of every mapped field."""
        values = self._changed_values(record, values)
        if values:
            record.with_context(**self._write_context()).write(values)

    @staticmethod
    def _changed_values(record, values):
        changed = {}
        for name, value in values.items():
            field = record._fields.get(name)
            if field is None or field.type == "binary":
                changed[name] = value  # not worth comparing
            elif field.type in ("one2many", "many2many"):
                if not _sets_what_it_holds(record, field, value):
                    changed[name] = value
            elif record[name] != field.convert_to_record(
                field.convert_to_cache(value, record), record
            ):
                changed[name] = value
        return changed

    def _after_import(self, record, data, created):
        """Called once ``record`` is imported from ``data`` and bound;
        ``created``: made by this import (else updated)."""

    # -- writing -----------------------------------------------------------------

    def _bind_imported(self, items, records, created):
        """Bind the records just written (``items`` start with the external
        id and data of each), then ``_after_import``; returns ``create``'s
        entries."""
        values = self._binding_values(
            [(record, item[1]) for item, record in zip(items, records, strict=True)]
        )
        states = self.binder.bind_many(
            [
                (item[0], record, record_values)
                for item, record, record_values in zip(
                    items, records, values, strict=True
                )
            ]
        )
        self.component(usage="remote.deletion").restore(states)
        for item, record in zip(items, records, strict=True):
            self._after_import(record, item[1], created)
        return self._created_entries(zip(states, records, strict=True))

    def _create_new(self, items, isolate):
        """``create`` the page's new records in one call, then hold them for
        review when the rule says so."""
        if not items:
            return []
        created = self.create(
            [(eid, data, values) for eid, data, __, values in items],
            isolate=isolate,
        )
        self.component(usage="import.review").hold(created)
        return created

    # the component's creation step, not the ORM's create: nothing above it
    def create(self, items, isolate=False):  # pylint: disable=method-required-super
        """The creation step: create the Odoo records of ``(external id,
        external record, values)`` items in one ``create`` call and bind
        them; returns one ``{"binding_id": ..., "binding_model_name": ...,
        "record": ...}`` per record. With ``isolate`` (a page), a record that
        cannot be created gets an error record and the others are created."""
        if not items:
            return []
        for external_id, __, values in items:
            values.update(self.binder.creation_values(external_id))
        # once for the step: a page isolating a bad record creates the
        # others one by one
        model = self.model.with_context(**self._write_context())
        model = model.with_context(**self._computed_shared_defaults(model))
        return self._written(items, isolate, partial(self._create_bound, model))

    def _create_bound(self, model, items):
        with self._retry_unique_violation():
            records = model.create([values for __, __, values in items])
        return self._bind_imported(items, records, created=True)

    def _computed_shared_defaults(self, model):
        """``_shared_defaults`` as ``default_*`` context keys, each computed
        once."""
        names = [name for name in self._shared_defaults if name in model._fields]
        defaults = model.default_get(names) if names else {}
        return {f"default_{name}": value for name, value in defaults.items()}

    def _update_all(self, items):
        """The update step: write each record's changes, kept in its history,
        then bind them."""
        records = self._records_bound_to([state for __, __, state, __ in items])
        history = self.component(usage="sync.history")
        changes = history.watch(
            [
                (record, external_id, self._changed_values(record, values))
                for record, (external_id, __, __, values) in zip(
                    records, items, strict=True
                )
            ]
        )
        for record, (__, __, __, values) in zip(records, items, strict=True):
            self._update(record, values)
        result = self._bind_imported(items, records, created=False)
        history.log("import", changes)
        return result

    def _read_bound_together(self, states):
        """Read the records bound to ``states`` in one query: planning reads
        each one's write date."""
        records = self._records_bound_to(states)
        if records:
            self.binder.odoo_write_date(records[0])

    def _records_bound_to(self, states):
        """The records bound to ``states``, prefetched together."""
        records = [state._connector_record() for state in states]
        ids = [record.id for record in records]
        return [record.with_prefetch(ids) for record in records]

    def _written(self, items, isolate, write):
        """``write(items)``'s entries; with ``isolate``, in a savepoint, and
        when a bad record spoils it, each item in one of its own: that record
        gets an error record, the others are written."""
        if not items:
            return []
        if not isolate:
            return write(items)
        try:
            with self.env.cr.savepoint():
                return write(items)
        except Exception as error:
            if retry_later(error):
                raise
        done = []
        for item in items:
            try:
                with self.env.cr.savepoint():
                    done += write([item])
            except Exception as error:
                if retry_later(error):
                    raise
                self._record_failure(error, item[0], item[1])
        return done

    def _record_failure(self, error, external_id, data, isolate=True):
        """An error record for one record of a page (the page goes on);
        without ``isolate``, the error is raised."""
        if not isolate:
            raise error
        self._keep_error(
            "Import a record", error, external_id=external_id, payload=data
        )
