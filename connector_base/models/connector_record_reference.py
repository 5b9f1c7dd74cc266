# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .actions import form_action


class ConnectorRecordReference(models.AbstractModel):
    """A backend's row about one Odoo record of any model (a binding, a
    review, a change): a model name and an id."""

    _name = "connector.record.reference"
    _inherit = "connector.backend.reference"
    _description = "Connector: Row about an Odoo Record"

    res_model = fields.Char(string="Model", required=True, readonly=True, index=True)
    res_id = fields.Many2oneReference(
        model_field="res_model", required=True, readonly=True, index=True
    )
    record_name = fields.Char(compute="_compute_record_name")

    @api.depends("res_model", "res_id")
    def _compute_record_name(self):
        for row in self:
            record = row._record()
            row.record_name = record.display_name if record else _("(deleted)")

    def _record(self):
        """The Odoo record; None once it (or its model) is gone."""
        self.ensure_one()
        if self.res_model not in self.env:
            return None
        return self.env[self.res_model].browse(self.res_id).exists() or None

    def action_open_record(self):
        self.ensure_one()
        record = self._record()
        if not record:
            raise UserError(_("This record no longer exists."))
        return form_action(record._name, record.id)
