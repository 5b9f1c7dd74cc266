# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


# the product page's backend; "kogan" is "shopify" here: connector_kogan's
# own backend and components hold the page's Kogan names in the same database
class ShopifyBackend(models.Model):
    _name = "connector.shopify.backend"
    _inherit = [
        "connector.backend",
        "connector.backend.crud.mixin",
        "connector.backend.http.mixin",
    ]
    _description = "Shopify Backend"
