# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

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


def _imported(field_type, *args, **kwargs):
    """A field the order import writes from Kogan's order: read only, and
    not copied, as a copy of the order is not Kogan's order."""
    return field_type(*args, readonly=True, copy=False, **kwargs)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    kogan_total_mismatch = _imported(
        fields.Boolean,
        help="The order's total differs from the one Kogan sent: check it "
        "before confirming.",
    )
    kogan_total = _imported(
        fields.Monetary, string="Total on Kogan", currency_field="currency_id"
    )
    kogan_tax_mismatch = _imported(
        fields.Boolean,
        help="The order's taxes differ from the ones Kogan sent: check them "
        "before confirming.",
    )
    kogan_tax_total = _imported(
        fields.Monetary,
        string="Taxes on Kogan",
        currency_field="currency_id",
        help="Kogan's TotalTaxPrice + TotalShippingTaxPrice + "
        "TotalGiftOptionTaxPrice",
    )
    kogan_held = fields.Boolean(
        string="Held for Review",
        compute="_compute_kogan_held",
        search="_search_kogan_held",
        help="The order waits in Connector → To Review: its automatic workflow "
        "(confirm, invoice, pay) starts once it is reviewed.",
    )
    kogan_status = _imported(
        fields.Selection,
        KOGAN_ORDER_STATUSES,
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
    kogan_order_label = _imported(fields.Char)
    kogan_shipping_method = _imported(fields.Char, string="Requested Shipping Method")
    kogan_special_instructions = _imported(
        fields.Text,
        string="Special Instructions",
        help="The buyer's instructions, also on the delivery's note.",
    )
    kogan_private_notes = _imported(fields.Text)
    kogan_payment_method = _imported(fields.Char)
    kogan_shipping_label_url = _imported(fields.Char, string="Kogan Shipping Label")

    def _action_confirm(self):
        result = super()._action_confirm()
        self.filtered(lambda o: o.kogan_status == "Shipped")._kogan_shipped_already()
        return result

    def _kogan_shipped_already(self):
        """Confirmed once Kogan had shipped it (read late, or held for
        review meanwhile): sold, but its goods left already, so its
        deliveries are cancelled, never shipped nor sent to Kogan again."""
        for order in self:
            pickings = order.picking_ids.filtered(
                lambda p: p.state not in ("done", "cancel")
            )
            if not pickings:
                continue
            pickings.action_cancel()
            order.message_post(
                body=self.env._(
                    "Kogan had shipped this order before it was confirmed: its "
                    "deliveries are cancelled, not shipped again. Adjust the "
                    "stock if its goods left from an Odoo warehouse."
                )
            )

    def _held_reviews_domain(self):
        return [("res_model", "=", "sale.order"), ("state", "=", "to_review")]

    def _compute_kogan_held(self):
        reviews = (
            self.env["connector.review"]
            .sudo()
            .search(self._held_reviews_domain() + [("res_id", "in", self.ids)])
        )
        held = set(reviews.mapped("res_id"))
        for order in self:
            order.kogan_held = order.id in held

    def _search_kogan_held(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on Held for Review."))
        # the review queue is short: its ids, not a join
        reviews = (
            self.env["connector.review"].sudo().search(self._held_reviews_domain())
        )
        held_ids = reviews.mapped("res_id")
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", held_ids)]


class AutomaticWorkflowJob(models.Model):
    """OCA's automatic workflow picks orders by its filters: an order held
    for review stays out of them until a person reviews it."""

    _inherit = "automatic.workflow.job"

    @api.model
    def _not_held(self, domain):
        return list(domain) + [("kogan_held", "=", False)]

    @api.model
    def _validate_sale_orders(self, order_filter):
        return super()._validate_sale_orders(self._not_held(order_filter))

    @api.model
    def _create_invoices(self, create_filter):
        return super()._create_invoices(self._not_held(create_filter))

    @api.model
    def _sale_done(self, sale_done_filter):
        return super()._sale_done(self._not_held(sale_done_filter))


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
