# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.actions import CLOSE, notification

USAGES = {"export": "record.exporter", "import": "record.importer"}


class ConnectorBulkSync(models.TransientModel):
    """Export the selected records to a backend, or import them again from
    it, one job each (bound from a list view's *Actions* by each connector)."""

    _name = "connector.bulk.sync"
    _description = "Synchronise the selected records"

    direction = fields.Selection(
        [("export", "Export to"), ("import", "Re-import from")],
        required=True,
        default="export",
    )
    backend_ref = fields.Selection(
        selection="_backend_selection", string="Backend", required=True
    )
    res_model = fields.Char(required=True, readonly=True)
    res_ids = fields.Json(required=True, readonly=True)
    record_count = fields.Integer(compute="_compute_record_count")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        values.setdefault("res_model", context.get("active_model"))
        values.setdefault("res_ids", context.get("active_ids") or [])
        return values

    @api.model
    def _backend_selection(self):
        """The active backends, of every connector, this user may see."""
        return [
            (f"{name},{backend.id}", backend.display_name)
            for name in self.env["connector.backend.crud.mixin"]._backends()
            if self.env[name].has_access("read")
            for backend in self.env[name].search([("active", "=", True)])
        ]

    @api.depends("res_ids")
    def _compute_record_count(self):
        for wizard in self:
            wizard.record_count = len(wizard.res_ids or [])

    def _backend(self):
        model, backend_id = self.backend_ref.split(",")
        return self.env[model].browse(int(backend_id)).exists()

    def action_queue(self):
        self.ensure_one()
        if not self.env.su and self.create_uid != self.env.user:
            # the records and backend chosen are its creator's
            raise AccessError(_("This synchronisation was prepared by another user."))
        backend = self._backend()
        records = self.env[self.res_model].browse(self.res_ids).exists()
        if not backend or not records:
            raise UserError(
                _("Nothing to synchronise: the records or the backend are gone.")
            )
        if self.res_model not in backend._connector_models(USAGES[self.direction]):
            raise UserError(
                _("%(backend)s does not %(direction)s %(model)s.")
                % {
                    "backend": backend.display_name,
                    "direction": _("export")
                    if self.direction == "export"
                    else _("import"),
                    "model": records._description,
                }
            )
        # the rights the same act needs in Odoo: to change these records
        records.check_access("write")
        queued, skipped = (
            self._queue_exports(backend, records)
            if self.direction == "export"
            else self._queue_imports(backend, records)
        )
        message = _("%(count)s jobs queued for %(backend)s.") % {
            "count": queued,
            "backend": backend.display_name,
        }
        if skipped:
            message += " " + _(
                "%(count)s records never synchronised with it were left out: "
                "export them first."
            ) % {"count": skipped}
        return notification(message, "warning" if skipped else "success", CLOSE)

    def _queue_exports(self, backend, records):
        for record in records:
            backend._delayed_for(record, "export").export_record(record, force=True)
        return len(records), 0

    def _queue_imports(self, backend, records):
        with backend.work_on(records._name) as work:
            binder = work.component(usage="binder")
            external_ids = {record: binder.to_external(record) for record in records}
        queued = 0
        for record, external_id in external_ids.items():
            if not external_id:
                continue
            backend._delayed_for(record, "import").import_record(
                records._name, external_id, force=True
            )
            queued += 1
        return queued, len(records) - queued
