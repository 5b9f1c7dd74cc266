# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Orders the scheduled import missed are recovered from the backend: one
by its Kogan ID, or a period re-read; never a second sale order."""

from datetime import date, datetime, timedelta, timezone

from odoo.exceptions import AccessError
from odoo.tests.common import new_test_user

from ..components.order import utc
from .order_common import KoganGstCase


class TestOrderRecovery(KoganGstCase):
    def recover(self, **values):
        wizard = self.env["kogan.order.recovery"].create(
            {"backend_id": self.backend.id, **values}
        )
        wizard.action_recover()
        return self.run_jobs()

    def sales_of(self, order):
        return self.env["sale.order"].search([("client_order_ref", "=", order["ID"])])

    def test_one_order_is_imported_by_its_kogan_id_once(self):
        order = self.order()
        self.assertEqual(self.recover(mode="order", order_ref=order["ID"]), 1)
        sale = self.imported()[order["ID"]]
        self.assertEqual(sale.state, "sale")
        self.assertEqual(
            self.calls("GET", "orders/")[0]["path"], f"orders/{order['ID']}/"
        )
        # again, and by the scheduled import: still one sale order
        self.recover(mode="order", order_ref=order["ID"])
        self.backend.import_batch("sale.order")
        self.assertEqual(self.sales_of(order), sale)

    def test_an_unknown_id_is_a_clear_error(self):
        self.backend.action_import_order_by_id()
        with self.assertRaisesRegex(Exception, "NOPE-1"):
            self.backend.import_order("NOPE-1")

    def test_an_order_shipped_before_odoo_read_it_is_sold_not_shipped_again(self):
        order = self.order(status="Shipped")
        self.backend.import_batch("sale.order")  # not awaiting shipment: unseen
        self.assertFalse(self.imported())
        self.backend.import_order(order["ID"])
        sale = self.imported()[order["ID"]]
        self.assertEqual((sale.state, sale.kogan_status), ("sale", "Shipped"))
        self.assertTrue(sale.picking_ids)
        self.assertEqual(set(sale.picking_ids.mapped("state")), {"cancel"})
        self.sim.clear_calls()
        self.backend.import_batch("sale.order")  # closed: not followed
        self.run_jobs()
        # neither read again nor shipped (a stock push may run meanwhile)
        self.assertFalse([c for c in self.sim.calls if order["ID"] in c["path"]])
        self.assertFalse(self.calls("POST", "orders"))

    def test_a_shipped_order_held_for_review_is_not_shipped_once_released(self):
        order = self.order(status="Shipped")
        order["TotalPrice"] = 250.0
        self.sim.seed_orders([order])
        self.backend.import_order(order["ID"])
        sale = self.imported()[order["ID"]]
        self.assertEqual(sale.state, "draft")
        self.env["connector.review"].search(
            self.backend._backend_domain() + [("res_id", "=", sale.id)]
        ).action_mark_reviewed()
        self.env["automatic.workflow.job"].run()
        self.assertEqual(sale.state, "sale")
        self.assertEqual(set(sale.picking_ids.mapped("state")), {"cancel"})

    def test_an_order_cancelled_before_odoo_read_it_makes_no_sale_order(self):
        order = self.order(status="Canceled")
        self.backend.import_order(order["ID"])
        self.assertFalse(self.sales_of(order))
        self.assertFalse(self.imported())

    def test_items_cancelled_before_odoo_read_the_order_leave_it(self):
        order = self.order(items=(("DESK-1", 1, "199.00"), ("LAMP-1", 2, "25.00")))
        lamp_item = order["Items"][1]["ID"]
        self.sim.cancel_on_kogan(order["ID"], [lamp_item], reason="ItemNotAvailable")
        self.backend.import_order(order["ID"])
        sale = self.imported()[order["ID"]]
        lamp = sale.order_line.filtered(lambda x: x.kogan_item_id == lamp_item)
        self.assertEqual(lamp.product_uom_qty, 0)
        self.assertEqual(lamp.kogan_cancel_reason, "ItemNotAvailable")
        self.assertEqual(sale.state, "sale")
        moves = sale.picking_ids.move_ids.filtered(lambda m: m.state != "cancel")
        self.assertEqual(moves.product_id, self.desk)

    def test_a_period_is_reread_status_by_status_15_days_at_a_time(self):
        now = datetime.now(timezone.utc)
        known = self.order()
        self.backend.import_batch("sale.order")
        shipped = self.order(status="Shipped", order_date=now - timedelta(days=20))
        cancelled = self.order(status="Canceled", order_date=now - timedelta(days=3))
        outside = self.order(status="Shipped", order_date=now - timedelta(days=40))
        self.sim.clear_calls()
        today = date.today()
        self.recover(mode="period", date_from=today - timedelta(30), date_to=today)
        imported = self.imported()
        self.assertEqual(set(imported), {known["ID"], shipped["ID"]})
        self.assertEqual(imported[shipped["ID"]].kogan_status, "Shipped")
        self.assertEqual(len(self.sales_of(known)), 1)
        self.assertFalse(self.sales_of(cancelled) | self.sales_of(outside))
        # the period's listings (a stock push reads the awaiting ones too)
        listings = [
            c for c in self.calls("GET", "orders") if "endDateUTC" in c["query"]
        ]
        statuses = {call["query"]["status"] for call in listings}
        self.assertEqual(
            statuses,
            {
                "ReleasedForShipment",
                "Shipped",
                "PartiallyShipped",
                "Canceled",
                "PartiallyCanceled",
            },
        )
        for call in listings:
            start = utc(call["query"]["startDateUTC"], "start")
            end = utc(call["query"]["endDateUTC"], "end")
            self.assertLessEqual(end - start, timedelta(days=15))
            self.assertEqual(call["status"], 200)
        self.assertFalse(self.connector_errors(self.backend))

    def test_recovering_orders_needs_the_rights_to_create_sale_orders(self):
        order = self.order()
        user = new_test_user(
            self.env,
            login="kogan-connector-only",
            groups="base.group_user,connector_base.group_connector_user",
        )
        backend = self.backend.with_user(user)
        for call in (
            lambda: backend.import_order(order["ID"]),
            lambda: backend.import_orders_period("2026-01-01", "2026-01-02"),
            backend.action_import_order_by_id,
            backend.action_reread_orders,
        ):
            with self.assertRaises(AccessError):
                call()
        self.assertFalse(self.imported())
