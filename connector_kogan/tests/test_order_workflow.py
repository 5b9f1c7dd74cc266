# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""After the sale: OCA's automatic workflow of the backend confirms,
invoices and pays imported orders; an order held for review waits for a
person."""

from .order_common import KoganGstCase


class TestOrderWorkflow(KoganGstCase):
    def workflow(self, **values):
        return self.env["sale.workflow.process"].create(
            {"name": "Kogan test workflow", "validate_order": True, **values}
        )

    def test_orders_take_the_backends_workflow_which_confirms_by_default(self):
        default = self.env.ref("connector_kogan.kogan_workflow_confirm")
        self.assertEqual(self.backend.workflow_process_id, default)
        self.assertTrue(default.validate_order)
        self.assertFalse(default.create_invoice)
        order = self.order()
        self.backend.import_batch("sale.order")
        sale = self.imported()[order["ID"]]
        self.assertEqual(sale.workflow_process_id, default)
        self.assertEqual(sale.state, "sale")
        self.assertFalse(sale.invoice_ids)

    def test_without_a_workflow_orders_stay_quotations(self):
        self.backend.workflow_process_id = False
        order = self.order()
        self.backend.import_batch("sale.order")
        self.assertEqual(self.imported()[order["ID"]].state, "draft")

    def test_a_workflow_invoices_and_pays_on_a_kogan_journal(self):
        journal = self.env["account.journal"].create(
            {"name": "Kogan payouts", "code": "KOGP", "type": "bank"}
        )
        self.backend.workflow_process_id = self.workflow(
            create_invoice=True,
            validate_invoice=True,
            register_payment=True,
            property_payment_journal_id=journal.id,
        )
        order = self.order(shipping="9.95")
        self.backend.import_batch("sale.order")
        sale = self.imported()[order["ID"]]
        self.assertEqual(sale.state, "sale")
        invoice = sale.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertAlmostEqual(invoice.amount_total, order["TotalPrice"])
        self.assertAlmostEqual(
            invoice.amount_tax, order["TotalTaxPrice"] + order["TotalShippingTaxPrice"]
        )
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        payment = invoice.matched_payment_ids
        self.assertEqual(payment.journal_id, journal)
        self.assertAlmostEqual(payment.amount, order["TotalPrice"])

    def test_a_held_order_waits_for_its_review(self):
        self.backend.workflow_process_id = self.workflow(create_invoice=True)
        order = self.order()
        order["TotalPrice"] = 250.0
        self.sim.seed_orders([order])
        self.backend.import_batch("sale.order")
        sale = self.imported()[order["ID"]]
        self.assertTrue(sale.kogan_held)
        self.assertIn(sale, self.env["sale.order"].search([("kogan_held", "=", True)]))
        # the workflow's own scheduled run leaves it alone
        self.env["automatic.workflow.job"].run()
        self.assertEqual(sale.state, "draft")
        self.assertFalse(sale.invoice_ids)
        review = self.env["connector.review"].search(
            self.backend._backend_domain() + [("res_id", "=", sale.id)]
        )
        review.action_mark_reviewed()
        self.assertFalse(sale.kogan_held)
        self.env["automatic.workflow.job"].run()
        self.assertEqual(sale.state, "sale")
        self.assertTrue(sale.invoice_ids)
