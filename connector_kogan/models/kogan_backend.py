# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

KOGAN_URLS = {
    "production": "https://nimda.kogan.com/api/marketplace/v2/",
    "test": "https://nimda-marketplace.aws.kgn.io/api/marketplace/v2/",
}


class KoganBackend(models.Model):
    """A Kogan.com seller account."""

    _name = "connector.kogan.backend"
    _inherit = "connector.backend"
    _description = "Kogan Backend"

    @api.model
    def _select_versions(self):
        return [("v2", "Marketplace API v2")]

    name = fields.Char(required=True)
    version = fields.Selection(
        selection="_select_versions", required=True, default="v2"
    )
    environment = fields.Selection(
        [("test", "Test"), ("production", "Production")],
        required=True,
        default="test",
    )
    base_url = fields.Char(
        string="API URL",
        required=True,
        default=KOGAN_URLS["test"],
        help="Kogan Marketplace API root; follows the environment unless changed.",
    )
    seller_id = fields.Char(
        string="Seller ID", groups="connector.group_connector_manager"
    )
    seller_token = fields.Char(groups="connector.group_connector_manager")

    @api.onchange("environment")
    def _onchange_environment(self):
        self.base_url = KOGAN_URLS[self.environment]
