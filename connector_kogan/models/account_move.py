# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .stock_picking import KOGAN_REFUND_REASONS


class AccountMove(models.Model):
    _inherit = "account.move"

    kogan_refund_reason = fields.Selection(
        KOGAN_REFUND_REASONS,
        copy=False,
        help="On a credit note of a Kogan order: Kogan refunds the credited "
        "lines with this reason when the credit note is posted (without a "
        "reason, nothing is sent to Kogan).",
    )
    kogan_refunded = fields.Boolean(
        readonly=True, copy=False, help="Kogan was told to refund this credit note"
    )
