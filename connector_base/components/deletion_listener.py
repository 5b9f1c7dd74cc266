# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _

from odoo.addons.component.core import Component
from odoo.addons.component.exception import NoComponentError
from odoo.addons.component_event import skip_if

from .adapter import ConnectorBaseAdapter
from .record_deleter import ConnectorBaseRecordDeleter


class ConnectorBaseDeletionListener(Component):
    """A bound record archived or deleted in Odoo is deleted (or disabled)
    remotely where the backend's ``odoo_deletion_policy`` says so: one job
    per backend, holding the external id read before the unlink takes the
    binding away. The right to that write is the right to the deletion."""

    _name = "connector.base.deletion.listener"
    _inherit = "base.connector.listener"

    @skip_if(lambda self, record, **kw: self.no_connector_export(record))
    def on_record_write(self, record, fields=None):
        if "active" in (fields or ()) and "active" in record._fields:
            self._propagate(record.filtered(lambda rec: not rec.active))

    @skip_if(lambda self, record, **kw: self.no_connector_export(record))
    def on_record_unlink(self, record):
        self._propagate(record)

    def _propagate(self, records):
        if (
            not records
            or records._transient
            or records._name.startswith(
                ("connector.", "ir.", "queue.", "bus.", "mail.")
            )
        ):
            return
        if isinstance(records, self.env.registry["connector.base.binding"]):
            return  # seen on its Odoo record (writes and unlinks go there)
        for backend, model_name, external_id, record in self._bound(records):
            if self._propagates(backend, model_name):
                self._queue(backend, model_name, external_id, record)

    def _bound(self, records):
        """(backend, binding model, external id, Odoo record) of every
        binding of ``records``, read as superuser (the writer may not)."""
        env = self.env(su=True)
        for binding in env["connector.binding"].search(
            [("res_model", "=", records._name), ("res_id", "in", records.ids)]
        ):
            backend = env[binding.backend_model].browse(binding.backend_id)
            record = env[records._name].browse(binding.res_id)
            yield backend, records._name, binding.external_id, record
        for model_name in self._concrete_binding_models(records._name):
            model = env[model_name].with_context(active_test=False)
            odoo_field = model._inherits[records._name]
            external_field = model._connector_external_field
            for binding in model.search([(odoo_field, "in", records.ids)]):
                external_id = binding[external_field]
                record = binding[odoo_field]
                if external_id:
                    yield binding.backend_id, model_name, external_id, record

    def _concrete_binding_models(self, model_name):
        registry = self.env.registry
        return [
            name
            for name in registry.descendants(["connector.base.binding"], "_inherit")
            if not registry[name]._abstract and model_name in registry[name]._inherits
        ]

    def _propagates(self, backend, model_name):
        """The backend propagates deletions, and its deleter or adapter can."""
        if not backend.exists().active or backend.odoo_deletion_policy != "propagate":
            return False
        try:
            with backend.work_on(model_name) as work:
                deleter = type(work.component(usage="record.deleter"))
                adapter = type(work.component(usage="backend.adapter"))
        except NoComponentError:
            return False
        return (
            deleter._delete_remotely is not ConnectorBaseRecordDeleter._delete_remotely
            or adapter.delete_record is not ConnectorBaseAdapter.delete_record
        )

    def _queue(self, backend, model_name, external_id, record):
        # un-archived within the delay, the record is kept (the job checks)
        backend._queue_change_job(
            _("Delete %(record)s from %(backend)s")
            % {"record": record.display_name, "backend": backend.display_name},
            "delete_record",
            (model_name, external_id),
        )
