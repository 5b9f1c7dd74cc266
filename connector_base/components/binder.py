# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.component.core import Component


class ConnectorBaseBinder(Component):
    """Links external ids and Odoo records, with their synchronisation state.

    Two storages, one API:

    - the generic ``connector.binding`` table, when the component's model is a
      plain Odoo model (``product.product``): no binding model to write;
    - an OCA-style concrete binding model inheriting ``connector.base.binding``
      (``_inherits`` on the Odoo model), when the component's model is that
      binding model.

    The flows only use the methods below. A *state* is a ``connector.binding``
    row or a concrete binding record; ``state._connector_record()`` is the
    record the flows write to."""

    _name = "connector.base.binder"
    _inherit = ["base.binder", "connector.base"]
    _usage = "binder"

    @property
    def _concrete(self):
        return isinstance(self.model, self.env.registry["connector.base.binding"])

    @property
    def _external_field(self):
        if self._concrete:
            return self.model._connector_external_field
        return "external_id"

    def _table(self):
        return self.env["connector.binding"].sudo()

    def _generic_domain(self):
        return self.backend_record._backend_domain() + [
            ("res_model", "=", self.model._name)
        ]

    # -- states ------------------------------------------------------------

    def states_by_external(self, external_ids):
        """{external id: state} for the given external ids (one query)."""
        external_ids = [str(x) for x in external_ids]
        if self._concrete:
            field = self._external_field
            states = self.model.with_context(active_test=False).search(
                [
                    (field, "in", external_ids),
                    ("backend_id", "=", self.backend_record.id),
                ]
            )
            return {state[field]: state for state in states}
        states = self._table().search(
            self._generic_domain() + [("external_id", "in", external_ids)]
        )
        return {state.external_id: state for state in states}

    def states_by_record(self, records):
        """{record id: state} for Odoo records of the component's model."""
        if self._concrete:
            return {
                record.id: record for record in records if record[self._external_field]
            }
        states = self._table().search(
            self._generic_domain() + [("res_id", "in", records.ids)]
        )
        return {state.res_id: state for state in states}

    def odoo_write_date(self, record):
        """When the Odoo data of ``record`` last changed. For a concrete
        binding, that of the bound record: the binding's own write date moves
        whenever its synchronisation state is written."""
        if self._concrete:
            return record[self._odoo_field].write_date
        return record.write_date

    # -- OCA binder API ------------------------------------------------------

    def to_internal(self, external_id, unwrap=False):
        """The record bound to ``external_id`` (empty when none); with
        ``unwrap``, a concrete binding's Odoo record."""
        state = self.states_by_external([external_id]).get(str(external_id))
        if not state:
            return self.model.browse()
        record = state._connector_record()
        if unwrap and self._concrete:
            return record[self._odoo_field]
        return record

    def to_external(self, binding, wrap=False):
        """The external id of a bound record (or record id), None when it is
        not bound to this backend."""
        record = binding if hasattr(binding, "_name") else self.model.browse(binding)
        if self._concrete:
            return super().to_external(record, wrap=wrap) or None
        state = self.states_by_record(record).get(record.id)
        return state.external_id if state else None

    def creation_values(self, external_id):
        """Values a new record needs to be created bound (concrete bindings
        carry their backend and external id)."""
        if self._concrete:
            return {
                "backend_id": self.backend_record.id,
                self._external_field: str(external_id),
            }
        return {}

    def bind(self, external_id, binding, **sync_values):
        """Bind one record to ``external_id`` (see ``bind_many``)."""
        record = binding if hasattr(binding, "_name") else self.model.browse(binding)
        return self.bind_many([(external_id, record, sync_values)])[0]

    def bind_many(self, items):
        """Bind (external id, record, sync values) triples in bulk; returns the
        states, in order."""
        now = self._now()
        if self._concrete:
            result = []
            for external_id, record, sync_values in items:
                values = dict(sync_values, sync_date=now)
                values[self._external_field] = str(external_id)
                record.with_context(connector_no_export=True).write(values)
                result.append(record)
            return result
        existing = self.states_by_record(
            self.model.browse([record.id for __, record, __ in items])
        )
        backend = self.backend_record
        to_create, result = [], {}
        for index, (external_id, record, sync_values) in enumerate(items):
            values = dict(sync_values, sync_date=now, external_id=str(external_id))
            state = existing.get(record.id)
            if state:
                state.write(values)
                result[index] = state
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
        for (index, __), state in zip(to_create, created, strict=True):
            result[index] = state
        return [result[index] for index in range(len(items))]

    def unbind(self, record):
        """Forget the link of ``record`` (e.g. after a remote deletion)."""
        state = self.states_by_record(record).get(record.id)
        if state and not self._concrete:
            state.unlink()
        elif state:
            state.write({self._external_field: False})

    def unwrap_binding(self, binding):
        """The Odoo record behind a binding (a generic binding's record is
        the Odoo record itself)."""
        if self._concrete:
            return super().unwrap_binding(binding)
        return binding

    def unwrap_model(self):
        """The name of the Odoo model behind the component's model."""
        if self._concrete:
            return super().unwrap_model()
        return self.model._name
