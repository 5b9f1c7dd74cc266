# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CoffeeBinding(models.AbstractModel):
    """Abstract binding: links an Odoo record to its twin on a coffee machine.

    As in the tutorial (``external.binding``), reached through
    ``connector.base.binding``, which adds the synchronisation state the
    generic flows use to skip unchanged records."""

    _name = "coffee.binding"
    _inherit = "connector.base.binding"
    _description = "Coffee Binding (abstract)"
    _connector_external_field = "coffee_id"

    backend_id = fields.Many2one(
        comodel_name="coffee.backend",
        string="Coffee Backend",
        required=True,
        ondelete="restrict",
    )
    coffee_id = fields.Char(string="ID in the Coffee Machine", index=True)
