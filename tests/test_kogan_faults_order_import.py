"""Faults on the Kogan order import (``kogan_fault_case`` says what each
scenario checks): the order list fails or arrives damaged, an order's listing
cannot be fetched, orders carry SKUs or values Odoo cannot take."""

from .kogan_fault_case import ORDERS, KoganFaultCase
from .transport_faults import transport_faults

# name -> (fault for the first attempt, what the first attempt must be)
SCENARIOS = {
    **transport_faults("on the order list", match="GET orders"),
    "order list that is not a list": ({"data": "orders_not_a_list"}, "error"),
    "one order twice in the order list": ({"data": "order_twice"}, "done"),
    "HTTP 503 fetching an order's listing": (
        {
            "data": "listing_not_imported",
            "match": "GET products",
            "kind": "http_status",
            "status": 503,
        },
        "retry",
    ),
    "malformed JSON fetching an order's listing": (
        {
            "data": "listing_not_imported",
            "match": "GET products",
            "kind": "malformed_json",
        },
        "record errors",
    ),
    "unknown SKU in an order": ({"data": "unknown_sku"}, "record errors"),
    "wrong types in an order": ({"data": "wrong_types"}, "record errors"),
}


class TestKoganOrderImportFaults(KoganFaultCase):
    flow, method, model = ORDERS, "import_batch", "sale.order"

    def _prepare(self, data_fault):
        super()._prepare(data_fault)
        sim = self.sim
        self.backend.import_batch("product.product")
        orders = [
            sim.make_order(
                items=(("SKU-00001", 1, "10.95"), ("SKU-00002", 2, "11.95"))
            ),
            sim.make_order(items=(("SKU-00003", 1, "12.95"),), shipping="5.00"),
            sim.make_order(items=(("SKU-00004", 3, "13.95"),)),
        ]
        if data_fault == "unknown_sku":
            orders[1]["Items"][0]["SellerSku"] = "NOT-LISTED-1"
        if data_fault == "listing_not_imported":  # listed after the import
            sim.seed_products([sim.make_listing("LATE-1", product_title="Late")])
            orders[1]["Items"][0]["SellerSku"] = "LATE-1"
        sim.seed_orders(orders)
        if data_fault == "wrong_types":
            with sim._lock:  # the simulator's own checks would refuse it
                sim._orders[orders[2]["ID"]]["Items"][0]["Quantity"] = "three"
        if data_fault in ("orders_not_a_list", "order_twice"):
            self._damage_order_list(data_fault)

    def _damage_order_list(self, how):
        """The next order list Kogan sends is damaged on the wire: wrapped in
        an object, or with its first order twice."""
        sim = self.sim
        original = sim.reply

        def reply(req, *args):
            status, payload, headers = original(req, *args)
            if req.method == "GET" and req.path.rstrip("/") == "orders":
                del sim.reply  # once
                orders = payload["body"]
                payload = dict(
                    payload,
                    body={"orders": orders}
                    if how == "orders_not_a_list"
                    else [*orders, orders[0]],
                )
            return status, payload, headers

        sim.reply = reply

    def _repair(self, data_fault):
        sim = self.sim
        if data_fault == "unknown_sku":  # the seller lists the product
            sim.seed_products([sim.make_listing("NOT-LISTED-1", product_title="New")])
        elif data_fault == "wrong_types":  # Kogan's data is corrected
            with sim._lock:
                for order in sim._orders.values():
                    for item in order["Items"]:
                        if item["Quantity"] == "three":
                            item["Quantity"] = 3
        super()._repair(data_fault)

    def _synced(self):
        state = self.sim.state()
        wanted = {o["ID"] for o in state["orders"]}
        synced = self._synced_by_key(wanted, "client_order_ref")
        orders = self.env["sale.order"].browse(synced[1].mapped("res_id"))
        for order in orders:  # whole orders only
            kogan = next(
                o for o in state["orders"] if o["ID"] == order.client_order_ref
            )
            shipping = 1 if float(kogan["TotalShippingPrice"]) else 0
            self.assertEqual(len(order.order_line), len(kogan["Items"]) + shipping)
        return synced

    def _check_retried(self, adopt):
        self.assertEqual(len(self._bound("sale.order")), 3)


TestKoganOrderImportFaults.add_scenario_tests(SCENARIOS)
