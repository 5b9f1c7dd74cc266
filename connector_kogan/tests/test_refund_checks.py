# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A refund sent to Kogan is exactly what its credit note credits or its
return brings back: whole lines (quantity and amount), for the order's own
customer, each line once. Anything else is refused with an error record
naming the document and the order, and nothing is sent. A refund Kogan
received is never sent again, even when its answer was lost."""

import requests
from urllib3.exceptions import MaxRetryError, NewConnectionError, ReadTimeoutError

from odoo.tests.common import BaseCase

from odoo.addons.connector_base import BadDataError, TransientError

from ..components.refund import _answer_lost
from .test_refunds import RefundCase


class RefundCheckCase(RefundCase):
    def refund_calls(self):
        return [c for c in self.calls("POST", "orders/") if "/refund" in c["path"]]

    def order(self, order_id=None):
        return self.bound("sale.order")[order_id or self.order_id]

    def line_of(self, product, order=None):
        return (order or self.order()).order_line.filtered(
            lambda line: line.product_id == product
        )

    def assert_refused(self, *texts):
        """The credit note's job failed with one error record saying
        ``texts``, and Kogan was asked nothing."""
        self.failure(self.run_jobs, "refund_credit_note")
        error = self.connector_errors(self.backend, model_name="account.move")
        self.assertEqual(len(error), 1)
        self.assertEqual(error.kind, "bad_data")
        for text in texts:
            self.assertIn(text, error.message)
        self.assertFalse(self.refund_calls())
        self.assertFalse(self.order().order_line.filtered("kogan_refunded"))
        return error

    def credit_note(self, lines, partner=None, orders=None, reason="Faulty Item"):
        """A posted credit note of the invoice of ``orders`` (default: the
        order) crediting ``{product: values}`` of its lines (the others
        removed), for ``partner`` if given."""
        invoice = (orders or self.order())._create_invoices()
        invoice.action_post()
        credit = invoice._reverse_moves()
        values = {
            "invoice_line_ids": [
                (1, line.id, lines[line.product_id])
                if line.product_id in lines
                else (2, line.id)
                for line in credit.invoice_line_ids
            ],
            "kogan_refund_reason": reason,
        }
        if partner:
            values["partner_id"] = partner.id
        credit.write(values)
        credit.action_post()
        return credit


class TestCreditNoteChecks(RefundCheckCase):
    def test_the_issue_case_a_small_credit_for_someone_else_is_refused(self):
        """A credit note of 0.02 for an unrelated partner, linked to a Kogan
        order line, once made Kogan refund the whole line."""
        stranger = self.env["res.partner"].create({"name": "Stranger"})
        order = self.order()
        line = self.line_of(self.lamp)
        credit = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": stranger.id,
                "currency_id": order.currency_id.id,
                "kogan_refund_reason": "Faulty Item",
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.lamp.id,
                            "quantity": 2,
                            "price_unit": 0.01,
                            "tax_ids": [(6, 0, line.tax_id.ids)],
                            "sale_line_ids": [(6, 0, line.ids)],
                        },
                    )
                ],
            }
        )
        credit.action_post()
        error = self.assert_refused(
            credit.display_name,
            order.name,
            "Stranger",
            "0.02",
            line.product_id.display_name,
        )
        self.assertEqual(error.record_ref, f"account.move,{credit.id}")
        self.assertEqual(error.external_id, self.order_id)
        self.assertFalse(credit.kogan_refunded)

    def assert_amounts_refused(self, credit):
        """Refused, naming the line, its credited amount and its own."""
        line = self.line_of(self.lamp)
        credited = credit.invoice_line_ids
        money = line.currency_id.format
        self.assert_refused(
            f"{line.order_id.name} {self.lamp.display_name} is credited "
            f"{money(credited.price_total)} ({money(credited.price_subtotal)} "
            f"before taxes) of {money(line.price_total)} "
            f"({money(line.price_subtotal)} before taxes)",
            "whole lines only",
        )

    def test_a_lower_price_is_refused(self):
        credit = self.credit_note({self.lamp: {"quantity": 2, "price_unit": 20.0}})
        self.assert_amounts_refused(credit)

    def test_a_discount_is_refused(self):
        credit = self.credit_note({self.lamp: {"quantity": 2, "discount": 10.0}})
        self.assert_amounts_refused(credit)

    def test_other_taxes_are_refused_even_for_the_same_total(self):
        included = self.env["account.tax"].create(
            {
                "name": "Odd 23% included (test)",
                "amount": 23.0,
                "type_tax_use": "sale",
                "price_include_override": "tax_included",
            }
        )
        line = self.line_of(self.lamp)
        # the line's total, tax included: the books differ from the order's
        credit = self.credit_note(
            {
                self.lamp: {
                    "tax_ids": [(6, 0, included.ids)],
                    "price_unit": line.price_total / 2,
                }
            }
        )
        self.assertAlmostEqual(credit.invoice_line_ids.price_total, line.price_total)
        self.assert_amounts_refused(credit)

    def test_a_partial_quantity_is_refused_naming_the_line(self):
        self.credit_note({self.lamp: {"quantity": 1, "price_unit": 50.0}})
        self.assert_refused(self.lamp.display_name, "is 1 of 2")

    def test_one_credit_line_for_two_order_lines_is_refused(self):
        """Its amount cannot be told apart between the two lines."""
        both = self.line_of(self.lamp) | self.line_of(self.desk)
        credit = self.credit_note(
            {self.lamp: {"sale_line_ids": [(6, 0, both.ids)], "price_unit": 124.5}}
        )
        self.assertEqual(credit.invoice_line_ids.sale_line_ids, both)
        self.assert_refused("is credited together with other order lines")

    def test_a_credit_note_for_another_customer_is_refused(self):
        other = self.env["res.partner"].create({"name": "Another Customer"})
        self.credit_note({self.lamp: {}}, partner=other)
        customer = self.order().partner_id.commercial_partner_id
        self.assert_refused("Another Customer", customer.display_name)

    def test_a_contact_of_the_customer_is_the_customer(self):
        customer = self.order().partner_id.commercial_partner_id
        contact = self.env["res.partner"].create(
            {"name": "Accounts", "parent_id": customer.id}
        )
        credit = self.credit_note({self.lamp: {}}, partner=contact)
        self.run_jobs("refund_credit_note")
        (refund,) = self.sim.state()["refunds"]
        self.assertEqual(
            [(i["SellerSku"], i["Quantity"]) for i in refund["Items"]],
            [("LAMP-1", 2)],
        )
        self.assertTrue(credit.kogan_refunded)

    def test_a_corrected_credit_note_is_refunded_once(self):
        """A refusal loses nothing: the credit note, corrected and posted
        again, is refunded."""
        credit = self.credit_note({self.lamp: {"quantity": 2, "price_unit": 20.0}})
        self.assert_amounts_refused(credit)
        credit.button_draft()
        credit.write(
            {
                "invoice_line_ids": [
                    (1, credit.invoice_line_ids.id, {"price_unit": 25.0})
                ]
            }
        )
        credit.action_post()
        self.run_jobs("refund_credit_note")
        self.assertEqual(len(self.refund_calls()), 1)
        self.assertTrue(self.line_of(self.lamp).kogan_refunded)
        self.assertTrue(credit.kogan_refunded)


class TestSeveralOrders(RefundCheckCase):
    """A credit note of two Kogan orders of one customer: one refund per
    order, and only when every line passes."""

    def setUp(self):
        super().setUp()
        first = self.order()
        buyer = self.sim.state()["orders"][0]["BuyerAddress"]
        order = self.sim.make_order(
            items=(("LAMP-1", 1, "25.00"),),
            address={k: buyer[k] for k in ("EmailAddress", "FirstName", "LastName")},
        )
        self.sim.seed_orders([order])
        self.second_id = order["ID"]
        self.backend.import_batch("sale.order")
        second = self.order(self.second_id)
        self.assertEqual(second.partner_id, first.partner_id, "one customer")
        delivery = second.picking_ids
        delivery.write(
            {
                "carrier_id": first.picking_ids.carrier_id.id,
                "carrier_tracking_ref": "T-2",
            }
        )
        for move in delivery.move_ids:
            move.quantity = move.product_uom_qty
        delivery.button_validate()
        self.run_jobs("export_batch")
        self.both = first | second

    def test_every_line_whole_one_refund_per_order(self):
        credit = self.credit_note({self.lamp: {}, self.desk: {}}, orders=self.both)
        self.run_jobs("refund_credit_note")
        refunds = {
            r["OrderID"]: sorted((i["SellerSku"], i["Quantity"]) for i in r["Items"])
            for r in self.sim.state()["refunds"]
        }
        self.assertEqual(
            refunds,
            {
                self.order_id: [("DESK-1", 1), ("LAMP-1", 2)],
                self.second_id: [("LAMP-1", 1)],
            },
        )
        self.assertTrue(credit.kogan_refunded)

    def test_a_failure_after_a_refund_sent_keeps_it_sent(self):
        """The second order's refund fails after the first one's was sent:
        the job succeeds (a failed job's transaction would forget the first
        one's marks, and a retry refund it twice), a new job sends the rest."""
        credit = self.credit_note({self.lamp: {}, self.desk: {}}, orders=self.both)
        self.sim.add_fault(f"POST orders/{self.second_id}/refund", "http_status")
        self.assertEqual(self.run_jobs("refund_credit_note"), 1)
        refunded = [r["OrderID"] for r in self.sim.state()["refunds"]]
        self.assertEqual(refunded, [self.order_id])
        self.assertTrue(all(self.order().order_line.mapped("kogan_refunded")))
        self.assertFalse(credit.kogan_refunded)
        error = self.connector_errors(self.backend, external_id=self.second_id)
        self.assertEqual((error.kind, error.state), ("transient", "open"))
        self.assertIn(self.order(self.second_id).name, error.message)
        self.assertEqual(self.run_jobs("refund_credit_note"), 1)
        refunded = [r["OrderID"] for r in self.sim.state()["refunds"]]
        self.assertEqual(refunded, [self.order_id, self.second_id])
        self.assertTrue(credit.kogan_refunded)
        self.assertEqual(error.state, "resolved")

    def test_one_line_short_nothing_is_sent_for_any_order(self):
        second_lamp = self.line_of(self.lamp, self.order(self.second_id))
        invoice = self.both._create_invoices()
        invoice.action_post()
        credit = invoice._reverse_moves()
        short = credit.invoice_line_ids.filtered(
            lambda line: line.sale_line_ids == second_lamp
        )
        credit.write(
            {
                "invoice_line_ids": [(1, short.id, {"price_unit": 24.0})],
                "kogan_refund_reason": "Faulty Item",
            }
        )
        credit.action_post()
        error = self.assert_refused(
            self.order().name,
            f"{self.order(self.second_id).name} {self.lamp.display_name} is credited",
        )
        self.assertIn(self.second_id, error.external_id)
        self.assertFalse(self.both.order_line.filtered("kogan_refunded"))


class TestReturnChecks(RefundCheckCase):
    def test_a_line_refunded_by_its_credit_note_is_not_refunded_again(self):
        credit = self.credit_note({self.lamp: {}})
        self.run_jobs("refund_credit_note")
        self.assertTrue(credit.kogan_refunded)
        picking = self.returned({self.lamp: 2})
        self.run_jobs("refund_return")
        self.assertEqual(len(self.refund_calls()), 1)
        self.assertTrue(picking.kogan_refunded)

    def test_a_return_of_a_return_refunds_nothing(self):
        """Goods sent back to the customer (a return of a return) are not a
        refund, whatever reason the picking carries."""
        first = self.returned({self.lamp: 2}, reason=False)
        self.failure(self.run_jobs, "refund_return")  # no reason: not sent
        self.jobs("refund_return").unlink()
        self.delivery = first
        again = self.returned({self.lamp: 2}, reason="Faulty Item")
        self.assertEqual(again.return_id, first)
        self.assertEqual(self.run_jobs("refund_return"), 1)
        self.assertFalse(self.refund_calls())
        self.assertFalse(self.line_of(self.lamp).kogan_refunded)


class TestPartlyShippedReturn(RefundCheckCase):
    """Kogan refunds a line only once all of it was shipped."""

    def setUp(self):
        super().setUp()
        order = self.sim.make_order(items=(("LAMP-1", 2, "25.00"),))
        self.sim.seed_orders([order])
        self.order_id = order["ID"]
        self.backend.import_batch("sale.order")
        delivery = self.order().picking_ids
        delivery.write(
            {
                "carrier_id": self.delivery.carrier_id.id,
                "carrier_tracking_ref": "T-3",
            }
        )
        delivery.move_ids.quantity = 1
        delivery.with_context(skip_backorder=True).button_validate()
        self.run_jobs("export_batch")  # 1 of 2 shipped on Kogan
        self.delivery = delivery

    def test_returning_more_than_delivered_is_refused(self):
        picking = self.returned({self.lamp: 2})
        self.failure(self.run_jobs, "refund_return")
        error = self.connector_errors(self.backend, model_name="stock.picking")
        self.assertIn(picking.display_name, error.message)
        self.assertIn(self.order().name, error.message)
        self.assertIn("returns 2, 1 delivered", error.message)
        self.assertEqual(error.record_ref, f"stock.picking,{picking.id}")
        self.assertFalse(self.refund_calls())
        self.assertFalse(picking.kogan_refunded)


class TestAnswerLost(RefundCheckCase):
    """Kogan refunds at every call: a refund it received is never sent again,
    even when its answer was lost; one it did not receive is sent again."""

    def test_a_refund_whose_answer_is_lost_is_not_sent_again(self):
        credit = self.credit_note({self.lamp: {}})
        # Kogan refunds, then its reply is cut
        self.sim.add_fault(f"POST orders/{self.order_id}/refund", "malformed_json")
        self.run_jobs("refund_credit_note")
        self.assertEqual(len(self.sim.state()["refunds"]), 1)
        self.assertTrue(self.line_of(self.lamp).kogan_refunded)
        self.assertTrue(credit.kogan_refunded)
        error = self.connector_errors(
            self.backend, model_name="account.move", step="Check a Kogan refund"
        )
        self.assertEqual(error.state, "open")
        self.assertEqual(error.record_ref, f"account.move,{credit.id}")
        for text in (credit.display_name, self.order().name, "seller portal"):
            self.assertIn(text, error.message)
        # neither the credit note nor the line's return sends it again
        self.backend.refund_credit_note(credit)
        self.returned({self.lamp: 2})
        self.run_jobs("refund_return")
        self.assertEqual(len(self.refund_calls()), 1)

    def test_a_refund_kogan_did_not_receive_is_sent_again(self):
        credit = self.credit_note({self.lamp: {}})
        self.sim.add_fault(f"POST orders/{self.order_id}/refund", "http_status")
        self.failure(self.run_jobs, "refund_credit_note")  # 503: retried
        self.assertFalse(self.sim.state()["refunds"])
        self.assertFalse(self.line_of(self.lamp).kogan_refunded)
        self.run_jobs("refund_credit_note")
        self.assertEqual(len(self.sim.state()["refunds"]), 1)
        self.assertTrue(credit.kogan_refunded)


class TestWhichAnswersAreLost(BaseCase):
    """What tells a request Kogan received (its answer lost) from one it did
    not receive."""

    def lost(self, error, cause=None):
        error.__cause__ = cause
        return _answer_lost(error)

    def test_received(self):
        read_timeout = ReadTimeoutError(None, "/", "read timed out")
        self.assertTrue(self.lost(TransientError("slow"), requests.ReadTimeout()))
        self.assertTrue(
            self.lost(
                TransientError("slow"),
                requests.ConnectionError(MaxRetryError(None, "/", read_timeout)),
            )
        )
        self.assertTrue(self.lost(BadDataError("not JSON"), ValueError("cut")))

    def test_not_received(self):
        refused = NewConnectionError(None, "refused")
        self.assertFalse(self.lost(TransientError("503")))
        self.assertFalse(self.lost(TransientError("slow"), requests.ConnectTimeout()))
        self.assertFalse(
            self.lost(
                TransientError("down"),
                requests.ConnectionError(MaxRetryError(None, "/", refused)),
            )
        )
        self.assertFalse(self.lost(BadDataError("refused the data (400)")))
