# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A validated return of a Kogan order, or a credit note with a Kogan refund
reason, is refunded on Kogan: whole lines with one of Kogan's reasons, each
line once, only by who may validate the return or change the credit note."""

from odoo.exceptions import AccessError
from odoo.tests import Form
from odoo.tests.common import new_test_user

from .common import KoganSellingCase


class RefundCase(KoganSellingCase):
    """A Kogan order of a desk and two lamps, shipped and fulfilled."""

    def setUp(self):
        super().setUp()
        carrier = self.make_carrier("AusPost", "AUP")
        order = self.sim.make_order(
            items=(("DESK-1", 1, "199.00"), ("LAMP-1", 2, "25.00"))
        )
        self.sim.seed_orders([order])
        self.order_id = order["ID"]
        self.backend.import_batch("sale.order")
        delivery = self.bound("sale.order")[self.order_id].picking_ids
        delivery.write({"carrier_id": carrier.id, "carrier_tracking_ref": "T-1"})
        for move in delivery.move_ids:
            move.quantity = move.product_uom_qty
        delivery.button_validate()
        self.run_jobs("export_batch")  # fulfilled on Kogan
        self.delivery = delivery

    def returned(self, quantities, reason="Faulty Item"):
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_id=self.delivery.id, active_model="stock.picking"
            )
        ).save()
        for line in wizard.product_return_moves:
            line.quantity = quantities.get(line.product_id, 0)
        picking = self.env["stock.picking"].browse(
            wizard.action_create_returns()["res_id"]
        )
        picking.kogan_refund_reason = reason
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def refused_refund(self, method, model):
        """The error record of the refund job ``method`` on a ``model``
        document, which failed before Kogan refunded anything."""
        self.failure(self.run_jobs, method)
        self.assertFalse(self.sim.state()["refunds"])
        return self.connector_errors(self.backend, model_name=model)

    def assert_clerk_refused(self, method, document):
        """A connector user who may not change ``document`` (a return or a
        credit note) cannot refund it, by id or as a record: Kogan is asked
        nothing."""
        self.jobs().unlink()
        user = new_test_user(
            self.env,
            login=f"kogan-clerk-{document._name}",
            groups="base.group_user,connector_base.group_connector_user",
        )
        refund = getattr(self.backend.with_user(user), method)
        with self.assertRaises(AccessError):
            refund(document.id)
        with self.assertRaises(AccessError):
            refund(document.with_user(user))
        self.assertFalse(self.sim.state()["refunds"])


class TestRefunds(RefundCase):
    def test_a_validated_return_is_refunded_with_its_reason(self):
        picking = self.returned({self.lamp: 2})
        self.run_jobs("refund_return")
        (refund,) = self.sim.state()["refunds"]
        self.assertEqual(refund["OrderID"], self.order_id)
        self.assertEqual(
            [(i["SellerSku"], i["Quantity"], i["Reason"]) for i in refund["Items"]],
            [("LAMP-1", 2, "Faulty Item")],
        )
        self.assertTrue(picking.kogan_refunded)
        # sent once
        self.backend.refund_return(picking)
        self.assertEqual(len(self.sim.state()["refunds"]), 1)

    def test_a_partial_return_is_a_clear_error(self):
        self.returned({self.lamp: 1})
        error = self.refused_refund("refund_return", "stock.picking")
        self.assertIn("whole lines only", error.message)

    def test_a_return_without_reason_is_a_clear_error(self):
        picking = self.returned({self.desk: 1}, reason=False)
        error = self.refused_refund("refund_return", "stock.picking")
        self.assertIn("Kogan Refund Reason", error.message)
        picking.kogan_refund_reason = "Change of Mind"
        self.backend.refund_return(picking)
        self.assertEqual(len(self.sim.state()["refunds"]), 1)

    def test_refunding_needs_the_rights_to_validate_the_return(self):
        self.assert_clerk_refused("refund_return", self.returned({self.desk: 1}))


class TestCreditNoteRefunds(RefundCase):
    """A posted credit note with a Kogan refund reason refunds the Kogan
    order lines it credits; a line is refunded once, by its return or by its
    credit note."""

    def credit_note(self, quantities, reason="Faulty Item"):
        """A posted credit note of the order's invoice crediting
        ``{product: quantity}``."""
        order = self.bound("sale.order")[self.order_id]
        invoice = order._create_invoices()
        invoice.action_post()
        credit = invoice._reverse_moves()
        credit.write(
            {
                "invoice_line_ids": [
                    (1, line.id, {"quantity": quantities[line.product_id]})
                    if line.product_id in quantities
                    else (2, line.id)
                    for line in credit.invoice_line_ids
                ],
                "kogan_refund_reason": reason,
            }
        )
        credit.action_post()
        return credit

    def refunds(self):
        return [
            (refund["OrderID"], item["SellerSku"], item["Quantity"], item["Reason"])
            for refund in self.sim.state()["refunds"]
            for item in refund["Items"]
        ]

    def test_a_credit_note_with_a_reason_is_refunded(self):
        credit = self.credit_note({self.lamp: 2}, reason="Damage In Transit")
        self.run_jobs("refund_credit_note")
        self.assertEqual(
            self.refunds(), [(self.order_id, "LAMP-1", 2, "Damage In Transit")]
        )
        self.assertTrue(credit.kogan_refunded)
        lamp_line = credit.invoice_line_ids.sale_line_ids
        self.assertTrue(lamp_line.kogan_refunded)
        self.backend.refund_credit_note(credit)  # sent once
        self.assertEqual(len(self.sim.state()["refunds"]), 1)

    def test_a_credit_note_without_reason_is_odoo_business_only(self):
        self.credit_note({self.lamp: 2}, reason=False)
        self.assertFalse(self.jobs("refund_credit_note"))
        self.assertFalse(self.sim.state()["refunds"])

    def test_a_line_refunded_by_its_return_is_not_refunded_again(self):
        self.returned({self.lamp: 2})
        self.run_jobs("refund_return")
        credit = self.credit_note({self.lamp: 2, self.desk: 1})
        self.run_jobs("refund_credit_note")
        self.assertEqual(
            self.refunds(),
            [
                (self.order_id, "LAMP-1", 2, "Faulty Item"),
                (self.order_id, "DESK-1", 1, "Faulty Item"),
            ],
        )
        self.assertTrue(credit.kogan_refunded)

    def test_a_partial_credit_note_is_a_clear_error(self):
        self.credit_note({self.lamp: 1})
        error = self.refused_refund("refund_credit_note", "account.move")
        self.assertIn("whole lines only", error.message)

    def test_refunding_a_credit_note_needs_the_rights_to_change_it(self):
        credit = self.credit_note({self.desk: 1})
        self.assert_clerk_refused("refund_credit_note", credit)
