# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.actions import form_action


class ConnectorExportConfirm(models.TransientModel):
    """*Export* of more records than the confirmation threshold: the counts,
    and a button that queues the export once a person has read them."""

    _name = "connector.export.confirm"
    _description = "Confirm a large export"

    backend_model = fields.Char(required=True, readonly=True)
    backend_id = fields.Integer(required=True, readonly=True)
    counts = fields.Json(readonly=True, help="{model: records to export}")
    refusals = fields.Json(readonly=True, help="why other models send nothing")
    summary = fields.Text(compute="_compute_summary")

    @api.model
    def _open(self, backend, counts, refusals):
        wizard = self.create(
            {
                "backend_model": backend._name,
                "backend_id": backend.id,
                "counts": counts,
                "refusals": refusals,
            }
        )
        name = _("Export to %s?") % backend.display_name
        return form_action(self._name, wizard.id, name=name, target="new")

    @api.depends("counts", "refusals")
    def _compute_summary(self):
        label = self.env["connector.sync.state"]._model_label
        for wizard in self:
            lines = [
                _("%(count)s %(model)s records will be sent.")
                % {"count": count, "model": label(model)}
                for model, count in (wizard.counts or {}).items()
            ]
            wizard.summary = "\n".join(lines + list(wizard.refusals or []))

    def action_confirm(self):
        """Queue the exports counted, for their creator (an RPC caller may
        name any backend and model): only models the backend exports."""
        self.ensure_one()
        if not self.env.su and self.create_uid != self.env.user:
            raise AccessError(_("This export was prepared by another user."))
        model = self.env.get(self.backend_model)
        if model is None or not hasattr(model, "_queue_exports"):
            raise UserError(_("%s is not a connector backend.") % self.backend_model)
        backend = model.browse(self.backend_id).exists()
        # the backend as the user sees it (its company's record rules)
        backend.check_access("read")
        exported = backend and backend._connector_models("record.exporter")
        if not backend or set(self.counts or {}) - set(exported):
            raise UserError(_("Nothing to export: the backend or its models are gone."))
        return backend._queue_exports(self.counts, self.refusals or [])
