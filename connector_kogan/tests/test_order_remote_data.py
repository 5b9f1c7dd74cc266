# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What Kogan sends about an order never widens what Odoo holds: signs,
ranges and the order's own lines are checked, and bad data is refused with
an error naming the order; buyers are matched only among the backend
company's own customers."""

from odoo.tests.common import new_test_user

from .order_common import KoganGstCase


class TestOrderRemoteData(KoganGstCase):
    def tamper(self, order, **changes):
        """Kogan's copy of ``order`` with ``changes`` its own checks would
        refuse (a remote system may send anything)."""
        with self.sim._lock:
            self.sim._orders[order["ID"]].update(changes)

    def errors_of(self, order):
        return self.connector_errors(self.backend, external_id=order["ID"])

    def test_cancelled_items_never_raise_a_line(self):
        order = self.order(items=(("DESK-1", 1, "199.00"),))
        self.backend.import_batch("sale.order")
        sale = self.imported()[order["ID"]]
        line = sale.order_line.filtered("kogan_item_id")
        item_id = order["Items"][0]["ID"]
        for bad in (
            {"ID": item_id, "Quantity": -499},
            {"ID": item_id, "Quantity": 0},
            {"ID": item_id, "Quantity": 0.5},
            {"ID": item_id, "Quantity": 2},
            {"ID": item_id, "Quantity": "lots"},
            {"ID": "not-an-item", "Quantity": 1},
            "just text",
        ):
            with self.subTest(bad=bad):
                self.tamper(
                    order,
                    CancelledItems=[dict(bad, Reason="Other")]
                    if isinstance(bad, dict)
                    else [bad],
                )
                self.backend.import_batch("sale.order")
                self.assertEqual(line.product_uom_qty, 1)
                self.assertFalse(line.kogan_cancel_reason)
                moves = sale.picking_ids.move_ids.filtered(
                    lambda m: m.state != "cancel"
                )
                self.assertEqual(sum(moves.mapped("product_uom_qty")), 1)
                # the latest error record of the order: this refusal's
                error = self.errors_of(order).sorted(lambda e: (e.write_date, e.id))[-1]
                self.assertIn(f"Order {order['ID']}", error.message)
        # a good cancellation, once fixed, goes through
        self.tamper(
            order, CancelledItems=[{"ID": item_id, "Quantity": 1, "Reason": "Other"}]
        )
        self.backend.import_batch("sale.order")
        self.assertEqual(line.product_uom_qty, 0)
        self.assertEqual(line.kogan_cancel_reason, "Other")

    def test_a_refusal_repeated_by_the_next_import_stays_open(self):
        """The second failure of a bound order's update is merged into its
        open error record: that record is not resolved by the binding."""
        order = self.order(items=(("DESK-1", 1, "199.00"),))
        self.backend.import_batch("sale.order")
        bad = [{"ID": order["Items"][0]["ID"], "Quantity": -499, "Reason": "Other"}]
        self.tamper(order, CancelledItems=bad)
        for attempt in (1, 2):
            self.backend.import_batch("sale.order")
            error = self.errors_of(order)
            self.assertEqual((error.attempts, error.state), (attempt, "open"))

    def test_quantities_and_amounts_out_of_range_are_refused(self):
        cases = {
            "negative unit price": {"UnitPrice": -199.0},
            "zero quantity": {"Quantity": 0},
            "fractional quantity": {"Quantity": 1.5},
            "huge quantity": {"Quantity": 10**9},
        }
        for label, change in cases.items():
            with self.subTest(label):
                order = self.order()
                with self.sim._lock:
                    self.sim._orders[order["ID"]]["Items"][0].update(change)
                self.backend.import_batch("sale.order")
                self.assertNotIn(order["ID"], self.imported())
                self.assertIn(f"Order {order['ID']}", self.errors_of(order).message)
        for key in ("TotalShippingPrice", "TotalOrderDiscount", "OtherFees"):
            with self.subTest(key):
                order = self.order()
                self.tamper(order, **{key: -5.0})
                self.backend.import_batch("sale.order")
                self.assertNotIn(order["ID"], self.imported())
                error = self.errors_of(order)
                self.assertIn(f"Order {order['ID']}", error.message)
                self.assertIn(key, error.message)

    def test_a_users_email_makes_a_new_contact_not_the_users(self):
        admin = self.env.ref("base.user_admin").partner_id
        order = self.order(address={"EmailAddress": admin.email})
        self.backend.import_batch("sale.order")
        sale = self.imported()[order["ID"]]
        self.assertNotEqual(sale.partner_id, admin)
        self.assertFalse(admin.child_ids.filtered(lambda c: c.type == "delivery"))
        self.assertEqual(sale.partner_id.company_id, self.backend.company_id)
        self.assertEqual(sale.partner_shipping_id.company_id, self.backend.company_id)

    def test_buyers_are_matched_only_among_the_companys_active_customers(self):
        partners = self.env["res.partner"]
        other_company = self.env["res.company"].create({"name": "Other Co"})
        archived = partners.create(
            {
                "name": "Old",
                "email": "old@example.com",
                "customer_rank": 1,
                "company_id": self.backend.company_id.id,
                "active": False,
            }
        )
        foreign = partners.create(
            {
                "name": "Foreign",
                "email": "foreign@example.com",
                "customer_rank": 1,
                "company_id": other_company.id,
            }
        )
        user = new_test_user(
            self.env, login="kogan-buyer-user", email="staff@example.com"
        )
        customer = partners.create(
            {
                "name": "Known",
                "email": "known@example.com",
                "customer_rank": 1,
                "company_id": self.backend.company_id.id,
            }
        )
        orders = {
            email: self.order(address={"EmailAddress": email})
            for email in (
                "old@example.com",
                "foreign@example.com",
                "staff@example.com",
                "known@example.com",
            )
        }
        self.backend.import_batch("sale.order")
        buyer = {
            email: self.imported()[order["ID"]].partner_id
            for email, order in orders.items()
        }
        self.assertEqual(buyer["known@example.com"], customer)
        for email, refused in (
            ("old@example.com", archived),
            ("foreign@example.com", foreign),
            ("staff@example.com", user.partner_id),
        ):
            self.assertNotEqual(buyer[email], refused, email)
            self.assertEqual(buyer[email].company_id, self.backend.company_id)
            self.assertTrue(buyer[email].active)
        self.assertFalse(foreign.child_ids | user.partner_id.child_ids)
