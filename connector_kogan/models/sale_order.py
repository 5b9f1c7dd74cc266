# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

KOGAN_ORDER_STATUSES = [
    ("ReleasedForShipment", "Awaiting Shipment"),
    ("Pending", "Pending"),
    ("AcknowledgedBySeller", "Acknowledged"),
    ("PartiallyShipped", "Partially Shipped"),
    ("Shipped", "Shipped"),
    ("Canceled", "Cancelled"),
    ("PartiallyCanceled", "Partially Cancelled"),
]
# why an order is cancelled, told to the buyer by Kogan
KOGAN_CANCEL_REASONS = [
    ("GeneralAdjustment", "General adjustment"),
    ("ItemNotAvailable", "Item not available"),
    ("CustomerReturnedItem", "Customer returned item"),
    ("CouldNotShip", "Could not ship"),
    ("AlternateItemProvided", "Alternate item provided"),
    ("BuyerCanceled", "Buyer cancelled"),
    ("CustomerExchange", "Customer exchange"),
    ("MerchandiseNotReceived", "Merchandise not received"),
    ("ShippingAddressUndeliverable", "Shipping address undeliverable"),
    ("Other", "Other"),
]
# statuses after which Kogan changes nothing more on an order
KOGAN_CLOSED_STATUSES = ("Shipped", "Canceled")


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
    kogan_status = fields.Selection(
        KOGAN_ORDER_STATUSES,
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The order's status on Kogan, followed by every order import "
        "until Kogan ships or cancels it.",
    )
    kogan_cancel_reason = fields.Selection(
        KOGAN_CANCEL_REASONS,
        string="Kogan Cancellation Reason",
        default="GeneralAdjustment",
        copy=False,
        help="Sent to Kogan, which tells the buyer, when the order is cancelled "
        "in Odoo.",
    )
    kogan_order_label = fields.Char(readonly=True, copy=False)
    kogan_shipping_method = fields.Char(
        string="Requested Shipping Method", readonly=True, copy=False
    )
    kogan_special_instructions = fields.Text(
        string="Special Instructions",
        readonly=True,
        copy=False,
        help="The buyer's instructions, also on the delivery's note.",
    )
    kogan_private_notes = fields.Text(readonly=True, copy=False)
    kogan_payment_method = fields.Char(readonly=True, copy=False)
    kogan_shipping_label_url = fields.Char(
        string="Kogan Shipping Label", readonly=True, copy=False
    )


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    kogan_item_id = fields.Char(
        string="Kogan Order Item", readonly=True, copy=False, index="btree_not_null"
    )
    kogan_cancel_reason = fields.Char(
        readonly=True,
        copy=False,
        help="Why Kogan or the buyer cancelled this item",
    )
    kogan_refunded = fields.Boolean(
        readonly=True,
        copy=False,
        help="Kogan was told to refund this item (by a return or a credit note)",
    )
