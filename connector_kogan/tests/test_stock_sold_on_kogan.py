# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Kogan lowers its stock when it sells: until Odoo reserves an order's
units, a push must not give them back to Kogan, or Kogan sells them twice."""

from .order_common import KoganGstCase


class TestStockSoldOnKogan(KoganGstCase):
    def setUp(self):
        super().setUp()
        self.env["connector.kogan.push"].search([]).unlink()
        self.jobs().unlink()

    def pushed_stock(self, product):
        """The stock a push of ``product`` sends now."""
        self.env["connector.kogan.push"]._mark(self.backend, product)
        self.sim.clear_calls()
        self.run_jobs("push_stock_price")
        (call,) = self.calls("POST", "products/stockprice")
        return self.remote_products()[product.default_code]["stock"]

    def test_units_of_an_order_not_imported_yet_are_not_offered_again(self):
        self.order(items=(("DESK-1", 3, "199.00"),))
        self.assertEqual(self.pushed_stock(self.desk), 7)
        self.assertEqual(self.pushed_stock(self.lamp), 10)

    def test_units_of_an_imported_order_not_confirmed_are_not_offered_again(self):
        self.backend.workflow_process_id = False  # imported as a quotation
        order = self.order(items=(("DESK-1", 3, "199.00"),))
        self.backend.import_batch("sale.order")
        sale = self.imported()[order["ID"]]
        self.assertEqual(sale.state, "draft")
        self.assertEqual(self.pushed_stock(self.desk), 7)
        sale.action_confirm()  # now reserved: counted once, not twice
        self.assertEqual(self.pushed_stock(self.desk), 7)

    def test_a_cancelled_quotation_gives_its_units_back(self):
        self.backend.workflow_process_id = False
        order = self.order(items=(("DESK-1", 3, "199.00"),))
        self.backend.import_batch("sale.order")
        self.sim.cancel_on_kogan(order["ID"])
        self.imported()[order["ID"]].with_context(
            disable_cancel_warning=True
        )._action_cancel()
        self.assertEqual(self.pushed_stock(self.desk), 10)

    def test_a_negative_quantity_from_kogan_never_raises_the_stock(self):
        order = self.sim.make_order(items=(("DESK-1", 2, "199.00"),))
        order["Items"][0]["Quantity"] = 2
        self.sim.seed_orders([order])
        bad = self.sim.make_order(items=(("DESK-1", 1, "199.00"),))
        self.sim.seed_orders([bad])
        with self.sim._lock:  # Kogan sending nonsense, not a seedable order
            self.sim._orders[bad["ID"]]["Items"][0]["Quantity"] = -50
        self.assertEqual(self.pushed_stock(self.desk), 8)
