# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class TestConnectorBackend(models.Model):
    _name = "test.connector.backend"
    _inherit = [
        "connector.backend",
        "connector.backend.crud.mixin",
        "connector.backend.http.mixin",
    ]
    _description = "Test Connector Backend"
    _connector_secret_fields = ["api_key"]
    _connector_test_path = "ping"

    name = fields.Char(required=True)
    api_key = fields.Char(groups="connector.group_connector_manager")

    def _http_headers(self):
        return dict(super()._http_headers(), Authorization=f"Key {self.sudo().api_key}")


class TestConnectorCategoryBinding(models.Model):
    """An OCA-style concrete binding (``_inherits``) on partner tags."""

    _name = "test.connector.category.binding"
    _inherit = "connector.base.binding"
    _inherits = {"res.partner.category": "odoo_id"}
    _description = "Test Connector Partner Tag Binding"

    odoo_id = fields.Many2one(
        "res.partner.category", required=True, ondelete="cascade", index=True
    )
    backend_id = fields.Many2one(
        "test.connector.backend", required=True, ondelete="restrict"
    )
    external_id = fields.Char(index=True)

    _sql_constraints = [
        ("external_uniq", "unique(backend_id, external_id)", "Bound twice."),
        ("odoo_uniq", "unique(backend_id, odoo_id)", "Bound twice."),
    ]
