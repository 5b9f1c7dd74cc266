# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class CoffeeBackend(models.Model):
    """A coffee machine Odoo talks to (the backend of OCA's bootstrap tutorial)."""

    _name = "coffee.backend"
    _inherit = "connector.backend"
    _description = "Coffee Backend"

    @api.model
    def _select_versions(self):
        """Machine models; other addons extend this list to support new machines."""
        return [("1900", "1900"), ("2900", "2900")]

    name = fields.Char(required=True)
    location = fields.Char(help="URL of the coffee machine")
    username = fields.Char()
    password = fields.Char(groups="connector.group_connector_manager")
    version = fields.Selection(
        selection="_select_versions", required=True, default="1900"
    )
    default_lang_id = fields.Many2one(
        comodel_name="res.lang",
        string="Default Language",
        help="Language of the names imported from the machine",
    )
