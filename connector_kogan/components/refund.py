# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Refunds on Kogan: the lines a validated return brings back, or those a
credit note with a Kogan refund reason credits.

Kogan refunds whole shipped lines: ``POST orders/<ID>/refund/`` names a line
and its whole quantity, never an amount, and Kogan pays the buyer back what
the line cost them. So a return or a credit note is sent only when it is
that whole line: a return brings back the line's whole delivered quantity,
which must be the whole line; a credit note credits the line's whole
quantity and amount (the sale line's subtotal and total, same taxes, within
the currency's rounding), for the order's own customer. Anything else is
refused before anything is sent, naming the document, the order and the
line. A line is refunded once, whichever of the two comes first (the usual
Odoo flow makes both): its row stays locked while its refund is decided and
sent, so two jobs never both send it; and a refund Kogan received but whose
answer was lost is not sent again (it would be refunded twice) but left to
a person to check."""

import requests
from urllib3.exceptions import ReadTimeoutError

from odoo.tools import float_compare

from odoo.addons.component.core import AbstractComponent, Component
from odoo.addons.connector_base import BadDataError, TransientError, process
from odoo.addons.connector_base.exceptions import ConnectorBaseError, classify

RETRY_REST_SECONDS = 30  # a transient failure: Kogan busy or out of reach


def _label(line):
    return f"{line.order_id.name} {line.product_id.display_name}"


def _unrefunded(lines):
    """The order lines no refund of this connector marked refunded yet."""
    return lines.filtered(lambda line: not line.kogan_refunded)


def _differs(quantity, other, uom):
    return float_compare(quantity, other, precision_rounding=uom.rounding) != 0


def _answer_lost(error):
    """Kogan received the request but its answer was lost: no answer in time
    once the request was sent (a read timeout), or a success reply that is
    not JSON. Kogan refunds at every call, so such a refund is not sent
    again (a refused connection, HTTP 429/5xx or a refusal were not acted
    on: those are retried or reported as they are)."""
    cause = error.__cause__
    if isinstance(error, BadDataError):
        return isinstance(cause, ValueError)  # 2xx, its body unreadable
    if isinstance(cause, requests.ReadTimeout):
        return True
    reason = getattr(cause.args[0], "reason", None) if cause and cause.args else None
    return isinstance(reason, ReadTimeoutError)


class KoganRefunder(AbstractComponent):
    """Sends the refund of sale order lines of Kogan orders."""

    _name = "kogan.refunder"
    _inherit = "base.connector"
    _collection = "connector.kogan.backend"

    #: what the document is, in the advice of a refusal
    _document_kind = "document"
    #: the backend's method refunding such a document (a job of it), and
    #: its step (the description of the ``@process`` method ``run`` calls)
    _backend_method = None
    _step_description = None

    def _refund(self, document, quantities, reason):
        """Refund ``{sale order line: quantity}`` (lines of Kogan orders) with
        ``reason`` once ``document`` (the return or credit note, which names
        them in errors) passes every check, then mark it refunded; returns
        the step's outcome."""
        lines = self._lines_to_refund(quantities)
        if lines:
            refusals = self._refusals(document, lines, quantities)
            if refusals:
                raise BadDataError(self._refusal_message(document, lines, refusals))
            left = self._send(document, lines, quantities, reason)
            if left:
                return (
                    f"{len(lines - left)} Kogan order lines refunded, "
                    f"{len(left)} left for a new attempt"
                )
        document.with_context(connector_no_export=True).kogan_refunded = True
        return f"{len(lines)} Kogan order lines refunded"

    def _orders_to_refund(self, document, quantities):
        """The Kogan orders of the lines ``document`` still has to refund,
        which name its step's errors (None: nothing to refund). Read before
        the step, so unlocked: the step locks and reads them again."""
        if document.kogan_refunded:
            return None
        lines = _unrefunded(self._kogan_lines(quantities))
        return ", ".join(self._external_ids(lines.order_id)) or None

    def _external_ids(self, orders):
        binder = self.binder_for("sale.order")
        return [binder.to_external(order) for order in orders]

    def _kogan_lines(self, quantities):
        """The lines of ``quantities`` whose orders are this backend's."""
        binder = self.binder_for("sale.order")
        lines = self.env["sale.order.line"].union(*quantities)
        return lines.filtered(lambda line: binder.to_external(line.order_id))

    def _lines_to_refund(self, quantities):
        """The lines of orders of this backend not refunded yet, locked (FOR
        UPDATE NOWAIT, else the job is retried): a return and a credit note
        of one line run as two jobs, and the second one must see the first
        one's mark, not its own snapshot of before it."""
        lines = self._kogan_lines(quantities)
        if lines:
            locker = self.component(usage="record.locker", model_name=lines._name)
            locker.lock(lines)
        return _unrefunded(lines)

    def _refusals(self, document, lines, quantities):
        """Why ``document`` cannot refund ``lines`` on Kogan, one sentence
        each (none: it can). Kogan refunds whole lines only."""
        return [
            f"{_label(line)} is {quantities[line]:g} of {line.product_uom_qty:g}"
            for line in lines
            if _differs(quantities[line], line.product_uom_qty, line.product_uom)
        ]

    def _refusal_message(self, document, lines, refusals):
        orders = ", ".join(lines.order_id.mapped("display_name"))
        return (
            f"{document.display_name} ({orders}) is not sent to Kogan: "
            + "; ".join(refusals)
            + ". Kogan refunds whole lines only, each for its order's customer: "
            f"correct the {self._document_kind} and retry, or refund on Kogan's "
            "seller portal. Nothing was refunded on Kogan."
        )

    def _send(self, document, lines, quantities, reason):
        """One refund per order, each line marked refunded once Kogan received
        it; returns the lines left unsent (none: all sent)."""
        sent = lines.browse()
        for order in lines.order_id:
            order_lines = lines.filtered(lambda line, o=order: line.order_id == o)
            try:
                self._send_order(document, order, order_lines, quantities, reason)
            except ConnectorBaseError as error:
                if not sent:
                    raise  # nothing told to Kogan yet: the job fails or retries
                self._keep_sent(document, order, error)
                return lines - sent
            sent |= order_lines
        return lines.browse()

    def _keep_sent(self, document, order, error):
        """Kogan refunded the orders before ``order``, whose refund failed:
        this job must succeed, or its transaction, rolled back, would forget
        their marks and a retry would refund them twice. So the failure is
        recorded on ``order`` and, when transient, a new job sends the rest
        (committed with the marks; no identity key: this one, still
        running, has the same)."""
        backend = self.backend_record
        external_id = self._external_ids(order)[0]
        kind = classify(error)
        errors = self.env["connector.error"]
        errors._record(
            errors._values(
                backend,
                self.model._name,
                self._step_description,
                f"{document.display_name}: the refund of {order.name} (Kogan "
                f"order {external_id}) failed, those of the orders before it "
                f"were sent: {error}",
                kind=kind,
                external_id=external_id,
                record=document,
            )
        )
        if kind == "transient":
            backend._queue(
                f"Refund the rest of {document.display_name} on "
                f"{backend.display_name}",
                self._backend_method,
                document,
                key=False,
                eta=RETRY_REST_SECONDS,
            )

    def _send_order(self, document, order, order_lines, quantities, reason):
        """The refund of ``order_lines``, whole, marked once Kogan received
        it (see ``_answer_lost``)."""
        adapter = self.component(usage="backend.adapter", model_name="sale.order")
        items = [
            {
                "ID": line.kogan_item_id,
                "SellerSku": line.product_id.default_code,
                "Quantity": int(quantities[line]),
                "Reason": reason,
            }
            for line in order_lines
        ]
        external_id = self._external_ids(order)[0]
        try:
            adapter.refund(external_id, items)
        except (TransientError, BadDataError) as error:
            if not _answer_lost(error):
                raise
            self._record_answer_lost(document, order, external_id, error)
        order_lines.with_context(connector_no_export=True).kogan_refunded = True

    def _record_answer_lost(self, document, order, external_id, error):
        """The refund of ``order`` may be made on Kogan, unconfirmed: it is
        marked refunded (sending it again could refund twice) and a person
        is asked to check it, in an error record of its own step (the
        refund's step succeeds, which resolves the errors of its own)."""
        errors = self.env["connector.error"]
        message = (
            f"{document.display_name}: Kogan's answer to the refund of "
            f"{order.name} (Kogan order {external_id}) was lost ({error}). The "
            "lines are marked refunded and are never sent again: check on "
            f"Kogan's seller portal that order {external_id} was refunded, "
            "else refund it there."
        )
        errors._record(
            errors._values(
                self.backend_record,
                self.model._name,
                "Check a Kogan refund",
                message,
                kind="permanent",
                external_id=external_id,
                record=document,
            )
        )


class KoganReturnRefunder(Component):
    """A validated return of a Kogan order: the lines it brings back from the
    customer, with the return's reason (required). Kogan refunds each line
    as sold (its whole price, taxes included): a return refunds no amount of
    its own, so it must bring back the whole line, all of it delivered."""

    _name = "kogan.return.refunder"
    _inherit = "kogan.refunder"
    _apply_on = ["stock.picking"]
    _usage = "return.refunder"
    _document_kind = "return"
    _backend_method = "refund_return"
    _step_description = "Refund a Kogan return"

    def run(self, picking):
        orders = self._orders_to_refund(picking, self._returned(picking))
        return self._refund_return(picking, external_id=orders)

    @process(description=_step_description)
    def _refund_return(self, picking, external_id=None):
        if picking.kogan_refunded:
            return "Nothing to refund on Kogan"
        quantities = self._returned(picking)
        if not quantities:
            return "Nothing to refund on Kogan"
        if not picking.kogan_refund_reason:
            raise BadDataError(
                f"{picking.name} returns items of a Kogan order: set its Kogan "
                "Refund Reason, then retry."
            )
        return self._refund(picking, quantities, picking.kogan_refund_reason)

    def _returned(self, picking):
        """``{Kogan order line: quantity}`` that ``picking`` brought back from
        the customer (a return of a return sends goods out: no refund)."""
        quantities = {}
        for move in picking.move_ids.filtered(
            lambda m: m.state == "done" and m.location_id.usage == "customer"
        ):
            line = move.origin_returned_move_id.sale_line_id
            if line.kogan_item_id:
                quantity = move.product_uom._compute_quantity(
                    move.quantity, line.product_uom
                )
                quantities[line] = quantities.get(line, 0) + quantity
        return quantities

    def _refusals(self, document, lines, quantities):
        refusals = super()._refusals(document, lines, quantities)
        for line in lines:
            delivered = self._delivered_before(line, document)
            if _differs(quantities[line], delivered, line.product_uom):
                refusals.append(
                    f"{_label(line)} returns {quantities[line]:g}, "
                    f"{delivered:g} delivered"
                )
        return refusals

    def _delivered_before(self, line, picking):
        """What the customer held of ``line`` before ``picking`` came back:
        the done deliveries, less the done returns of other pickings."""
        outgoing, incoming = line._get_outgoing_incoming_moves()
        incoming = incoming.filtered(lambda m: m.picking_id != picking)
        return sum(
            move.product_uom._compute_quantity(move.quantity, line.product_uom)
            * (1 if move in outgoing else -1)
            for move in (outgoing | incoming).filtered(lambda m: m.state == "done")
        )


class KoganCreditNoteRefunder(Component):
    """A posted credit note with a Kogan refund reason: the Kogan order lines
    it credits (a credit note without a reason is Odoo's business only), each
    credited whole (quantity and amount), for the order's own customer."""

    _name = "kogan.credit.note.refunder"
    _inherit = "kogan.refunder"
    _apply_on = ["account.move"]
    _usage = "credit.note.refunder"
    _document_kind = "credit note"
    _backend_method = "refund_credit_note"
    _step_description = "Refund a Kogan credit note"

    def run(self, move):
        orders = self._orders_to_refund(move, self._credited(move))
        return self._refund_credit_note(move, external_id=orders)

    @process(description=_step_description)
    def _refund_credit_note(self, move, external_id=None):
        if move.kogan_refunded or not move.kogan_refund_reason:
            return "Nothing to refund on Kogan"
        return self._refund(move, self._credited(move), move.kogan_refund_reason)

    def _credited(self, move):
        """``{Kogan order line: quantity}`` that ``move`` credits."""
        quantities = {}
        for invoice_line in move.invoice_line_ids:
            for line in invoice_line.sale_line_ids.filtered("kogan_item_id"):
                quantity = invoice_line.product_uom_id._compute_quantity(
                    invoice_line.quantity, line.product_uom
                )
                quantities[line] = quantities.get(line, 0) + quantity
        return quantities

    def _refusals(self, document, lines, quantities):
        return (
            super()._refusals(document, lines, quantities)
            + self._customer_refusals(document, lines.order_id)
            + [
                refusal
                for line in lines
                for refusal in self._amount_refusals(document, line)
            ]
        )

    def _customer_refusals(self, move, orders):
        """A credit note refunds the order's own customer, in its currency."""
        refusals = []
        for order in orders:
            customer = order.partner_id.commercial_partner_id
            if move.commercial_partner_id != customer:
                refusals.append(
                    f"the credit note is for {move.commercial_partner_id.display_name}"
                    f", not {customer.display_name}, the customer of {order.name}"
                )
            if move.currency_id != order.currency_id:
                refusals.append(
                    f"the credit note is in {move.currency_id.name}, "
                    f"{order.name} in {order.currency_id.name}"
                )
        return refusals

    def _amount_refusals(self, move, line):
        """The credited amount of ``line`` must be the line's: before and
        after taxes (the same taxes, included the same way), within the
        currency's rounding; one credit note line credits one order line."""
        credit_lines = move.invoice_line_ids.filtered(
            lambda credit_line: line in credit_line.sale_line_ids
        )
        shared = credit_lines.filtered(
            lambda credit_line: len(credit_line.sale_line_ids) > 1
        )
        if shared:
            return [
                f"{_label(line)} is credited together with other order lines "
                f"({', '.join(shared.mapped('display_name'))})"
            ]
        currency = line.order_id.currency_id
        subtotal = sum(credit_lines.mapped("price_subtotal"))
        total = sum(credit_lines.mapped("price_total"))
        if currency.compare_amounts(
            subtotal, line.price_subtotal
        ) or currency.compare_amounts(total, line.price_total):
            return [
                f"{_label(line)} is credited {currency.format(total)} "
                f"({currency.format(subtotal)} before taxes) of "
                f"{currency.format(line.price_total)} "
                f"({currency.format(line.price_subtotal)} before taxes)"
            ]
        return []
