# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class KoganCategory(models.Model):
    """A category of Kogan's list (``GET category/?store_code=``), to choose
    a product's Kogan category from instead of typing ``kogan:<id>``."""

    _name = "connector.kogan.category"
    _description = "Kogan Category"
    _rec_name = "display"
    _order = "display"

    backend_id = fields.Many2one(
        "connector.kogan.backend", required=True, ondelete="cascade", index=True
    )
    # the backend's, always: categories are edited by connector users, who
    # must not reach another company's (kept by a record rule)
    company_id = fields.Many2one(
        related="backend_id.company_id", store=True, index=True, readonly=True
    )
    store_code = fields.Selection(
        [("au", "Kogan AU"), ("nz", "Kogan NZ")], required=True, default="au"
    )
    kogan_id = fields.Integer(string="Kogan ID", required=True)
    title = fields.Char(required=True)
    display = fields.Char(help="The category's path on Kogan")
    code = fields.Char(compute="_compute_code", help="As sent to Kogan")

    _sql_constraints = [
        (
            "kogan_id_uniq",
            "unique(backend_id, store_code, kogan_id)",
            "A Kogan category is listed once per backend and store.",
        )
    ]

    @api.depends("kogan_id")
    def _compute_code(self):
        for category in self:
            category.code = f"kogan:{category.kogan_id}"
