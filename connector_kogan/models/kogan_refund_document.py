# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

# why shipped items come back, told to the buyer by Kogan with the refund
# ([D-refund]'s list; Ventmere/kogan reuses the cancel reasons, a minority)
KOGAN_REFUND_REASONS = [
    ("Change of Mind", "Change of mind"),
    ("Dead Arrival", "Dead on arrival"),
    ("Failed Cancel", "Failed cancel"),
    ("Listing Error", "Listing error"),
    ("Part Problem", "Part problem"),
    ("Return Sender", "Return to sender"),
    ("Wrong Goods", "Wrong goods"),
    ("Faulty Item", "Faulty item"),
    ("Damage In Transit", "Damage in transit"),
    ("Faulty Part", "Faulty part"),
]


class KoganRefundDocument(models.AbstractModel):
    """A return or a credit note of a Kogan order: Kogan refunds its lines
    with its reason, once (``kogan.refunder``)."""

    _name = "kogan.refund.document"
    _description = "Document Refunded on Kogan"

    kogan_refund_reason = fields.Selection(
        KOGAN_REFUND_REASONS,
        copy=False,
        help="On a return or a credit note of a Kogan order: Kogan refunds its "
        "lines with this reason when the return is validated or the credit "
        "note posted (a credit note without a reason is not sent to Kogan).",
    )
    kogan_refunded = fields.Boolean(
        readonly=True, copy=False, help="Kogan was told to refund this document"
    )
