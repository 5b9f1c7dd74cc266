# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CoffeeProduct(models.Model):
    """A beverage of a machine's menu, bound to an Odoo product."""

    _name = "coffee.product"
    _inherit = "coffee.binding"
    _inherits = {"product.product": "odoo_id"}
    _description = "Coffee Machine Beverage"

    odoo_id = fields.Many2one(
        "product.product", string="Odoo Product", required=True, ondelete="cascade"
    )
    available = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "coffee_uniq",
            "unique(backend_id, coffee_id)",
            "A beverage of a machine is bound only once.",
        ),
        (
            "odoo_uniq",
            "unique(backend_id, odoo_id)",
            "A product is bound only once per machine.",
        ),
    ]
