# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a page of orders costs: the products, addresses and buyers of the
page read once, the orders confirmed together; an order that spoils the
batch's confirmation is isolated, the others are confirmed."""

from .order_common import KoganGstCase

ORDERS = 20
# queries per order of a page import, the workflow's confirmation included
# (issue 32: at most 55 in the benchmark, 84 before it)
MAX_QUERIES_PER_ORDER = 55


class TestOrderQueries(KoganGstCase):
    def seed_page(self, count=ORDERS):
        """``count`` orders of 1 to 3 lines, half of them by a returning
        buyer, as the benchmark's."""
        skus = (("DESK-1", "199.00"), ("LAMP-1", "25.00"))
        orders = [
            self.sim.make_order(
                items=[
                    (skus[(i + k) % 2][0], 1 + k, skus[(i + k) % 2][1])
                    for k in range(1 + i % 3)
                ],
                shipping="9.95",
                address={
                    "EmailAddress": f"buyer{i // 2}@queries.example.com",
                    "LastName": f"Buyer {i // 2}",
                },
            )
            for i in range(count)
        ]
        self.sim.seed_orders(orders)
        return orders

    def test_a_page_of_orders_costs_a_bounded_number_of_queries_each(self):
        orders = self.seed_page()
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        self.backend.import_batch("sale.order")
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - before
        sales = self.imported()
        self.assertEqual(len(sales), ORDERS)
        self.assertEqual({sale.state for sale in sales.values()}, {"sale"})
        buyers = {sales[o["ID"]].partner_id for o in orders}
        self.assertEqual(len(buyers), ORDERS // 2)
        print(f"QUERIES PER ORDER {queries / ORDERS:.1f}")
        self.assertLessEqual(queries / ORDERS, MAX_QUERIES_PER_ORDER)
