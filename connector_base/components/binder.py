# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Binders link external ids and Odoo records, with the state of their last
sync. Two storages, one API: rows of the generic ``connector.binding`` table
for a plain Odoo model (no binding model to write), or an OCA-style binding
model inheriting ``connector.base.binding`` (``_inherits`` the Odoo model).
``binding._connector_record()`` is the record the flows write to."""

from collections import namedtuple

from odoo import fields

from odoo.addons.component.core import Component


def _is_concrete(env, model_name):
    registry = env.registry
    return model_name in registry and issubclass(
        registry[model_name], registry["connector.base.binding"]
    )


def _serves(work, model_name):
    """A backend of connector_base, and whether the model is concrete."""
    backend_ok = getattr(work.collection, "_connector_base_backend", False)
    return backend_ok, _is_concrete(work.env, model_name or work.model_name)


class ConnectorBaseBinder(Component):
    """Bindings as rows of ``connector.binding``."""

    _name = "connector.base.binder"
    _inherit = ["base.binder", "connector.base"]
    _usage = "binder"
    _external_field = "external_id"

    @classmethod
    def _component_match(cls, work, usage=None, model_name=None, **kw):
        backend_ok, concrete = _serves(work, model_name)
        return backend_ok and not concrete

    def _table(self):
        return self.env["connector.binding"].sudo()

    # -- bindings ------------------------------------------------------------

    def _bindings_domain(self, domain=()):
        """The domain of the bindings of this backend and model, and ``domain``."""
        return (
            self.backend_record._backend_domain()
            + [("res_model", "=", self.model._name)]
            + list(domain)
        )

    def search_bindings(self, domain=()):
        """The bindings of this backend and model matching ``domain``."""
        return self._table().search(self._bindings_domain(domain))

    def bindings_by_external(self, external_ids):
        """``{external id: binding}`` of the given external ids (one query)."""
        field = self._external_field
        bindings = self.search_bindings([self._external_in(external_ids)])
        return {binding[field]: binding for binding in bindings}

    def _external_in(self, external_ids):
        """The domain leaf of these external ids (stored as strings)."""
        return (self._external_field, "in", [str(x) for x in external_ids])

    def sync_states(self, external_ids, fields, limit=None):
        """``{external id: named tuple of fields}`` of their bindings (None:
        of every binding, at most ``limit``): one query, no record built (a
        whole listing is compared)."""
        state = namedtuple("SyncState", fields)
        domain = [] if external_ids is None else [self._external_in(external_ids)]
        rows = self._binding_rows(domain, (self._external_field, *fields), limit)
        return {row[0]: state(*row[1:]) for row in rows}

    def external_ids(self, domain=(), batch=10000):
        """The external ids of the bindings matching ``domain``, read in
        batches, no record built: a large catalogue's scan holds one batch in
        memory."""
        last = 0
        while True:
            rows = self._binding_rows(
                [*domain, ("id", ">", last)], ("id", self._external_field), batch
            )
            yield from (external_id for __, external_id in rows)
            if len(rows) < batch:
                return
            last = rows[-1][0]

    def _binding_rows(self, domain, names, limit=None):
        """The ``names`` columns of the bindings matching ``domain``, in SQL."""
        table = self._table()
        table.flush_model([name for name in names if name != "id"])
        query = table._search(self._bindings_domain(domain), order="id", limit=limit)
        return self.env.execute_query(
            query.select(*(table._field_to_sql(table._table, n, query) for n in names))
        )

    def bindings_by_record(self, records):
        """``{record id: binding}`` of Odoo records of the component's model."""
        bindings = self.search_bindings([("res_id", "in", records.ids)])
        return {binding.res_id: binding for binding in bindings}

    def binding_count(self):
        """How many records of this backend and model are bound."""
        return self._table().search_count(self._bindings_domain())

    def bound_records(self):
        """The records of the component's model bound to this backend."""
        return self.model.browse(self.search_bindings().mapped("res_id"))

    def odoo_write_date(self, record):
        """When the Odoo data of ``record`` last changed."""
        return record.write_date

    def odoo_changed(self, record, binding):
        """``record`` changed in Odoo since ``binding``'s last sync (or was
        never synchronised): what an export sends."""
        known = binding and binding.odoo_write_date
        return not known or self.odoo_write_date(record) > known

    # -- OCA binder API ------------------------------------------------------

    def to_internal(self, external_id, unwrap=False):
        """The record bound to ``external_id`` (empty when none); with
        ``unwrap``, a concrete binding's Odoo record."""
        binding = self.bindings_by_external([external_id]).get(str(external_id))
        if not binding:
            return self.model.browse()
        record = binding._connector_record()
        return self.unwrap_binding(record) if unwrap else record

    def to_external(self, binding, wrap=False):
        """The external id of a bound record (or record id), None when it is
        not bound to this backend."""
        record = binding if hasattr(binding, "_name") else self.model.browse(binding)
        bound = self.bindings_by_record(record).get(record.id)
        return bound[self._external_field] if bound else None

    def creation_values(self, external_id):
        """Values a new record needs to be created bound."""
        return {}

    def bind(self, external_id, binding, **sync_values):
        """Bind one record to ``external_id`` (see ``bind_many``)."""
        record = binding if hasattr(binding, "_name") else self.model.browse(binding)
        return self.bind_many([(external_id, record, sync_values)])[0]

    def bind_many(self, items):
        """Bind (external id, record, sync values) triples in bulk; returns the
        bindings, in order."""
        now = fields.Datetime.now()
        existing = self.bindings_by_record(
            self.model.browse([record.id for __, record, __ in items])
        )
        backend = self.backend_record
        to_create, result = [], {}
        for index, (external_id, record, sync_values) in enumerate(items):
            values = dict(sync_values, sync_date=now, external_id=str(external_id))
            binding = existing.get(record.id)
            if binding:
                binding.write(values)
                result[index] = binding
            else:
                values.update(
                    backend_model=backend._name,
                    backend_id=backend.id,
                    res_model=self.model._name,
                    res_id=record.id,
                )
                to_create.append((index, values))
        with self._retry_unique_violation():
            created = self._table().create([values for __, values in to_create])
            self._table().flush_model()
        for (index, __), binding in zip(to_create, created, strict=True):
            result[index] = binding
        return [result[index] for index in range(len(items))]

    def unbind(self, record):
        """Forget the link of ``record`` (e.g. after a remote deletion)."""
        self.bindings_by_record(record).get(record.id, self._table()).unlink()

    def unwrap_binding(self, binding):
        """The Odoo record behind a binding: here the record itself."""
        return binding


class ConnectorBaseConcreteBinder(Component):
    """Bindings as records of an OCA-style binding model (``coffee.product``):
    the backend and the external id are fields of the binding, which
    ``_inherits`` the Odoo record."""

    _name = "connector.base.concrete.binder"
    _inherit = "connector.base.binder"

    @classmethod
    def _component_match(cls, work, usage=None, model_name=None, **kw):
        backend_ok, concrete = _serves(work, model_name)
        return backend_ok and concrete

    @property
    def _external_field(self):
        return self.model._connector_external_field

    def _bindings_domain(self, domain=()):
        return [
            ("backend_id", "=", self.backend_record.id),
            (self._external_field, "!=", False),
            *domain,
        ]

    def _table(self):
        return self.model.with_context(active_test=False)

    def bindings_by_record(self, records):
        field = self._external_field
        return {record.id: record for record in records if record[field]}

    def bound_records(self):
        return self.search_bindings()

    def odoo_write_date(self, record):
        """That of the bound Odoo record: the binding's own write date moves
        whenever its synchronisation state is written."""
        return record[self._odoo_field].write_date

    def creation_values(self, external_id):
        """A concrete binding carries its backend and external id."""
        return {
            "backend_id": self.backend_record.id,
            self._external_field: str(external_id),
        }

    def bind_many(self, items):
        now = fields.Datetime.now()
        for external_id, record, sync_values in items:
            values = dict(sync_values, sync_date=now)
            values[self._external_field] = str(external_id)
            record.with_context(connector_no_export=True).write(values)
        return [record for __, record, __ in items]

    def unbind(self, record):
        if record[self._external_field]:
            record.write({self._external_field: False})

    def unwrap_binding(self, binding):
        return binding[self._odoo_field]
