# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests.common import new_test_user

from .common import KoganCase


class TestOrders(KoganCase):
    def setUp(self):
        super().setUp()
        self.desk = self.make_product("DESK-1", price=199.0)
        self.lamp = self.make_product("LAMP-1", price=25.0)
        self.set_stock(self.desk, 10)
        self.set_stock(self.lamp, 10)
        self.backend.export_batch("product.product")

    def order(self, items=(("DESK-1", 1, "199.00"),), **kwargs):
        order = self.sim.make_order(items=items, **kwargs)
        self.sim.seed_orders([order])
        return order

    def imported(self):
        return self.bound("sale.order")

    def test_orders_become_confirmed_sale_orders(self):
        first = self.order(
            items=(("DESK-1", 2, "199.00"), ("LAMP-1", 1, "25.00")), shipping="9.95"
        )
        self.backend.import_batch("sale.order")
        sale = self.imported()[first["ID"]]
        self.assertEqual(sale.state, "sale")
        self.assertEqual(sale.client_order_ref, first["ID"])
        self.assertEqual(sale.pricelist_id, self.pricelist)
        self.assertAlmostEqual(sale.amount_total, float(first["TotalPrice"]))
        lines = sale.order_line
        self.assertEqual(lines.mapped("product_id")[:2], self.desk | self.lamp)
        self.assertEqual(
            set(lines.mapped("kogan_item_id")) - {False},
            {item["ID"] for item in first["Items"]},
        )
        self.assertIn(self.backend.shipping_product_id, lines.mapped("product_id"))
        buyer = first["BuyerAddress"]
        self.assertEqual(sale.partner_id.email, buyer["EmailAddress"])
        self.assertEqual(sale.partner_shipping_id.type, "delivery")
        self.assertEqual(sale.partner_shipping_id.parent_id, sale.partner_id)
        self.assertEqual(sale.partner_shipping_id.city, buyer["City"])
        self.assertTrue(sale.picking_ids)

    def test_buyers_are_deduplicated_by_email(self):
        address = {"EmailAddress": "Repeat@Example.com"}
        self.order(address=address)
        self.order(address={"EmailAddress": "repeat@example.com"})
        self.backend.import_batch("sale.order")
        sales = list(self.imported().values())
        self.assertEqual(len(sales), 2)
        self.assertEqual(sales[0].partner_id, sales[1].partner_id)
        self.assertEqual(
            self.env["res.partner"].search_count(
                [("email", "=ilike", "repeat@example.com")]
            ),
            1,
        )

    def test_each_order_is_imported_once(self):
        self.order()
        self.backend.import_batch("sale.order")
        self.backend.overlap_seconds = 3600
        self.backend.import_batch("sale.order")
        self.backend.import_batch("sale.order", force=True)
        self.assertEqual(len(self.imported()), 1)
        self.assertEqual(
            self.env["sale.order"].search_count([("origin", "like", "Kogan ")]), 1
        )

    def test_total_mismatch_is_flagged_not_confirmed(self):
        order = self.order()
        order["TotalPrice"] = "250.00"
        self.sim.seed_orders([order])
        self.backend.import_batch("sale.order")
        sale = self.imported()[order["ID"]]
        self.assertTrue(sale.kogan_total_mismatch)
        self.assertEqual(sale.state, "draft")
        error = self.connector_errors(self.backend, external_id=order["ID"])
        self.assertEqual(error.state, "open")
        self.assertIn("250.00", error.message)

    def test_unknown_sku_is_an_error_and_no_order(self):
        good = self.order()
        bad = self.order(items=(("GHOST-1", 1, "5.00"),))
        self.backend.import_batch("sale.order")
        self.assertEqual(set(self.imported()), {good["ID"]})
        error = self.connector_errors(self.backend, external_id=bad["ID"])
        self.assertIn("GHOST-1", error.message)
        self.assertFalse(
            self.env["sale.order"].search([("client_order_ref", "=", bad["ID"])])
        )

    def test_sku_listed_on_kogan_only_is_imported_first(self):
        self.sim.seed_products(self.sim.make_products(1, prefix="KG"))
        order = self.order(items=(("KG-00001", 1, "11.95"),))
        self.backend.import_batch("sale.order")
        sale = self.imported()[order["ID"]]
        self.assertEqual(sale.order_line.product_id.default_code, "KG-00001")
        self.assertIn("KG-00001", self.bound("product.product"))

    def test_wrong_types_are_a_clear_error(self):
        order = self.order()
        with self.sim._lock:  # the simulator's own checks would refuse it
            self.sim._orders[order["ID"]]["Items"][0]["Quantity"] = "two"
        self.backend.import_batch("sale.order")
        self.assertFalse(self.imported())
        error = self.connector_errors(self.backend, external_id=order["ID"])
        self.assertIn("should be a number", error.message)

    def test_fulfilment_sends_tracking_once(self):
        order = self.order(items=(("DESK-1", 1, "199.00"), ("LAMP-1", 2, "25.00")))
        self.backend.import_batch("sale.order")
        picking = self.imported()[order["ID"]].picking_ids
        picking.carrier_tracking_ref = "TRACK-123"
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.run_jobs("export_record")
        fulfilments = self.sim.state()["fulfilments"]
        self.assertEqual(len(fulfilments), 2)
        self.assertEqual({f["TrackingNumber"] for f in fulfilments}, {"TRACK-123"})
        self.assertEqual(self.sim.state()["orders"][0]["OrderStatus"], "Shipped")
        self.assertIn(f"{order['ID']}/{picking.name}", self.bound("stock.picking"))
        # a second export of the same delivery sends nothing
        self.sim.clear_calls()
        self.backend.export_record(picking)
        self.assertFalse(self.calls("POST", "orders/fulfill"))

    def test_fulfilment_without_tracking_is_an_error(self):
        order = self.order()
        self.backend.import_batch("sale.order")
        picking = self.imported()[order["ID"]].picking_ids
        picking.move_ids.quantity = 1
        picking.button_validate()
        self.failure(self.run_jobs, "export_record")
        error = self.connector_errors(self.backend, model_name="stock.picking")
        self.assertIn("no tracking reference", error.message)
        self.assertFalse(self.sim.state()["fulfilments"])

    def test_cancelled_order_is_cancelled_on_kogan(self):
        order = self.order()
        self.backend.import_batch("sale.order")
        sale = self.imported()[order["ID"]]
        sale._action_cancel()
        self.run_jobs("cancel_order")
        self.assertEqual(self.sim.state()["orders"][0]["OrderStatus"], "Cancelled")

    def test_cron_and_button_queue_the_order_import(self):
        self.assertEqual(self.backend.cron_id.interval_type, "minutes")
        self.backend.cron_id.method_direct_trigger()
        self.backend.action_import_orders()
        self.assertEqual(len(self.jobs("import_batch")), 1)  # one pending per backend

    def test_users_without_connector_rights(self):
        user = new_test_user(self.env, login="kogan-clerk", groups="base.group_user")
        backend = self.backend.with_user(user)
        with self.assertRaises(AccessError):
            backend.action_import_orders()
        with self.assertRaises(AccessError):
            backend.read(["seller_token"])
        for entry_point, args in (
            ("import_batch", ("sale.order",)),
            ("export_batch", ("product.product",)),
            ("push_stock_price", ()),
        ):
            with self.assertRaises(AccessError):
                getattr(backend, entry_point)(*args)

    def test_their_changes_are_still_synchronised(self):
        clerk = new_test_user(
            self.env,
            login="kogan-stock-clerk",
            groups="base.group_user,stock.group_stock_manager,sales_team.group_sale_manager",
        )
        self.jobs().unlink()
        self.desk.with_user(clerk).write({"name": "Standing desk"})
        self.set_stock(self.desk.with_user(clerk), 4)
        jobs = self.jobs()
        self.assertEqual(
            sorted(jobs.mapped("method_name")), ["export_record", "push_stock_price"]
        )
        self.later()
        self.run_jobs()
        remote = self.remote_products()["DESK-1"]
        self.assertEqual(
            (remote["product_title"], remote["stock"]), ("Standing desk", 4)
        )
