"""Faults on the Kogan product export (``kogan_fault_case`` says what each
scenario checks): the create, its asynchronous task and the read-back fail,
time out or answer damaged, after Kogan applied the create or before; Odoo
products carry data Kogan refuses."""

from unittest.mock import patch

from odoo.addons.connector_kogan.components.product import ProductAdapter

from .kogan_fault_case import EXPORT, KoganFaultCase
from .transport_faults import TOO_SLOW, transport_faults

# name -> (fault for the first attempt, what the first attempt must be)
SCENARIOS = {
    # on a read timeout, Kogan takes the batch after the client gave up: its
    # task is never polled
    **transport_faults("on a product create", match="POST products"),
    "async task that never completes": (
        {"match": "POST products", "kind": "never_complete"},
        "retry",
    ),
    "timeout after a create that succeeded remotely": (
        # the poll that times out is the one that completes the task
        {"match": "GET task/", "kind": "slow", "seconds": TOO_SLOW, "pending_polls": 0},
        "retry",
    ),
    "page cut short in the SKU lookup of that retry": (
        # as above, and the retry's look for what already exists misses half
        {
            "match": "GET task/",
            "kind": "slow",
            "seconds": TOO_SLOW,
            "pending_polls": 0,
            "adopt": (2, 2),  # the refused creates of the retry become updates
            "retry_fault": {"match": "GET products", "kind": "cut_page"},
        },
        "retry",
    ),
    **{
        name: fault
        for name, fault in transport_faults(
            "while polling the task", match="GET task/"
        ).items()
        if name.startswith(("HTTP 503", "connection reset"))
    },
    "malformed JSON on the poll that completes the task": (
        {
            "match": "GET task/",
            "kind": "malformed_json",
            "pending_polls": 0,
            "adopt": True,
        },
        "error",
    ),
    "HTTP 503 reading back the listings just created": (
        {
            "match": "GET products",
            "kind": "http_status",
            "status": 503,
            "after_create": True,
            "adopt": True,
        },
        "retry",
    ),
    "SKU that Kogan rejects": ({"data": "bad_category"}, "record errors"),
    "SKU not valid on Kogan (refused before sending)": (
        {"data": "bad_sku"},
        "record errors",
    ),
    "product without SKU": ({"data": "no_sku"}, "record errors"),
}


class TestKoganProductExportFaults(KoganFaultCase):
    flow, method, model = EXPORT, "export_batch", "product.product"

    def _odoo_products(self):
        return self.env["product.product"].search(
            [("name", "like", "Odoo product")], order="name"
        )

    def _prepare(self, data_fault):
        super()._prepare(data_fault)
        for i in range(1, 7):
            self.env["product.product"].create(
                {
                    "name": f"Odoo product {i}",
                    "default_code": f"ODOO-{i}",
                    "list_price": 10.0 + i,
                    "kogan_listed": True,
                }
            )
        if data_fault == "bad_category":
            self._odoo_products()[0].kogan_category = "sports"
        if data_fault == "no_sku":
            self._odoo_products()[1].default_code = False
        if data_fault == "bad_sku":
            self._odoo_products()[2].default_code = "ODOO 3/blue"

    def _fail_after_create(self, fault):
        """The fault hits the next call after Kogan applied a product create."""
        create_records = ProductAdapter.create_records
        sim, armed = self.sim, [True]

        def create_then_fail(adapter, datas):
            result = create_records(adapter, datas)
            if armed:
                armed.clear()
                sim.add_fault(**fault)
            return result

        patcher = patch.object(ProductAdapter, "create_records", create_then_fail)
        patcher.start()
        self.addCleanup(patcher.stop)

    def _repair(self, data_fault):
        if data_fault == "bad_sku":
            self._odoo_products()[2].default_code = "ODOO-3"
        elif data_fault == "bad_category":
            self._odoo_products()[0].kogan_category = "kogan:5"
        elif data_fault == "no_sku":
            self.env["product.product"].search(
                [("name", "=", "Odoo product 2")]
            ).default_code = "ODOO-2"
        super()._repair(data_fault)

    def _synced(self):
        wanted = {f"product.product,{p.id}" for p in self._odoo_products()}
        bindings = self._bound("product.product")
        bound = {f"product.product,{b.res_id}" for b in bindings}
        created = [
            sku
            for task in self.sim.state()["tasks"]
            if task["operation"] == "create" and task["result"]
            for sku in task["result"]["body"].get("created", [])
        ]
        return wanted, bindings, bound, len(created) - len(set(created))

    def _check_retried(self, adopt):
        self.assertEqual(len(self._bound("product.product")), 6)
        if adopt:  # adopted by SKU, not listed twice
            calls = (
                len(self.sim_calls("POST", "products")),
                len(self.sim_calls("PATCH", "products")),
            )
            self.assertEqual(calls, adopt)
        self.assertFalse(
            [p for p in self.sim.state()["products"] if " " in p["product_sku"]]
        )
        self.assertEqual(
            {p["product_sku"] for p in self.sim.state()["products"]}
            >= {f"ODOO-{i}" for i in range(1, 7)},
            True,
        )

    def sim_calls(self, method, path):
        return [
            c
            for c in self.sim.calls
            if c["method"] == method and c["path"].rstrip("/") == path
        ]


TestKoganProductExportFaults.add_scenario_tests(SCENARIOS)
