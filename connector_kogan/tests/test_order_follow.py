# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What Kogan does to an imported order reaches Odoo; what Odoo cancels
reaches Kogan, only for who may cancel the order."""

from odoo.exceptions import AccessError, UserError
from odoo.tests.common import new_test_user

from .order_common import KoganGstCase


class TestOrderFollow(KoganGstCase):
    def imported_order(self, items=(("DESK-1", 1, "199.00"), ("LAMP-1", 2, "25.00"))):
        order = self.sim.make_order(items=items)
        self.sim.seed_orders([order])
        self.backend.import_batch("sale.order")
        return order, self.bound("sale.order")[order["ID"]]

    def remote_order(self, order_id):
        return next(o for o in self.sim.state()["orders"] if o["ID"] == order_id)

    def test_an_order_cancelled_on_kogan_is_cancelled_in_odoo(self):
        order, sale = self.imported_order()
        self.sim.cancel_on_kogan(order["ID"])
        self.sim.clear_calls()
        self.backend.import_batch("sale.order")
        self.assertEqual(sale.state, "cancel")
        self.assertEqual(sale.kogan_status, "Canceled")
        self.assertEqual(
            [c["path"] for c in self.calls("GET", "orders/")],
            ["orders/", f"orders/{order['ID']}/"],
        )
        # nothing sent back to Kogan, and a closed order is not read again
        self.assertFalse(self.calls("POST"))
        self.assertFalse(self.jobs("cancel_order"))
        self.sim.clear_calls()
        self.backend.import_batch("sale.order")
        self.assertEqual(len(self.calls("GET", "orders/")), 1)

    def test_items_cancelled_on_kogan_leave_the_order(self):
        order, sale = self.imported_order()
        lamp_item = order["Items"][1]["ID"]
        self.sim.cancel_on_kogan(order["ID"], [lamp_item], reason="ItemNotAvailable")
        self.backend.import_batch("sale.order")
        line = sale.order_line.filtered(lambda x: x.kogan_item_id == lamp_item)
        self.assertEqual(line.product_uom_qty, 0)
        self.assertEqual(line.kogan_cancel_reason, "ItemNotAvailable")
        self.assertEqual(sale.state, "sale")
        move = sale.picking_ids.move_ids.filtered(lambda m: m.product_id == self.lamp)
        self.assertFalse(
            sum(move.filtered(lambda m: m.state != "cancel").mapped("product_uom_qty"))
        )
        # imported again unchanged: nothing more happens
        self.backend.import_batch("sale.order")
        self.assertEqual(line.product_uom_qty, 0)

    def test_a_shipped_order_is_followed_to_shipped(self):
        order, sale = self.imported_order(items=(("DESK-1", 1, "199.00"),))
        self.sim.seed_orders(
            [{**self.remote_order(order["ID"]), "OrderStatus": "Shipped"}]
        )
        self.backend.import_batch("sale.order")
        self.assertEqual(sale.kogan_status, "Shipped")
        self.assertIn("Shipped", sale.message_ids[0].body)

    def test_an_order_cancelled_in_odoo_is_cancelled_on_kogan_with_its_reason(self):
        order, sale = self.imported_order()
        sale.kogan_cancel_reason = "CouldNotShip"
        sale._action_cancel()
        self.run_jobs("cancel_order")
        remote = self.remote_order(order["ID"])
        self.assertEqual(remote["OrderStatus"], "Canceled")
        self.assertEqual(
            {(i["ID"], i["Reason"]) for i in remote["CancelledItems"]},
            {(item["ID"], "CouldNotShip") for item in order["Items"]},
        )
        self.assertEqual(sale.kogan_status, "Canceled")

    def test_kogan_refuses_to_cancel_a_shipped_order(self):
        order, sale = self.imported_order(items=(("DESK-1", 1, "199.00"),))
        self.sim.seed_orders(
            [{**self.remote_order(order["ID"]), "OrderStatus": "PartiallyShipped"}]
        )
        sale._action_cancel()
        self.failure(self.run_jobs, "cancel_order")
        error = self.connector_errors(self.backend, model_name="sale.order")
        self.assertIn("only orders awaiting shipment", error.message)

    def test_cancelling_on_kogan_needs_the_rights_to_cancel_in_odoo(self):
        order, sale = self.imported_order()
        connector_user = new_test_user(
            self.env,
            login="kogan-connector-user",
            groups="base.group_user,connector_base.group_connector_user",
        )
        backend = self.backend.with_user(connector_user)
        with self.assertRaises(AccessError):  # an id over RPC, not an order
            backend.cancel_order(sale.id)
        sale._action_cancel()
        with self.assertRaises(AccessError):  # may not write sale orders
            backend.cancel_order(sale.with_user(connector_user))
        self.assertEqual(
            self.remote_order(order["ID"])["OrderStatus"], "ReleasedForShipment"
        )

    def test_only_an_order_cancelled_in_odoo_is_cancelled_on_kogan(self):
        order, sale = self.imported_order()
        with self.assertRaises(UserError):
            self.backend.cancel_order(sale)
        self.assertEqual(
            self.remote_order(order["ID"])["OrderStatus"], "ReleasedForShipment"
        )

    def test_order_ids_are_quoted_in_urls(self):
        order = self.sim.make_order("A/1?x", items=(("DESK-1", 1, "199.00"),))
        self.sim.seed_orders([order])
        with self.backend.work_on("sale.order") as work:
            adapter = work.component(usage="backend.adapter")
            self.assertEqual(adapter.get_record("A/1?x")["ID"], "A/1?x")
            self.assertIsNone(adapter.get_record("A"))
        self.assertEqual(self.calls("GET", "orders/")[0]["path"], "orders/A%2F1%3Fx/")
