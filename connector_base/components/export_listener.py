# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.component.core import Component, _component_databases
from odoo.addons.component_event import skip_if


class ConnectorBaseExportListener(Component):
    """Exports a bound record when it changes in Odoo: one pending job per
    record and backend, after the export delay (a burst of writes makes one
    export). An import's writes export nothing (no ping-pong)."""

    _name = "connector.base.export.listener"
    _inherit = "base.connector.listener"

    def _exporting_collections(self, model_name):
        """Backend models with a record.exporter for ``model_name``."""
        registry = _component_databases.get(self.env.cr.dbname)
        if registry is None:
            return []
        return [
            component._collection
            for component in registry.lookup(
                usage="record.exporter", model_name=model_name
            )
            if component._collection and model_name in (component.apply_on_models or [])
        ]

    @skip_if(lambda self, record, **kw: self.no_connector_export(record))
    def on_record_create(self, record, fields=None):
        """A new record matching the export rule of a backend that follows
        new records is exported to it (a concrete binding: by the flows)."""
        if isinstance(record, self.env.registry["connector.base.binding"]):
            return
        mixin = self.env.registry["connector.backend.crud.mixin"]
        for collection in self._exporting_collections(record._name):
            backends = self.env[collection].sudo()
            if not isinstance(backends, mixin):
                continue
            for backend in backends.search([("active", "=", True)]):
                # never made here: two users creating records at once would
                # race to make it
                rule = backend._export_rule(record._name, create=False)
                if not rule.export_new_records:
                    continue
                with backend.work_on(record._name) as work:
                    domain = work.component(usage="batch.exporter")._domain([])
                for odoo_record in record.sudo().filtered_domain(domain):
                    if self._same_company(backend, odoo_record):
                        self._delay_export(backend, odoo_record)

    @staticmethod
    def _same_company(backend, record):
        """A record of one company is never sent to another's backend."""
        company = backend._connector_company()
        if not company or "company_id" not in record._fields:
            return True
        return not record.company_id or record.company_id == company

    def _delay_export(self, backend, odoo_record):
        backend._delay_after_commit(
            f"Export {odoo_record.display_name} to {backend.display_name}",
            "export_record",
            odoo_record,
        )

    @skip_if(lambda self, record, **kw: self.no_connector_export(record))
    def on_record_write(self, record, fields=None):
        collections = self._exporting_collections(record._name)
        if not collections:
            return
        bindings = self.env["connector.binding"].sudo()
        bindings = bindings.search(
            [
                ("res_model", "=", record._name),
                ("res_id", "in", record.ids),
                ("backend_model", "in", collections),
            ]
        )
        for binding in bindings:
            # the writer may not read backends: the export runs as superuser
            backend = self.env[binding.backend_model].sudo().browse(binding.backend_id)
            if not backend.exists() or not backend.active:
                continue
            odoo_record = backend.env[binding.res_model].browse(binding.res_id)
            self._delay_export(backend, odoo_record)
