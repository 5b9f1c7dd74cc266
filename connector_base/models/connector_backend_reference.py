# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ConnectorBackendReference(models.AbstractModel):
    """A row that belongs to one backend of any connector (bindings, errors,
    synchronisation states): backends are records of each connector's own
    model, hence a model name and an id."""

    _name = "connector.backend.reference"
    _description = "Connector: Row of a Backend"

    backend_model = fields.Char(required=True, index=True, readonly=True)
    backend_id = fields.Many2oneReference(
        model_field="backend_model", required=True, index=True, readonly=True
    )
    backend_name = fields.Char(compute="_compute_backend_name")

    @api.depends("backend_model", "backend_id")
    def _compute_backend_name(self):
        for row in self:
            backend = self.env[row.backend_model].browse(row.backend_id).exists()
            row.backend_name = backend.display_name or ""
