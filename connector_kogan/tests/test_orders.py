# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta, timezone

from odoo.exceptions import AccessError
from odoo.tests.common import new_test_user

from ..components.order import utc
from .order_common import KoganGstCase


class TestOrders(KoganGstCase):
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
        self.assertEqual(sale.kogan_status, "ReleasedForShipment")

    def test_the_listing_is_by_status_without_dates(self):
        self.order()
        self.backend.import_batch("sale.order")
        (call,) = self.calls("GET", "orders")
        self.assertEqual(call["query"], {"status": "ReleasedForShipment"})

    def test_an_order_released_a_week_after_it_was_placed_is_imported(self):
        self.backend.import_batch("sale.order")  # the watermark is now
        week_ago = datetime.now(timezone.utc) - timedelta(days=7)
        order = self.order(order_date=week_ago)
        self.backend.import_batch("sale.order")
        self.assertIn(order["ID"], self.imported())

    def test_clocks_an_hour_apart_lose_nothing(self):
        self.backend.import_batch("sale.order")
        now = datetime.now(timezone.utc)
        behind = self.order(order_date=now - timedelta(hours=1))
        ahead = self.order(order_date=now + timedelta(hours=1))
        self.backend.import_batch("sale.order")
        self.assertEqual(set(self.imported()), {behind["ID"], ahead["ID"]})

    def test_a_failed_order_is_imported_by_its_retry_once_fixed(self):
        order = self.order(items=(("KG-00001", 1, "11.95"),))
        self.backend.action_import_orders()
        self.run_jobs("import_batch")
        error = self.connector_errors(self.backend, external_id=order["ID"])
        self.assertIn("KG-00001", error.message)
        self.assertTrue(error.job_id)
        # later runs move the watermark past the order's date
        self.backend.import_batch("sale.order")
        self.assertNotIn(order["ID"], self.imported())
        self.sim.seed_products(self.sim.make_products(1, prefix="KG"))  # the fix
        error.action_retry()
        self.run_jobs("import_batch")
        self.assertIn(order["ID"], self.imported())
        self.assertEqual(error.state, "resolved")

    def test_every_money_field_adds_up_to_kogan_total(self):
        order = self.order_with_every_charge()
        self.backend.import_batch("sale.order")
        sale = self.imported()[order["ID"]]
        self.assertFalse(sale.kogan_total_mismatch)
        self.assertEqual(sale.state, "sale")
        self.assertAlmostEqual(sale.amount_total, order["TotalPrice"])
        self.assertAlmostEqual(order["TotalPrice"], 398 + 15 - 5 - 20 + 4.95 + 1.5)
        by_product = {
            product: sum(
                sale.order_line.filtered(lambda x, p=product: x.product_id == p).mapped(
                    "price_total"
                )
            )
            for product in sale.order_line.product_id
        }
        backend = self.backend
        self.assertAlmostEqual(by_product[backend.discount_product_id], -25.0)
        self.assertAlmostEqual(by_product[backend.gift_product_id], 4.95)
        self.assertAlmostEqual(by_product[backend.fees_product_id], 1.5)
        self.assertAlmostEqual(by_product[backend.shipping_product_id], 15.0)

    def test_order_details_land_where_users_look(self):
        order = self.order(
            SpecialInstructions="Leave at the back door",
            PrivateNotes="VIP buyer",
            RequestedShippingMethod="Express",
        )
        self.backend.import_batch("sale.order")
        sale = self.imported()[order["ID"]]
        self.assertEqual(sale.reference, order["PaymentTransactionID"])
        self.assertEqual(sale.commitment_date, utc(order["DeliverByDateUtc"], "d"))
        self.assertEqual(sale.kogan_shipping_method, "Express")
        self.assertEqual(sale.kogan_private_notes, "VIP buyer")
        self.assertEqual(sale.kogan_order_label, order["OrderLabel"])
        self.assertEqual(sale.kogan_payment_method, order["PaymentMethod"])
        self.assertIn("Leave at the back door", str(sale.picking_ids.note))

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

    def test_buyers_are_matched_exactly_not_by_pattern(self):
        self.order(address={"EmailAddress": "jxdoe@example.com"})
        self.backend.import_batch("sale.order")
        order = self.order(address={"EmailAddress": "J_Doe@Example.com"})
        self.backend.import_batch("sale.order")
        sale = self.imported()[order["ID"]]
        self.assertEqual(sale.partner_id.email, "j_doe@example.com")
        self.assertEqual(
            self.env["res.partner"].search_count(
                [("email_normalized", "in", ["jxdoe@example.com", "j_doe@example.com"])]
            ),
            2,
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
        review = self.env["connector.review"].search(
            self.backend._backend_domain() + [("res_id", "=", sale.id)]
        )
        self.assertEqual((review.res_model, review.state), ("sale.order", "to_review"))
        self.assertIn("250.00", review.reason)
        self.assertEqual(review.activity_id.res_id, sale.id)
        self.assertEqual(review.activity_id.user_id, self.backend.user_id)

    def test_a_copy_of_an_imported_order_is_not_kogans(self):
        """What the import wrote from Kogan's order stays with that order: a
        copy starts without Kogan's status, figures, flags and details."""
        order = self.order(PrivateNotes="VIP buyer", RequestedShippingMethod="Express")
        order["TotalPrice"] = "250.00"
        self.sim.seed_orders([order])
        self.backend.import_batch("sale.order")
        sale = self.imported()[order["ID"]]
        imported = [
            "kogan_total_mismatch",
            "kogan_total",
            "kogan_tax_mismatch",
            "kogan_tax_total",
            "kogan_status",
            "kogan_order_label",
            "kogan_shipping_method",
            "kogan_special_instructions",
            "kogan_private_notes",
            "kogan_payment_method",
            "kogan_shipping_label_url",
        ]
        self.assertTrue(all(sale._fields[name].readonly for name in imported))
        self.assertTrue(sale.kogan_total_mismatch and sale.kogan_private_notes)
        copy = sale.copy()
        self.assertEqual([name for name in imported if copy[name]], [])

    def test_an_unknown_currency_is_an_error_and_no_order(self):
        order = self.order(currency="GBP")
        self.backend.import_batch("sale.order")
        self.assertFalse(self.imported())
        error = self.connector_errors(self.backend, external_id=order["ID"])
        self.assertIn("GBP", error.message)

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
