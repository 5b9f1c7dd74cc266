# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Refunds on Kogan: the lines a validated return brings back, or those a
credit note with a Kogan refund reason credits. Kogan refunds whole shipped
lines, each with one of its reasons; a line is refunded once, whichever of
the two comes first (the usual Odoo flow makes both)."""

from odoo.addons.component.core import AbstractComponent, Component
from odoo.addons.connector_base import BadDataError, process


class KoganRefunder(AbstractComponent):
    """Sends the refund of sale order lines of Kogan orders."""

    _name = "kogan.refunder"
    _inherit = "base.connector"
    _collection = "connector.kogan.backend"

    def _refund(self, document, quantities, reason):
        """Refund ``{sale order line: quantity}`` (lines of Kogan orders)
        with ``reason``, then mark ``document`` (the return or credit note,
        which names them in errors) refunded; returns the step's outcome."""
        count = self._refund_lines(document, quantities, reason)
        document.with_context(connector_no_export=True).kogan_refunded = True
        return f"{count} Kogan order lines refunded"

    def _refund_lines(self, document, quantities, reason):
        """Send the refunds, order by order, skipping lines refunded already;
        returns how many lines were refunded."""
        quantities = {
            line: qty for line, qty in quantities.items() if not line.kogan_refunded
        }
        if not quantities:
            return 0
        partial = [
            line for line, qty in quantities.items() if qty != line.product_uom_qty
        ]
        if partial:
            raise BadDataError(
                f"{document.display_name}: Kogan refunds whole lines only; "
                + ", ".join(
                    f"{line.product_id.display_name} is {quantities[line]:g} "
                    f"of {line.product_uom_qty:g}"
                    for line in partial
                )
                + ". Refund the rest on Kogan's seller portal."
            )
        binder = self.binder_for("sale.order")
        adapter = self.component(usage="backend.adapter", model_name="sale.order")
        lines = self.env["sale.order.line"].union(*quantities)
        for order in lines.order_id:
            external_id = binder.to_external(order)
            if not external_id:
                continue
            order_lines = lines.filtered(lambda line, o=order: line.order_id == o)
            items = [
                {
                    "ID": line.kogan_item_id,
                    "SellerSku": line.product_id.default_code,
                    "Quantity": int(quantities[line]),
                    "Reason": reason,
                }
                for line in order_lines
            ]
            self.external_id = external_id
            adapter.refund(external_id, items)
            # told to Kogan: never sent again, even if this job fails later
            order_lines.with_context(connector_no_export=True).kogan_refunded = True
        return len(lines)


class KoganReturnRefunder(Component):
    """A validated return of a Kogan order: its lines, with the return's
    reason (required)."""

    _name = "kogan.return.refunder"
    _inherit = "kogan.refunder"
    _apply_on = ["stock.picking"]
    _usage = "return.refunder"

    @process(description="Refund a Kogan return")
    def run(self, picking):
        if picking.kogan_refunded:
            return "Nothing to refund on Kogan"
        quantities = {}
        for move in picking.move_ids.filtered(lambda m: m.state == "done"):
            line = move.origin_returned_move_id.sale_line_id
            if line.kogan_item_id:
                quantities[line] = quantities.get(line, 0) + move.quantity
        if not quantities:
            return "Nothing to refund on Kogan"
        if not picking.kogan_refund_reason:
            raise BadDataError(
                f"{picking.name} returns items of a Kogan order: set its Kogan "
                "Refund Reason, then retry."
            )
        return self._refund(picking, quantities, picking.kogan_refund_reason)


class KoganCreditNoteRefunder(Component):
    """A posted credit note with a Kogan refund reason: the Kogan order lines
    it credits (a credit note without a reason is Odoo's business only)."""

    _name = "kogan.credit.note.refunder"
    _inherit = "kogan.refunder"
    _apply_on = ["account.move"]
    _usage = "credit.note.refunder"

    @process(description="Refund a Kogan credit note")
    def run(self, move):
        if move.kogan_refunded or not move.kogan_refund_reason:
            return "Nothing to refund on Kogan"
        quantities = {}
        for invoice_line in move.invoice_line_ids:
            for line in invoice_line.sale_line_ids.filtered("kogan_item_id"):
                quantity = invoice_line.product_uom_id._compute_quantity(
                    invoice_line.quantity, line.product_uom
                )
                quantities[line] = quantities.get(line, 0) + quantity
        return self._refund(move, quantities, move.kogan_refund_reason)
