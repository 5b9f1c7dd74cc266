# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    kogan_total_mismatch = fields.Boolean(
        readonly=True,
        copy=False,
        help="The order's total differs from the one Kogan sent: check it "
        "before confirming.",
    )
    kogan_total = fields.Monetary(
        string="Total on Kogan", readonly=True, copy=False, currency_field="currency_id"
    )


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    kogan_item_id = fields.Char(
        string="Kogan Order Item", readonly=True, copy=False, index="btree_not_null"
    )
