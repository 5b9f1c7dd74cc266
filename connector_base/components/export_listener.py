# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.component.core import Component, _component_databases
from odoo.addons.component_event import skip_if


class ConnectorBaseExportListener(Component):
    """Exports a bound record when it changes in Odoo: one pending job per
    record and backend (identity key), started after the backend's export
    delay, so that a burst of writes makes one export. Writes made by an
    import carry ``connector_no_export`` and export nothing (no ping-pong)."""

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
    def on_record_write(self, record, fields=None):
        collections = self._exporting_collections(record._name)
        if not collections:
            return
        bindings = (
            self.env["connector.binding"]
            .sudo()
            .search(
                [
                    ("res_model", "=", record._name),
                    ("res_id", "in", record.ids),
                    ("backend_model", "in", collections),
                ]
            )
        )
        for binding in bindings:
            # the writer may not read backends: the export runs as superuser
            backend = self.env[binding.backend_model].sudo().browse(binding.backend_id)
            if not backend.exists() or not backend.active:
                continue
            odoo_record = backend.env[binding.res_model].browse(binding.res_id)
            options = backend._job_options(
                f"Export {odoo_record.display_name} to {backend.display_name}"
            )
            options["eta"] = backend.export_delay_seconds or None
            backend.with_delay(**options).export_record(odoo_record)
