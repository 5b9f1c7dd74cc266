# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Kogan's stock is what can be sold: every change of a listed product's
sellable quantity is pushed, whatever caused it, over the backend's
locations, less its buffer, capped at its maximum."""

import re
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import ValidationError

from odoo.addons.connector_kogan.components import listeners

from .common import KoganCase


class StockCase(KoganCase):
    def setUp(self):
        super().setUp()
        self.product = self.make_product("SELL-1", price=50.0)
        self.set_stock(self.product, 10)
        self.backend.export_batch("product.product")
        self.assertEqual(self.kogan_stock(), 10)
        self.forget_pushes()
        self.buyer = self.env["res.partner"].create({"name": "Web shop buyer"})

    def forget_pushes(self):
        self.env["connector.kogan.push"].search([]).unlink()
        self.jobs().unlink()
        self.sim.clear_calls()

    def kogan_stock(self, sku="SELL-1"):
        return self.remote_products()[sku]["stock"]

    def push(self):
        """Run the one pending push: the items of each call it made."""
        self.assertEqual(len(self.jobs("push_stock_price")), 1)
        self.sim.clear_calls()
        self.run_jobs("push_stock_price")
        return [call["items"] for call in self.calls("POST", "products/stockprice")]

    def web_order(self, quantity, product=None):
        """A sale order of another channel (no Kogan binding), confirmed."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.buyer.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": (product or self.product).id,
                            "product_uom_qty": quantity,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        return order

    def adjust(self, product, location, quantity):
        self.env["stock.quant"].with_context(inventory_mode=True).create(
            {
                "product_id": product.id,
                "location_id": location.id,
                "inventory_quantity": quantity,
            }
        ).action_apply_inventory()

    def location(self, name, parent=None):
        return self.env["stock.location"].create(
            {
                "name": name,
                "usage": "internal",
                "location_id": parent.id if parent else False,
                "company_id": self.env.company.id,
            }
        )


class TestSellableQuantity(StockCase):
    def test_reservation_by_another_channel_pushes_the_free_quantity(self):
        order = self.web_order(4)
        self.assertEqual(order.picking_ids.move_ids.quantity, 4)  # reserved
        self.assertEqual(self.push(), [1])
        self.assertEqual(self.kogan_stock(), 6)

    def test_kogan_import_context_does_not_hide_a_reservation(self):
        """An order imported from Kogan confirms under connector_no_export:
        what it reserves is still gone from what Kogan may sell."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.buyer.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 3}
                    )
                ],
            }
        )
        order.with_context(connector_no_export=True).action_confirm()
        self.push()
        self.assertEqual(self.kogan_stock(), 7)

    def test_unreserve_reserve_and_cancel_are_pushed(self):
        order = self.web_order(4)
        picking = order.picking_ids
        self.push()
        self.assertEqual(self.kogan_stock(), 6)
        picking.do_unreserve()
        self.push()
        self.assertEqual(self.kogan_stock(), 10)
        picking.action_assign()
        self.push()
        self.assertEqual(self.kogan_stock(), 6)
        order._action_cancel()
        self.assertEqual(picking.state, "cancel")
        self.push()
        self.assertEqual(self.kogan_stock(), 10)

    def test_done_delivery_keeps_the_free_quantity(self):
        order = self.web_order(4)
        self.push()
        picking = order.picking_ids
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(self.push(), [1])
        self.assertEqual(self.kogan_stock(), 6)
        self.web_order(2)
        self.push()
        self.assertEqual(self.kogan_stock(), 4)

    def test_receipt_reserved_for_a_waiting_order_is_not_sold_twice(self):
        """Two-step reception, a web order of 12 waiting for 2 of them: the
        goods count once put away in WH/Stock, less what the waiting order
        reserves from them at once (Odoo's own reservation, no done move of
        that product in the stock Kogan sells)."""
        self.warehouse.reception_steps = "two_steps"
        order = self.web_order(12)
        self.assertEqual(order.picking_ids.move_ids.quantity, 10)
        self.push()
        self.assertEqual(self.kogan_stock(), 0)
        receipt = self.receive(5)
        self.assertEqual(receipt.state, "done")
        self.push()  # in WH/Input, reserved by the put-away
        self.assertEqual(self.kogan_stock(), 0)
        storage = receipt.move_ids.move_dest_ids.picking_id
        self.assertEqual(storage.location_dest_id, self.warehouse.lot_stock_id)
        storage.button_validate()
        self.assertEqual(storage.state, "done")
        self.assertEqual(order.picking_ids.move_ids.quantity, 12)
        self.push()
        self.assertEqual(self.kogan_stock(), 3)

    def receive(self, quantity):
        receipt_type = self.warehouse.in_type_id
        suppliers = self.env.ref("stock.stock_location_suppliers")
        destination = receipt_type.default_location_dest_id
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": receipt_type.id,
                "location_id": suppliers.id,
                "location_dest_id": destination.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.product.name,
                            "product_id": self.product.id,
                            "product_uom_qty": quantity,
                            "product_uom": self.product.uom_id.id,
                            "location_id": suppliers.id,
                            "location_dest_id": destination.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        receipt.button_validate()
        return receipt

    def test_inventory_adjustment_of_a_counted_location_is_pushed(self):
        shelf = self.location("Kogan shelf")
        self.backend.stock_location_ids = self.warehouse.lot_stock_id | shelf
        self.forget_pushes()
        self.adjust(self.product, shelf, 7)
        self.push()
        self.assertEqual(self.kogan_stock(), 17)
        self.adjust(self.product, self.warehouse.lot_stock_id, 2)
        self.push()
        self.assertEqual(self.kogan_stock(), 9)

    def test_unlisted_products_queue_nothing(self):
        lonely = self.env["product.product"].create(
            {"name": "Not on Kogan", "default_code": "NOPE", "is_storable": True}
        )
        self.set_stock(lonely, 4)
        self.web_order(1, lonely)
        self.assertFalse(self.jobs("push_stock_price"))
        self.assertFalse(self.env["connector.kogan.push"].search([]))

    def test_changes_are_looked_up_once_per_transaction(self):
        """Outside tests the products whose quants changed are gathered and
        looked up once, when the transaction commits: no lookup per quant,
        and a product nobody lists is never queued."""
        lonely = self.env["product.product"].create(
            {"name": "Not on Kogan", "default_code": "NOPE", "is_storable": True}
        )
        self.env.cr.precommit.clear()
        with (
            patch.object(listeners, "_look_up_at_commit", return_value=True),
            patch.object(
                listeners, "_mark_changed", wraps=listeners._mark_changed
            ) as lookup,
        ):
            self.set_stock(lonely, 4)
            self.web_order(4)
            self.web_order(1, lonely)
            self.set_stock(self.product, 12)
            self.assertFalse(lookup.called)
            self.assertFalse(self.env["connector.kogan.push"].search([]))
            self.env.cr.precommit.run()  # what a commit runs first
        self.assertEqual(lookup.call_count, 1)
        self.assertEqual(lookup.call_args.args[1], self.product | lonely)
        queued = self.env["connector.kogan.push"].search([])
        self.assertEqual(queued.product_id, self.product)
        self.push()
        self.assertEqual(self.kogan_stock(), 8)


class TestStockSettings(StockCase):
    def test_buffer_and_maximum(self):
        self.backend.stock_buffer = 3
        self.assertEqual(self.push(), [1])  # the setting itself queues the push
        self.assertEqual(self.kogan_stock(), 7)
        self.backend.stock_max = 5
        self.push()
        self.assertEqual(self.kogan_stock(), 5)
        self.web_order(4)  # 6 free, less 3: below the maximum
        self.push()
        self.assertEqual(self.kogan_stock(), 3)
        self.backend.stock_buffer = 8  # never below 0
        self.push()
        self.assertEqual(self.kogan_stock(), 0)
        self.backend.write({"stock_buffer": 0, "stock_max": 0})  # no maximum
        self.push()
        self.assertEqual(self.kogan_stock(), 6)

    def test_locations_that_count(self):
        elsewhere = self.location("Kogan shelf")
        child = self.location("Bin", parent=self.warehouse.lot_stock_id)
        self.adjust(self.product, elsewhere, 7)
        self.adjust(self.product, child, 2)
        self.push()
        # default: the warehouse's stock location and its children
        self.assertEqual(self.kogan_stock(), 12)
        self.backend.stock_location_ids = self.warehouse.lot_stock_id | elsewhere
        self.push()
        self.assertEqual(self.kogan_stock(), 19)
        self.backend.stock_location_ids = elsewhere
        self.push()
        self.assertEqual(self.kogan_stock(), 7)
        self.backend.stock_location_ids = False
        self.backend.warehouse_id = False  # the company's warehouses
        self.push()
        self.assertEqual(self.kogan_stock(), 12)

    def test_settings_are_range_checked(self):
        for values, message in [
            ({"stock_buffer": -1}, "Safety Buffer of Kogan test must be between 0"),
            ({"stock_max": -5}, "Maximum Stock of Kogan test must be between 0"),
            ({"stock_max": 10**7}, "10000000 is out of range"),
        ]:
            with self.assertRaisesRegex(ValidationError, re.escape(message)):
                with self.env.cr.savepoint():
                    self.backend.write(values)
        customers = self.env.ref("stock.stock_location_customers")
        with self.assertRaisesRegex(ValidationError, "must be internal locations"):
            with self.env.cr.savepoint():
                self.backend.stock_location_ids = customers
        other = self.env["res.company"].create({"name": "Other Company"})
        foreign = self.env["stock.warehouse"].search([("company_id", "=", other.id)])
        with self.assertRaisesRegex(
            ValidationError,
            re.escape(f"internal locations of {self.env.company.name}, not Other/"),
        ):
            with self.env.cr.savepoint():
                self.backend.stock_location_ids = foreign.lot_stock_id
        self.assertFalse(self.backend.stock_location_ids)
        self.assertEqual((self.backend.stock_buffer, self.backend.stock_max), (0, 0))

    def test_other_settings_queue_no_push(self):
        self.backend.handling_days = 3
        self.assertFalse(self.jobs("push_stock_price"))
