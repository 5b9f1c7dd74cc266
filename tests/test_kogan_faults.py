"""Fault injection on the Kogan connector: each scenario breaks Kogan's API
(as the local simulator can) during a real synchronisation run as a queue job
attempt, then lets the job's retry run without the fault, and checks the
invariants after each attempt:

- no duplicate: one binding per record (a database constraint, and counts),
  one Odoo record per external one, one Kogan listing per Odoo product;
- no lost record: every external record (listing, order) or exported product
  is bound or has an open error record;
- no half-written record: an order is imported with all its lines or not;
- no secret (the seller token) in a log line, a job's arguments or an error.

The figures of the run are written into the README's reliability section."""

import logging
import threading
import time
import xmlrpc.client
from pathlib import Path
from unittest.mock import patch

import psycopg2
import requests
from conftest import committed_env, wait_for

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests.common import BaseCase, get_db_name

from odoo.addons.connector_base.tests.common import ConnectorTransactionCase
from odoo.addons.connector_base.tests.patience import (
    RACE,
    REQUEST,
    fault_timeouts,
    patience,
)
from odoo.addons.connector_kogan.components.product import ProductAdapter
from odoo.addons.connector_kogan.tests.simulator import KoganSimulator
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

SECRET = "kogan-s3cret-token-7"
TIMEOUT, TOO_SLOW, WITHIN = fault_timeouts()
README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- kogan-fault-suite:start -->", "<!-- kogan-fault-suite:end -->"
IMPORT, EXPORT, ORDERS = "product import", "product export", "order import"
# name -> (flow, fault for the first attempt, what the first attempt must be)
SCENARIOS = {
    "HTTP 429 with Retry-After": (
        IMPORT,
        {
            "match": "GET products",
            "kind": "http_status",
            "status": 429,
            "retry_after": 7,
        },
        "retry",
    ),
    "HTTP 500": (
        IMPORT,
        {"match": "GET products", "kind": "http_status", "status": 500},
        "retry",
    ),
    "HTTP 502": (
        IMPORT,
        {"match": "GET products", "kind": "http_status", "status": 502},
        "retry",
    ),
    "HTTP 503": (
        IMPORT,
        {"match": "GET products", "kind": "http_status", "status": 503},
        "retry",
    ),
    "connection reset": (IMPORT, {"match": "GET products", "kind": "reset"}, "retry"),
    "read timeout": (
        IMPORT,
        {"match": "GET products", "kind": "slow", "seconds": TOO_SLOW},
        "retry",
    ),
    "slow endpoint (within the timeout)": (
        IMPORT,
        {"match": "GET products", "kind": "slow", "seconds": WITHIN},
        "done",
    ),
    "malformed JSON": (
        IMPORT,
        {"match": "GET products", "kind": "malformed_json"},
        "error",
    ),
    "page cut short": (
        IMPORT,
        {"match": "GET products", "kind": "cut_page"},
        "partial",
    ),
    "cursor that repeats": (
        IMPORT,
        {"match": "GET products", "kind": "repeat_cursor", "times": 2},
        "retry",
    ),
    "duplicate records in one page": (
        IMPORT,
        {"match": "GET products", "kind": "duplicate_records"},
        "done",
    ),
    "wrong types in listings": (IMPORT, {"data": "wrong_types"}, "record errors"),
    "HTTP 503 on a product create": (
        EXPORT,
        {"match": "POST products", "kind": "http_status", "status": 503},
        "retry",
    ),
    "connection reset on a product create": (
        EXPORT,
        {"match": "POST products", "kind": "reset"},
        "retry",
    ),
    "async task that never completes": (
        EXPORT,
        {"match": "POST products", "kind": "never_complete"},
        "retry",
    ),
    "timeout after a create that succeeded remotely": (
        EXPORT,
        # the poll that times out is the one that completes the task
        {"match": "GET task/", "kind": "slow", "seconds": TOO_SLOW, "pending_polls": 0},
        "retry",
    ),
    "page cut short in the SKU lookup of that retry": (
        EXPORT,
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
    "malformed JSON on a product create": (
        EXPORT,
        {"match": "POST products", "kind": "malformed_json"},
        "error",
    ),
    "HTTP 429 with Retry-After on a product create": (
        EXPORT,
        {
            "match": "POST products",
            "kind": "http_status",
            "status": 429,
            "retry_after": 5,
        },
        "retry",
    ),
    "HTTP 500 on a product create": (
        EXPORT,
        {"match": "POST products", "kind": "http_status", "status": 500},
        "retry",
    ),
    "HTTP 502 on a product create": (
        EXPORT,
        {"match": "POST products", "kind": "http_status", "status": 502},
        "retry",
    ),
    # Kogan takes the batch after the client gave up: its task is never polled
    "read timeout on a product create": (
        EXPORT,
        {"match": "POST products", "kind": "slow", "seconds": TOO_SLOW},
        "retry",
    ),
    "slow product create (within the timeout)": (
        EXPORT,
        {"match": "POST products", "kind": "slow", "seconds": WITHIN},
        "done",
    ),
    "HTTP 503 while polling the task": (
        EXPORT,
        {"match": "GET task/", "kind": "http_status", "status": 503},
        "retry",
    ),
    "connection reset while polling the task": (
        EXPORT,
        {"match": "GET task/", "kind": "reset"},
        "retry",
    ),
    "malformed JSON on the poll that completes the task": (
        EXPORT,
        {
            "match": "GET task/",
            "kind": "malformed_json",
            "pending_polls": 0,
            "adopt": True,
        },
        "error",
    ),
    "HTTP 503 reading back the listings just created": (
        EXPORT,
        {
            "match": "GET products",
            "kind": "http_status",
            "status": 503,
            "after_create": True,
            "adopt": True,
        },
        "retry",
    ),
    "SKU that Kogan rejects": (EXPORT, {"data": "bad_category"}, "record errors"),
    "SKU not valid on Kogan (refused before sending)": (
        EXPORT,
        {"data": "bad_sku"},
        "record errors",
    ),
    "product without SKU": (EXPORT, {"data": "no_sku"}, "record errors"),
    "HTTP 429 on the order list": (
        ORDERS,
        {"match": "GET orders", "kind": "http_status", "status": 429, "retry_after": 3},
        "retry",
    ),
    "connection reset on the order list": (
        ORDERS,
        {"match": "GET orders", "kind": "reset"},
        "retry",
    ),
    "HTTP 500 on the order list": (
        ORDERS,
        {"match": "GET orders", "kind": "http_status", "status": 500},
        "retry",
    ),
    "HTTP 502 on the order list": (
        ORDERS,
        {"match": "GET orders", "kind": "http_status", "status": 502},
        "retry",
    ),
    "HTTP 503 on the order list": (
        ORDERS,
        {"match": "GET orders", "kind": "http_status", "status": 503},
        "retry",
    ),
    "read timeout on the order list": (
        ORDERS,
        {"match": "GET orders", "kind": "slow", "seconds": TOO_SLOW},
        "retry",
    ),
    "slow order list (within the timeout)": (
        ORDERS,
        {"match": "GET orders", "kind": "slow", "seconds": WITHIN},
        "done",
    ),
    "malformed JSON on the order list": (
        ORDERS,
        {"match": "GET orders", "kind": "malformed_json"},
        "error",
    ),
    "order list that is not a list": (ORDERS, {"data": "orders_not_a_list"}, "error"),
    "one order twice in the order list": (ORDERS, {"data": "order_twice"}, "done"),
    "HTTP 503 fetching an order's listing": (
        ORDERS,
        {
            "data": "listing_not_imported",
            "match": "GET products",
            "kind": "http_status",
            "status": 503,
        },
        "retry",
    ),
    "malformed JSON fetching an order's listing": (
        ORDERS,
        {
            "data": "listing_not_imported",
            "match": "GET products",
            "kind": "malformed_json",
        },
        "record errors",
    ),
    "unknown SKU in an order": (ORDERS, {"data": "unknown_sku"}, "record errors"),
    "wrong types in an order": (ORDERS, {"data": "wrong_types"}, "record errors"),
}
stats = {
    "scenarios": 0,
    "faults": 0,
    "records": 0,
    "lost": 0,
    "duplicated": 0,
    "logged attempts": 0,
    "leaks": 0,
    "passed": 0,
}


class TestKoganFaults(ConnectorTransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("base.AUD").active = True
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "Faulty AUD", "currency_id": cls.env.ref("base.AUD").id}
        )

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        rows = "\n".join(
            f"| {flow} | {name} | {outcome} |"
            for name, (flow, __, outcome) in SCENARIOS.items()
        )
        figures = (
            f"{START}\n"
            "Written by `tests/test_kogan_faults.py` at each run (each scenario, "
            "then the job's retry without the fault):\n\n"
            f"- scenarios run: {stats['scenarios']}\n"
            f"- faults injected: {stats['faults']}\n"
            f"- records checked: {stats['records']}\n"
            f"- records lost: {stats['lost']}\n"
            f"- records duplicated: {stats['duplicated']}\n"
            f"- job attempts whose every log line (all loggers, debug included) "
            f"was checked: {stats['logged attempts']}; lines with the seller "
            f"token: {stats['leaks']}\n\n"
            "| flow | fault | first attempt |\n| --- | --- | --- |\n"
            f"{rows}\n{END}"
        )
        text = README.read_text()
        # every scenario ran (not a -k selection) and passed
        complete = stats["passed"] == len(SCENARIOS)
        if complete and START in text and END in text:
            before, rest = text.split(START, 1)
            README.write_text(before + figures + rest.split(END, 1)[1])

    def setUp(self):
        super().setUp()
        self.sim = KoganSimulator(
            seller_id="faulty", seller_token=SECRET, pending_polls=1
        ).start()
        self.addCleanup(self.sim.stop)
        self.backend = self.env["connector.kogan.backend"].create(
            {
                "name": "Faulty Kogan",
                "base_url": self.sim.base_url,
                "seller_id": "faulty",
                "seller_token": SECRET,
                "pricelist_id": self.pricelist.id,
                "default_category": "kogan:1",
                "http_timeout": TIMEOUT,
                "http_max_retries": 0,
                "async_timeout": 2 * TIMEOUT,
            }
        )
        # small pages, so that page faults hit a listing of several pages
        patcher = patch.object(ProductAdapter, "_page_size", 4)
        patcher.start()
        self.addCleanup(patcher.stop)

    # -- running a flow as a job attempt ---------------------------------------

    def _attempt(self, flow, retry):
        """Run the flow as attempt ``retry + 1`` of a queue job; its error or None."""
        method, model = {
            IMPORT: ("import_batch", "product.product"),
            EXPORT: ("export_batch", "product.product"),
            ORDERS: ("import_batch", "sale.order"),
        }[flow]
        backend = self.backend
        job = Job(getattr(backend, method), args=(model,))
        job.store()
        record = self.env["queue.job"].search([("uuid", "=", job.uuid)])
        record.retry = retry
        record.flush_recordset()
        try:
            getattr(backend.with_context(job_uuid=job.uuid), method)(model)
        except Exception as error:
            return error
        return None

    def _prepare(self, flow, data_fault):
        sim = self.sim
        sim.seed_products(sim.make_products(10))
        if flow == IMPORT and data_fault == "wrong_types":
            with sim._lock:  # the simulator's own checks would refuse them
                records = sim._records
                records[2] = {**records[2], "product_title": 42}
                records[5] = {**records[5], "offer_data": {"AUD": {"price": "N/A"}}}
        if flow == EXPORT:
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
        if flow == ORDERS:
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

    def _repair(self, flow, data_fault):
        """What a person does after reading the error record."""
        sim = self.sim
        if flow == IMPORT and data_fault == "wrong_types":  # Kogan's data is fixed
            with sim._lock:
                records = sim._records
                records[2] = {**records[2], "product_title": "Fixed title"}
                records[5] = {**records[5], "offer_data": {}}
        elif data_fault == "bad_sku":
            self._odoo_products()[2].default_code = "ODOO-3"
        elif data_fault == "bad_category":
            self._odoo_products()[0].kogan_category = "kogan:5"
        elif data_fault == "no_sku":
            self.env["product.product"].search(
                [("name", "=", "Odoo product 2")]
            ).default_code = "ODOO-2"
        elif data_fault == "unknown_sku":  # the seller lists the product
            sim.seed_products([sim.make_listing("NOT-LISTED-1", product_title="New")])
        elif data_fault == "wrong_types":  # Kogan's data is corrected
            with sim._lock:
                for order in sim._orders.values():
                    for item in order["Items"]:
                        if item["Quantity"] == "three":
                            item["Quantity"] = 3
        self.env["connector.error"].search(
            [("backend_id", "=", self.backend.id), ("state", "=", "open")]
        ).state = "retried"  # the person pressed Retry

    def _odoo_products(self):
        return self.env["product.product"].search(
            [("name", "like", "Odoo product")], order="name"
        )

    # -- invariants ------------------------------------------------------------

    def _bound(self, model):
        bindings = self.env["connector.binding"].search(
            self.backend._backend_domain() + [("res_model", "=", model)]
        )
        return bindings

    def _check(self, flow, final):
        """Invariants; on a non-final check (a retry is pending), records may be
        neither bound nor in error yet."""
        errors = self.connector_errors(self.backend).filtered(
            lambda e: e.state in ("open", "retried")
        )
        in_error = set(errors.mapped("external_id")) | set(errors.mapped("record_ref"))
        if flow == EXPORT:
            wanted = {f"product.product,{p.id}" for p in self._odoo_products()}
            bindings = self._bound("product.product")
            bound = {f"product.product,{b.res_id}" for b in bindings}
            created = [
                sku
                for task in self.sim.state()["tasks"]
                if task["operation"] == "create" and task["result"]
                for sku in task["result"]["body"].get("created", [])
            ]
            duplicated = len(created) - len(set(created))
        else:
            model = "product.product" if flow == IMPORT else "sale.order"
            state = self.sim.state()
            wanted = (
                {p["product_sku"] for p in state["products"]}
                if flow == IMPORT
                else {o["ID"] for o in state["orders"]}
            )
            bindings = self._bound(model)
            bound = set(bindings.mapped("external_id"))
            records = self.env[model].browse(bindings.mapped("res_id"))
            if flow == IMPORT:
                keys = records.mapped("default_code")
                same = self.env[model].search_count(
                    [("default_code", "in", list(wanted))]
                )
            else:
                keys = records.mapped("client_order_ref")
                same = self.env[model].search_count(
                    [("client_order_ref", "in", list(wanted))]
                )
                for order in records:  # whole orders only
                    kogan = next(
                        o for o in state["orders"] if o["ID"] == order.client_order_ref
                    )
                    shipping = 1 if float(kogan["TotalShippingPrice"]) else 0
                    self.assertEqual(
                        len(order.order_line), len(kogan["Items"]) + shipping
                    )
            duplicated = (len(keys) - len(set(keys))) + (same - len(set(keys)))
        self.assertEqual(len(bindings), len(set(bindings.mapped("external_id"))))
        lost = wanted - bound - in_error
        if final:
            stats["records"] += len(wanted)
            stats["lost"] += len(lost)
            self.assertFalse(lost, "records neither bound nor in error")
        stats["duplicated"] += duplicated
        self.assertEqual(duplicated, 0)
        stored = " ".join(
            str(v) for e in errors for v in (e.message, e.payload, e.traceback)
        )
        jobs = self.env["queue.job"].search([])
        stored += " ".join(str(j.args) + str(j.kwargs) + j.func_string for j in jobs)
        self.assertNotIn(SECRET, stored)

    # -- the scenario ------------------------------------------------------------

    def _run_scenario(self, name):
        flow, fault, outcome = SCENARIOS[name]
        fault = dict(fault)
        data_fault = fault.pop("data", None)
        self.sim.pending_polls = fault.pop("pending_polls", 1)
        # created on Kogan by the first attempt: (creates, updates) sent in all
        adopt = fault.pop("adopt", False)
        adopt = (1, 1) if adopt is True else adopt
        after_create = fault.pop("after_create", False)
        retry_fault = fault.pop("retry_fault", None)
        self._prepare(flow, data_fault)
        if after_create:
            self._fail_after_create(fault)
        elif "kind" in fault:
            self.sim.add_fault(**fault)
        stats["scenarios"] += 1
        stats["faults"] += 1
        error = self._logged_attempt(flow, retry=0)
        self.assertFalse(self.sim.state()["faults"], "the fault was not hit")
        self.assertNotIn("reply", vars(self.sim), "the order list was not damaged")
        if outcome == "retry":
            self.assertIsInstance(error, RetryableJobError, error)
            if "retry_after" in fault:
                self.assertEqual(error.seconds, fault["retry_after"])
            if fault.get("kind") == "slow":  # said as it is
                self.assertIn("did not answer in time", str(error))
        elif outcome == "error":
            self.assertIsNotNone(error)
            self.assertNotIsInstance(error, RetryableJobError)
            self.assertEqual(
                set(self.connector_errors(self.backend).mapped("kind")), {"bad_data"}
            )
        else:  # done, partial, record errors: the job itself ends well
            self.assertIsNone(error, error)
        if outcome == "record errors":
            errors = self.connector_errors(self.backend, state="open")
            self.assertTrue(errors)
            self.assertTrue(all(e.external_id or e.record_ref for e in errors))
            self.assertTrue(all(e.message for e in errors))
            for error in errors.filtered("record_ref"):  # names the product
                model, res_id = error.record_ref.split(",")
                product = self.env[model].browse(int(res_id))
                self.assertTrue(
                    product.name in error.message
                    or (product.default_code or "-") in error.message,
                    error.message,
                )
            self._check(flow, final=True)
            self._repair(flow, data_fault)
        else:
            self._check(flow, final=outcome == "done")
        # the fault is gone: the job's retry (or the next run) completes the work
        if fault.get("kind") == "slow":  # a retry waits longer than the request
            time.sleep(fault["seconds"])
        self.later()
        if retry_fault:
            stats["faults"] += 1
            self.sim.add_fault(**retry_fault)
        self.assertIsNone(self._logged_attempt(flow, retry=1))
        self.assertFalse(self.sim.state()["faults"], "the fault was not hit")
        self._check(flow, final=True)
        self.assertFalse(
            self.connector_errors(self.backend, state="open").mapped("message")
        )
        if flow == EXPORT:
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
        elif flow == IMPORT:
            self.assertEqual(len(self._bound("product.product")), 10)
        else:
            self.assertEqual(len(self._bound("sale.order")), 3)
        stats["passed"] += 1

    def _logged_attempt(self, flow, retry):
        """An attempt, with every log line (all loggers, debug included, but
        SQL queries) checked for the secret."""
        # the test configuration keeps Odoo's loggers quiet (CRITICAL)
        levels = {"odoo": logging.DEBUG, "odoo.sql_db": logging.INFO}
        saved = {name: logging.getLogger(name).level for name in levels}
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        try:
            with self.assertLogs(level=logging.DEBUG) as logs:
                error = self._attempt(flow, retry)
        finally:
            for name, level in saved.items():
                logging.getLogger(name).setLevel(level)
        leaks = [line for line in logs.output if SECRET in line]
        stats["logged attempts"] += 1
        stats["leaks"] += len(leaks)
        self.assertFalse(leaks)
        return error

    def sim_calls(self, method, path):
        return [
            c
            for c in self.sim.calls
            if c["method"] == method and c["path"].rstrip("/") == path
        ]

    def later(self):
        """Let time pass since the last sync (one transaction, one time)."""
        from datetime import timedelta

        for binding in self.env["connector.binding"].search(
            self.backend._backend_domain()
        ):
            if binding.odoo_write_date:
                binding.odoo_write_date -= timedelta(seconds=5)


def _make_test(name):
    def test(self):
        self._run_scenario(name)

    test.__doc__ = name
    return test


for _index, _name in enumerate(SCENARIOS):
    setattr(
        TestKoganFaults,
        f"test_{_index:02d}_{_name.replace(' ', '_')}",
        _make_test(_name),
    )


class TestKoganUserInput(ConnectorTransactionCase):
    """Bad input from users gets a clear message."""

    def setUp(self):
        super().setUp()
        self.sim = KoganSimulator(seller_id="me", seller_token=SECRET).start()
        self.addCleanup(self.sim.stop)
        self.backend = self.env["connector.kogan.backend"].create(
            {
                "name": "Input",
                "base_url": self.sim.base_url,
                "seller_id": "me",
                "seller_token": SECRET,
                "http_timeout": TIMEOUT,
                "http_max_retries": 0,
            }
        )

    def _notification(self):
        params = self.backend.action_test_connection()["params"]
        self.assertNotIn(SECRET, str(params))  # whatever the input
        return params

    def test_good_credentials(self):
        self.assertEqual(self._notification()["type"], "success")

    def test_wrong_token(self):
        self.backend.seller_token = "not-the-token"
        params = self._notification()
        self.assertEqual(params["type"], "danger")
        self.assertIn("401", params["message"])
        self.assertIn("SellerToken", params["message"])
        self.assertNotIn("not-the-token", params["message"])

    def test_nothing_listens_at_the_url(self):
        self.backend.base_url = "http://127.0.0.1:9/api/marketplace/v2/"
        params = self._notification()
        self.assertEqual(params["type"], "danger")
        self.assertIn("Cannot reach http://127.0.0.1:9/", params["message"])

    def test_not_an_api_url(self):
        self.backend.base_url = self.sim.base_url.replace("/api/marketplace/v2/", "/")
        params = self._notification()
        self.assertEqual(params["type"], "danger")
        self.assertIn("404", params["message"])

    def test_url_without_scheme(self):
        self.backend.base_url = "nimda.kogan.com/api/marketplace/v2/"
        params = self._notification()
        self.assertEqual(params["type"], "danger")
        self.assertIn("No scheme supplied", params["message"])
        self.assertIn("https://nimda.kogan.com/", params["message"])

    def test_server_too_slow(self):
        self.sim.add_fault(match="GET orders", kind="slow", seconds=TOO_SLOW)
        params = self._notification()
        self.assertEqual(params["type"], "danger")
        self.assertIn("did not answer in time", params["message"])

    def test_no_credentials(self):
        self.backend.write({"seller_id": False, "seller_token": False})
        params = self._notification()
        self.assertEqual(params["type"], "danger")
        self.assertIn("401", params["message"])
        self.assertIn("SellerID", params["message"])


RPC_ACCESS_ERROR = 4  # XML-RPC fault code of an AccessError


def _rpc(server, login, password):
    common = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/common")
    uid = common.authenticate(server.db, login, password, {})
    models = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object", allow_none=True)

    def call(model, method, *args):
        return models.execute_kw(server.db, uid, password, model, method, list(args))

    return uid, call


def _json_rpc(server, login=None, password=None):
    """The web client's way: a session (``/web/session/authenticate``, none
    without a login), then ``/web/dataset/call_kw``; returns call(model,
    method, *args) -> the JSON-RPC reply (``result`` or ``error``)."""
    session = requests.Session()

    def post(path, params):
        reply = session.post(
            f"{server.url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "params": params},
            timeout=patience(REQUEST),
        )
        reply.raise_for_status()
        return reply.json()

    if login:
        reply = post(
            "/web/session/authenticate",
            {"db": server.db, "login": login, "password": password},
        )
        assert reply["result"]["uid"], reply

    def call(model, method, *args):
        return post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": {}},
        )

    return call


def _refused(reply):
    """A JSON-RPC reply that is an access error, without the secret."""
    assert SECRET not in str(reply)
    error = reply.get("error")
    assert error, reply
    return error["data"]["name"] in (
        "odoo.exceptions.AccessError",
        "odoo.http.SessionExpiredException",
    )


def test_rpc_access_to_kogan_backends(odoo_server):
    """Over RPC (XML-RPC and the web client's JSON-RPC), on the real server
    with its jobrunner: without connector rights, no credentials and no sync;
    a connector user syncs but does not read the token; nothing without a
    session."""
    sim = KoganSimulator(seller_id="rpc", seller_token=SECRET).start()
    with committed_env() as env:
        backend = env["connector.kogan.backend"].create(
            {
                "name": "RPC access",
                "base_url": sim.base_url,
                "seller_id": "rpc",
                "seller_token": SECRET,
                "http_max_retries": 0,
            }
        )
        users = env["res.users"].create(
            [
                {
                    "name": "Clerk",
                    "login": "kogan-rpc-clerk",
                    "password": "clerk-pass-1",
                    "groups_id": [(6, 0, [env.ref("base.group_user").id])],
                },
                {
                    "name": "Connector user",
                    "login": "kogan-rpc-user",
                    "password": "user-pass-1",
                    "groups_id": [
                        (
                            6,
                            0,
                            [
                                env.ref("base.group_user").id,
                                env.ref("connector_base.group_connector_user").id,
                            ],
                        )
                    ],
                },
            ]
        )
        backend_id, user_ids = backend.id, users.ids
    model = "connector.kogan.backend"
    try:
        uid, clerk = _rpc(odoo_server, "kogan-rpc-clerk", "clerk-pass-1")
        assert uid
        web_clerk = _json_rpc(odoo_server, "kogan-rpc-clerk", "clerk-pass-1")
        for method, args in (
            ("read", ([backend_id], ["seller_token"])),
            ("action_import_orders", ([backend_id],)),
            ("action_import_products", ([backend_id],)),
            ("action_export_products", ([backend_id],)),
            ("import_batch", ([backend_id], "sale.order")),
            ("push_stock_price", ([backend_id],)),
        ):
            try:
                clerk(model, method, *args)
            except xmlrpc.client.Fault as fault:
                assert SECRET not in fault.faultString
                assert fault.faultCode == RPC_ACCESS_ERROR, (method, fault.faultString)
            else:
                raise AssertionError(f"a clerk could call {method}")
            assert _refused(web_clerk(model, method, *args)), method
        uid, user = _rpc(odoo_server, "kogan-rpc-user", "user-pass-1")
        web_user = _json_rpc(odoo_server, "kogan-rpc-user", "user-pass-1")
        assert user(model, "read", [backend_id], ["name"])
        try:
            user(model, "read", [backend_id], ["seller_token"])
        except xmlrpc.client.Fault as fault:
            assert SECRET not in fault.faultString
            assert fault.faultCode == RPC_ACCESS_ERROR, fault.faultString
        else:
            raise AssertionError("a connector user could read the seller token")
        assert _refused(web_user(model, "read", [backend_id], ["seller_token"]))
        assert _refused(web_user(model, "web_read", [backend_id], {"seller_token": {}}))
        # a connector user may sync: the jobrunner runs the job, as that user
        assert "error" not in web_user(model, "action_import_orders", [backend_id])
        job = wait_for(
            lambda env: env["queue.job"]
            .search(
                [
                    ("model_name", "=", model),
                    ("method_name", "=", "import_batch"),
                    ("user_id", "=", user_ids[1]),
                    ("state", "in", ("done", "failed")),
                ]
            )
            .filtered(lambda job: job.records.ids == [backend_id])
            .read(["state", "exc_info"]),
            what="the connector user's import job",
        )
        assert job[0]["state"] == "done", job
        assert [c["path"] for c in sim.calls] == ["orders/"]
        # the web client's data endpoint without a session
        anonymous = _json_rpc(odoo_server)
        assert _refused(anonymous(model, "read", [backend_id], ["seller_token"]))
    finally:
        sim.stop()
        with committed_env() as env:
            env["queue.job"].search([("model_name", "=", model)]).unlink()
            env["res.users"].browse(user_ids).unlink()
            env["connector.kogan.backend"].browse(backend_id).unlink()


class TestKoganRaces(BaseCase):
    """Two workers at once, each with its own cursor and transaction, as two
    jobrunner threads would be; the data is committed, then cleaned up."""

    # what Odoo's test metaclass gives the test classes of addons
    test_tags = {"standard", "at_install"}
    test_module = "connector_kogan"
    test_class = "TestKoganRaces"

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        self.sim = KoganSimulator(seller_id="race", seller_token=SECRET).start()
        self.addCleanup(self.sim.stop)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # orders in AUD are priced with it (AUD itself stays inactive)
            pricelist = env["product.pricelist"].create(
                {"name": "Race", "currency_id": env.company.currency_id.id}
            )
            backend = env["connector.kogan.backend"].create(
                {
                    "name": "Race",
                    "base_url": self.sim.base_url,
                    "seller_id": "race",
                    "seller_token": SECRET,
                    "default_category": "kogan:1",
                    "http_max_retries": 0,
                    "pricelist_id": pricelist.id,
                    "confirm_orders": False,
                }
            )
            self.backend_id, self.pricelist_id = backend.id, pricelist.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            domain = [
                ("backend_model", "=", "connector.kogan.backend"),
                ("backend_id", "=", self.backend_id),
            ]
            bindings = env["connector.binding"].search(domain)
            orders = env["sale.order"].search([("origin", "like", "Kogan RACE-")])
            partners = env["res.partner"].search([("email", "like", "@race.example")])
            orders.unlink()
            partners.child_ids.unlink()
            partners.unlink()
            products = env["product.product"].search(
                [("default_code", "like", "RACE-")]
            )
            templates = products.product_tmpl_id
            bindings.unlink()
            env["connector.error"].search(domain).unlink()
            env["connector.sync.state"].search(domain).unlink()
            env["queue.job"].search(
                [("model_name", "=", "connector.kogan.backend")]
            ).unlink()
            products.unlink()
            templates.unlink()
            env["connector.kogan.backend"].browse(self.backend_id).unlink()
            env["product.pricelist"].browse(self.pricelist_id).unlink()

    def _race(self, *works):
        """Run each ``work(env)`` in its own thread and transaction, started
        together; returns their outcomes ("done" or "retry")."""
        ready = threading.Barrier(len(works))
        outcomes = []

        def worker(work):
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                ready.wait(patience(RACE))
                try:
                    work(env)
                    outcomes.append("done")
                except RetryableJobError:
                    outcomes.append("retry")
                    cr.rollback()
                except psycopg2.OperationalError as error:  # queue_job retries these
                    outcomes.append(f"retry ({error.pgcode})")
                    cr.rollback()

        threads = [threading.Thread(target=worker, args=(work,)) for work in works]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(patience(RACE))
        return outcomes

    def _backend(self, env):
        return env["connector.kogan.backend"].browse(self.backend_id)

    def _counts(self, sku):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            bindings = env["connector.binding"].search_count(
                [
                    ("backend_id", "=", self.backend_id),
                    ("backend_model", "=", "connector.kogan.backend"),
                    ("external_id", "=", sku),
                ]
            )
            products = env["product.product"].search_count([("default_code", "=", sku)])
        listings = [p for p in self.sim.state()["products"] if p["product_sku"] == sku]
        return bindings, products, len(listings)

    def test_two_workers_import_the_same_listing(self):
        self.sim.seed_products([self.sim.make_listing("RACE-1", product_title="Raced")])

        def import_it(env):
            self._backend(env).import_record("product.product", "RACE-1")

        outcomes = self._race(import_it, import_it)
        self.assertIn("done", outcomes)
        self.assertEqual(self._counts("RACE-1"), (1, 1, 1))

    def _orders(self, *specs):
        """Orders ``(id, buyer)`` of the listing RACE-9, imported first."""
        sim = self.sim
        sim.seed_products([sim.make_listing("RACE-9", product_title="Ordered")])
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self._backend(env).import_record("product.product", "RACE-9")
        sim.seed_orders(
            [
                sim.make_order(
                    order_id,
                    items=(("RACE-9", 1, "20.00"),),
                    address={"EmailAddress": f"{buyer}@race.example"},
                )
                for order_id, buyer in specs
            ]
        )

    def _order_counts(self, buyer):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            bindings = env["connector.binding"].search(
                [
                    ("backend_id", "=", self.backend_id),
                    ("backend_model", "=", "connector.kogan.backend"),
                    ("res_model", "=", "sale.order"),
                ]
            )
            orders = env["sale.order"].search([("origin", "like", "Kogan RACE-")])
            buyers = env["res.partner"].search_count(
                [("email", "=", f"{buyer}@race.example"), ("parent_id", "=", False)]
            )
            return len(bindings), len(orders), buyers

    def test_two_workers_import_the_same_order(self):
        self._orders(("RACE-O1", "alex"))

        def import_it(env):
            self._backend(env).import_record("sale.order", "RACE-O1")

        outcomes = self._race(import_it, import_it)
        self.assertIn("done", outcomes)
        self.assertEqual(self._order_counts("alex"), (1, 1, 1))

    def test_two_orders_of_one_buyer_at_once(self):
        """The second import's snapshot was taken before the first one
        committed the new buyer: it must not make the buyer again."""
        self._orders(("RACE-O2", "sam"), ("RACE-O3", "sam"))
        first_done = threading.Event()

        def first(env):
            self._backend(env).import_record("sale.order", "RACE-O2")
            env.cr.commit()
            first_done.set()

        def second(env):
            env["res.partner"].search_count([])  # the transaction's snapshot
            first_done.wait(patience(RACE))
            self._backend(env).import_record("sale.order", "RACE-O3")

        outcomes = self._race(first, second)
        self.assertEqual(outcomes[0], "done")
        if "retry" in outcomes:  # as queue_job would, a new transaction
            outcomes = self._race(second)
            self.assertEqual(outcomes, ["done"])
        self.assertEqual(self._order_counts("sam"), (2, 2, 1))

    def test_two_workers_export_the_same_product(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            product_id = (
                env["product.product"]
                .create(
                    {
                        "name": "Race export",
                        "default_code": "RACE-2",
                        "kogan_listed": True,
                    }
                )
                .id
            )

        def export_it(env):
            self._backend(env).export_record(env["product.product"].browse(product_id))

        outcomes = self._race(export_it, export_it)
        self.assertIn("done", outcomes)
        creates = [
            task
            for task in self.sim.state()["tasks"]
            if task["operation"] == "create" and task["result"]
        ]
        self.assertEqual(len(creates), 1)  # not even tried twice
        self.assertEqual(creates[0]["items"], 1)
        self.assertFalse(creates[0]["result"]["body"]["errors"])  # listed once
        self.assertEqual(self._counts("RACE-2"), (1, 1, 1))

    def test_an_import_and_an_export_of_one_product_race(self):
        self.sim.seed_products(
            [self.sim.make_listing("RACE-3", product_title="Kogan title")]
        )
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self._backend(env).import_record("product.product", "RACE-3")
        # both sides change it, then both jobs run at once
        self.sim.seed_products(
            [self.sim.make_listing("RACE-3", product_title="New on Kogan")]
        )
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            product = env["product.product"].search([("default_code", "=", "RACE-3")])
            product.name = "New in Odoo"
            product_id = product.id

        def import_it(env):
            self._backend(env).import_record("product.product", "RACE-3")

        def export_it(env):
            self._backend(env).export_record(env["product.product"].browse(product_id))

        outcomes = self._race(import_it, export_it)
        self.assertIn("done", outcomes)
        self.assertEqual(self._counts("RACE-3"), (1, 1, 1))
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            conflicts = env["connector.error"].search_count(
                [("backend_id", "=", self.backend_id), ("kind", "=", "conflict")]
            )
        self.assertGreaterEqual(conflicts, 1)  # seen and logged, not silent
