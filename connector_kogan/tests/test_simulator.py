"""Fast tests of the Kogan API simulator, over real HTTP (no Odoo needed).

Run: scripts/test.sh connector_kogan/tests/test_simulator.py
"""

import json
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
import requests

from odoo.addons.connector_base.tests.patience import REQUEST, patience

from .simulator import ADDRESS_KEYS, KoganSimulator

AUTH = {"SellerID": "demo-seller", "SellerToken": "demo-token"}


@pytest.fixture
def sim():
    with KoganSimulator() as simulator:
        yield simulator


@pytest.fixture
def api(sim):
    """A client session, authenticated, with relative paths and a timeout."""
    return Client(sim.base_url)


OPEN = "ReleasedForShipment"


class Client:
    def __init__(self, base_url):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.headers.update(AUTH)

    def request(self, method, path, **kwargs):
        url = path if path.startswith("http") else self.base_url + path
        return self.session.request(method, url, timeout=patience(REQUEST), **kwargs)

    def get(self, path, **params):
        return self.request("GET", path, params=params)

    def send(self, method, path, payload):
        return self.request(method, path, json=payload)

    def submit(self, method, path, payload):
        """Sends an async batch and polls it to the end; returns (result, polls)."""
        reply = self.send(method, path, payload)
        assert reply.status_code == 200, reply.text
        assert reply.json()["status"] == "AsyncResponsePending"
        url = reply.json()["pending_url"]
        for polls in range(1, 20):
            result = self.get(url).json()
            if result["status"] != "AsyncResponsePending":
                return result, polls
        raise AssertionError("task never completed")

    def all_products(self, **params):
        """Follows `next` to the end; returns (products, pages)."""
        url, products, pages = "products/", [], 0
        while url:
            body = self.request("GET", url, params=params if pages == 0 else None)
            body = body.json()["body"]
            products += body["results"]
            url, pages = body["next"], pages + 1
        return products, pages


def product(sku, **fields):
    """A valid create: Kogan's required fields."""
    return {
        "product_sku": sku,
        "product_title": f"Title {sku}",
        "product_description": "<p>Text</p>",
        "category": "kogan:101",
        "stock": 0,
        "offer_data": {"AUD": {"price": "10", "handling_days": 2}},
        **fields,
    }


def errors_of(result):
    return {e["product_sku"]: e["errors"] for e in result["body"]["errors"]}


def skus(products):
    return [p["product_sku"] for p in products]


# --- products: listing -------------------------------------------------------


def test_pagination_returns_every_product_once_in_insertion_order(sim, api):
    sim.seed_products(sim.make_products(1234))
    products, pages = api.all_products(detail="true", size=500)
    assert pages == 3
    assert skus(products) == [f"SKU-{i:05d}" for i in range(1, 1235)]
    assert products[0]["offer_data"]["AUD"] == {
        "price": "11.95",
        "kogan_first_price": None,
        "tax_exempt": False,
        "shipping": "0",
        "handling_days": 2,
        "rrp": "14.34",
    }


PRODUCT_FIELDS = {
    "product_title", "product_sku", "product_subtitle", "product_description",
    "product_inbox", "product_gtin", "product_dimensions", "product_location",
    "product_condition", "product_multipack", "images", "brand", "category",
    "category_slug", "offer_data", "stock", "facets", "variant", "enabled",
    "created", "store_urls", "tags",
}  # fmt: skip


def test_detail_has_every_published_field_and_no_modification_time(sim, api):
    sim.seed_products(sim.make_products(1))
    (item,) = api.get("products/", detail="true").json()["body"]["results"]
    assert set(item) == PRODUCT_FIELDS
    # Kogan's created: no time zone, six-digit microseconds
    datetime.strptime(item["created"], "%Y-%m-%dT%H:%M:%S.%f")
    assert item["category_slug"] == "laptops"
    assert [u["store_name"] for u in item["store_urls"]] == [
        "Kogan Australia",
        "Kogan New Zealand",
    ]


def test_last_page_has_no_next_and_cursor_is_opaque(sim, api):
    sim.seed_products(sim.make_products(150))
    first = api.get("products/").json()
    assert first["status"] == "Complete"
    assert len(first["body"]["results"]) == 100  # default size
    cursor = first["body"]["next"].split("cursor=")[1]
    assert "100" not in cursor
    last = api.request("GET", first["body"]["next"]).json()["body"]
    assert len(last["results"]) == 50
    assert last["next"] is None


def test_size_is_clamped_to_500_and_must_be_positive(sim, api):
    sim.seed_products(sim.make_products(600))
    assert len(api.get("products/", size=5000).json()["body"]["results"]) == 500
    assert api.get("products/", size=0).status_code == 400
    assert api.get("products/", cursor="not-a-cursor").status_code == 400


def test_summary_without_detail(sim, api):
    sim.seed_products(sim.make_products(1))
    (item,) = api.get("products/").json()["body"]["results"]
    assert set(item) == {
        "product_title", "product_sku", "product_subtitle", "product_gtin",
        "images", "brand", "category", "offer_data", "stock", "enabled",
        "created", "store_urls",
    }  # fmt: skip


def test_sku_filter_keeps_insertion_order(sim, api):
    sim.seed_products(sim.make_products(10))
    body = api.get("products/", sku="SKU-00007,SKU-00002,NOPE").json()["body"]
    assert skus(body["results"]) == ["SKU-00002", "SKU-00007"]
    assert body["next"] is None


def test_ten_thousand_products_in_pages_of_500(sim, api):
    """(How fast: the benchmarks measure it, scripts/benchmark.sh.)"""
    sim.seed_products(sim.make_products(10_000))
    products, pages = api.all_products(detail="true", size=500)
    assert pages == 20 and len(set(skus(products))) == 10_000


def test_replies_are_not_delayed_by_nagle(sim, api):
    """Headers and body are two writes: with Nagle's algorithm on, each small
    reply would wait for the client's delayed ACK (about 40 ms)."""
    assert api.get("orders/", status=OPEN).status_code == 200
    assert sim._server.RequestHandlerClass.disable_nagle_algorithm


# --- auth --------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [{}, {"SellerID": "demo-seller", "SellerToken": "wrong"}],
    ids=["missing", "wrong"],
)
def test_bad_credentials_are_refused(sim, headers):
    reply = requests.get(
        sim.base_url + "products/", headers=headers, timeout=patience(REQUEST)
    )
    assert reply.status_code == 401
    assert reply.json()["status"] == "Failed" and reply.json()["error"]


def test_unknown_endpoint_and_method(api):
    assert api.get("nothing/").status_code == 404
    assert api.send("DELETE", "products/", []).status_code == 405


# --- products: async writes --------------------------------------------------


def test_create_is_applied_on_completion_with_per_sku_errors(sim, api):
    batch = [
        product(
            "NEW-1", stock=3, offer_data={"AUD": {"price": 19.9, "handling_days": 1}}
        ),
        product("bad sku!"),
        product("NEW-2", images=[f"https://x/{i}.jpg" for i in range(9)]),
        {"product_sku": "NEW-3", "product_title": "No description"},
        product("NEW-4", product_title="x" * 231),
        product("NEW-5", offer_data={"AUD": {"price": "5"}}),
        product("NEW-6", variant={"group_title": "Boot", "group_id": "B1"}),
    ]
    reply = api.send("POST", "products/", batch).json()
    assert reply == {
        "status": "AsyncResponsePending",
        "pending_url": reply["pending_url"],
        "error": None,
        "body": None,
    }
    assert reply["pending_url"] == sim.base_url + "task/task-1/"
    assert sim.state()["products"] == []  # nothing before completion
    assert api.get(reply["pending_url"]).json() == reply
    assert sim.state()["products"] == []
    result = api.get(reply["pending_url"]).json()
    assert result["status"] == "CompleteWithErrors"
    errors = errors_of(result)
    assert set(errors) == {"bad sku!", "NEW-2", "NEW-3", "NEW-4", "NEW-5", "NEW-6"}
    assert "8 images" in errors["NEW-2"]["images"][0]
    assert errors["NEW-3"] == {
        "product_description": ["product_description is required"]
    }
    assert "handling_days" in errors["NEW-5"]["offer_data"][0]
    assert "vary_on" in errors["NEW-6"]["variant"][0]
    (created,) = sim.state()["products"]
    assert created["offer_data"]["AUD"]["price"] == "19.90"
    assert created["stock"] == 3 and created["enabled"] is True
    assert api.get(reply["pending_url"]).json() == result  # stays answered


def test_create_of_existing_skus_only_fails(sim, api):
    sim.seed_products([product("A"), product("B")])
    result, _ = api.submit("POST", "products/", [product("A"), product("B")])
    assert result["status"] == "Failed"
    assert [e["product_sku"] for e in result["body"]["errors"]] == ["A", "B"]


def test_batch_over_500_items_is_refused(api):
    batch = [product(f"S{i}") for i in range(501)]
    reply = api.send("POST", "products/", batch)
    assert reply.status_code == 400 and reply.json()["status"] == "Failed"
    assert api.send("POST", "products/", {"not": "a list"}).status_code == 400


def test_pending_polls_is_configurable():
    with (
        KoganSimulator(pending_polls=3) as slow,
        KoganSimulator(pending_polls=0) as fast,
    ):
        assert Client(slow.base_url).submit("POST", "products/", [product("A")])[1] == 4
        assert Client(fast.base_url).submit("POST", "products/", [product("A")])[1] == 1


def test_read_latency_delays_every_get(sim, api):
    """A lower bound only: a loaded machine answers later, never sooner."""
    sim.seed_products([product("A")])
    control = sim.base_url.split("/api/")[0] + "/_sim/latency"
    reply = api.request("POST", control, json={"read": 0.2})
    assert reply.json()["body"] == {"read": 0.2, "task": 0.0}
    for path in ("products/", "orders/?status=" + OPEN):
        started = time.monotonic()
        assert api.get(path).status_code == 200
        assert time.monotonic() - started >= 0.2


def test_task_latency_holds_the_task_until_it_passed(sim, api):
    """Polls before the latency has passed find the task pending and nothing
    applied; once it has passed (set to 0 here: no clock), the next poll
    completes it."""
    sim.set_latency(task=600)
    reply = api.send("POST", "products/", [product("A")])
    url = reply.json()["pending_url"]
    for _poll in range(3):
        assert api.get(url).json()["status"] == "AsyncResponsePending"
    assert sim.state()["products"] == []
    sim.set_latency(task=0)
    assert api.get(url).json()["status"] == "Complete"
    assert [p["product_sku"] for p in sim.state()["products"]] == ["A"]


def test_latency_out_of_range_is_refused(sim):
    with pytest.raises(ValueError, match="latency"):
        sim.set_latency(read=-1)
    control = sim.base_url.split("/api/")[0] + "/_sim/latency"
    assert requests.post(control, json={"task": 10**6}, timeout=5).status_code == 400


def test_patch_updates_existing_and_reports_unknown(sim, api):
    sim.seed_products(
        [product("A", offer_data={"AUD": {"price": "10", "handling_days": 2}})]
    )
    result, _ = api.submit(
        "PATCH",
        "products/",
        [
            {
                "product_sku": "A",
                "product_title": "New title",
                "offer_data": {
                    "AUD": {"price": "12.5"},
                    "NZD": {"price": "13", "handling_days": 5},
                },
                "colour": "red",
            },
            {"product_sku": "GHOST", "stock": 1},
        ],
    )
    assert result["status"] == "CompleteWithErrors"
    assert list(errors_of(result)) == ["GHOST"]
    assert result["body"]["warnings"] == [
        {"product_sku": "A", "warnings": {"colour": ["not accepted here and ignored"]}}
    ]
    after = sim.state()["products"][0]
    assert after["product_title"] == "New title"
    assert after["offer_data"]["AUD"]["price"] == "12.50"
    assert after["offer_data"]["AUD"]["handling_days"] == 2
    assert after["offer_data"]["NZD"]["handling_days"] == 5


def test_patch_of_a_new_currency_needs_its_handling_days(sim, api):
    sim.seed_products([product("A")])
    bad = {"NZD": {"price": "13"}}
    result, _ = api.submit(
        "PATCH", "products/", [{"product_sku": "A", "offer_data": bad}]
    )
    assert "handling_days" in errors_of(result)["A"]["offer_data"][0]
    offer = {"NZD": {"price": "13", "handling_days": 4, "rrp": 20}}
    result, _ = api.submit(
        "PATCH", "products/", [{"product_sku": "A", "offer_data": offer}]
    )
    assert result["status"] == "Complete"
    nzd = sim.state()["products"][0]["offer_data"]["NZD"]
    assert (nzd["price"], nzd["rrp"], nzd["shipping"]) == ("13.00", "20.00", "0")
    assert [u["store_name"] for u in sim.state()["products"][0]["store_urls"]] == [
        "Kogan Australia",
        "Kogan New Zealand",
    ]


def test_stockprice(sim, api):
    sim.seed_products(sim.make_products(2))
    result, _ = api.submit(
        "POST",
        "products/stockprice/",
        [
            {"product_sku": "SKU-00001", "stock": 42},
            {"product_sku": "SKU-00002", "offer_data": {"AUD": {"price": "5"}}},
            {"product_sku": "NOPE", "stock": 1},
            {"product_sku": "SKU-00001", "stock": -1},
        ],
    )
    assert result["status"] == "CompleteWithErrors"
    assert [e["product_sku"] for e in result["body"]["errors"]] == ["NOPE", "SKU-00001"]
    first, second = sim.state()["products"]
    assert first["stock"] == 42
    assert second["offer_data"]["AUD"]["price"] == "5.00"
    assert second["offer_data"]["AUD"]["handling_days"] == 3


def test_status(sim, api):
    sim.seed_products(sim.make_products(2))
    result, _ = api.submit(
        "POST",
        "products/status/",
        [{"product_sku": "SKU-00002", "enabled": False}, {"product_sku": "SKU-00001"}],
    )
    assert result["status"] == "CompleteWithErrors"
    assert errors_of(result) == {"SKU-00001": {"enabled": ["enabled is required"]}}
    assert [p["enabled"] for p in sim.state()["products"]] == [True, False]
    # one object ([PM]) as well as an array ([JS])
    one, _ = api.submit(
        "POST", "products/status/", {"product_sku": "SKU-00002", "enabled": True}
    )
    assert one["status"] == "Complete"
    assert [p["enabled"] for p in sim.state()["products"]] == [True, True]


def test_status_api_not_granted_is_403():
    with KoganSimulator(status_api=False) as sim:
        reply = Client(sim.base_url).send("POST", "products/status/", [])
        assert reply.status_code == 403 and reply.json()["detail"]


def test_categories_per_store(api):
    body = api.get("category/", store_code="nz").json()["body"]
    assert body["count"] == len(body["results"]) and body["next"] is None
    first = body["results"][0]
    assert set(first) == {
        "id", "title", "slug", "display", "departments", "url", "parent_company"
    }  # fmt: skip
    assert "/nz/" in first["url"]
    assert api.get("category/", store_code="uk").status_code == 400


# --- orders ------------------------------------------------------------------


@pytest.fixture
def orders(sim):
    """Three orders: two to ship (January, March) and one shipped (February)."""
    sim.seed_products(sim.make_products(3))
    made = [
        sim.make_order(
            "1",
            [("SKU-00001", 2, "10"), ("SKU-00002", 1, "5.5")],
            order_date="2024-01-10T08:00:00Z",
            shipping="4.5",
        ),
        sim.make_order("2", order_date="2024-02-10T08:00:00Z", status="Shipped"),
        sim.make_order("3", currency="NZD", order_date="2024-03-10T08:00:00Z"),
    ]
    sim.seed_orders(made)
    return made


def test_make_order_money_and_addresses(orders):
    order = orders[0]
    assert order["Items"][0] == {
        "ID": "1-1",
        "SellerSku": "SKU-00001",
        "Quantity": 2,
        "UnitPrice": 10.0,
        "ProductTitle": "Sample product 1",
        "Reason": None,
    }
    assert order["TotalPrice"] == 30.0  # JSON numbers, shipping included
    assert order["TotalShippingPrice"] == 4.5
    assert order["TotalTaxPrice"] == 2.32  # GST is 1/11 of the items' price
    assert order["TotalShippingTaxPrice"] == 0.41
    assert order["ShippingAddress"]["PostalCode"] == "3000"
    assert set(order["BuyerAddress"]) == set(ADDRESS_KEYS)
    assert order["DispatchedItems"] == order["CancelledItems"] == []


def test_order_has_every_published_field(sim):
    order = sim.make_order("9")
    assert set(order) == {
        "ID", "OrderLabel", "Currency", "OrderDateUtc", "DeliverByDateUtc",
        "OrderStatus", "RequestedShippingMethod", "TotalPrice", "TotalTaxPrice",
        "TotalShippingPrice", "TotalShippingTaxPrice", "TotalGiftOptionPrice",
        "TotalGiftOptionTaxPrice", "TotalOrderDiscount", "TotalShippingDiscount",
        "OtherFees", "VatInclusive", "PaymentMethod", "PaymentTransactionID",
        "PrivateNotes", "SpecialInstructions", "ShippingLabelURL", "BuyerAddress",
        "ShippingAddress", "Items", "DispatchedItems", "CancelledItems",
    }  # fmt: skip
    with pytest.raises(ValueError):
        sim.make_order("10", LastModified="2024-01-01")


def test_order_money_with_discounts_fees_and_without_vat(sim):
    order = sim.make_order(
        "1", [("A", 1, "100")], shipping="10", discount="20", shipping_discount="5",
        gift="5", fees="2",
    )  # fmt: skip
    assert order["TotalPrice"] == 100 + 10 - 20 - 5 + 5 + 2
    net = sim.make_order("2", [("A", 1, "100")], vat_inclusive=False)
    assert (net["TotalPrice"], net["TotalTaxPrice"]) == (110.0, 10.0)


def test_list_orders_filters_status_dates_and_limit(api, orders):
    def ids(**params):
        reply = api.get("orders/", **params).json()
        assert reply["status"] == "Complete"
        return [order["ID"] for order in reply["body"]]

    assert ids(status=OPEN) == ["1", "3"]
    assert ids(status=OPEN, startDateUTC="2024-02-01T00:00:00Z") == ["3"]
    assert ids(status=OPEN, endDateUTC="2024-01-10T08:00:00Z") == ["1"]
    assert ids(status=OPEN, limit=1) == ["1"]
    # shipped orders: 15 days at most, the last 15 without dates
    assert ids(status="Shipped") == []
    assert ids(
        status="Shipped",
        startDateUTC="2024-02-01T00:00:00Z",
        endDateUTC="2024-02-15T00:00:00Z",
    ) == ["2"]
    too_long = {
        "startDateUTC": "2024-01-01T00:00:00Z",
        "endDateUTC": "2024-03-01T00:00:00Z",
    }
    assert api.get("orders/", status="Shipped", **too_long).status_code == 400
    assert api.get("orders/").status_code == 400  # status is required
    assert api.get("orders/", status="Open").status_code == 400
    assert api.get("orders/", status=OPEN, limit=0).status_code == 400
    assert api.get("orders/", status=OPEN, startDateUTC="yesterday").status_code == 400


def test_get_order(api, orders):
    reply = api.get("orders/3/").json()
    assert reply["body"]["Currency"] == "NZD"
    assert set(reply) == {"status", "pending_url", "error", "body"}
    reply = api.get("orders/404/")
    assert reply.status_code == 404 and reply.json()["status"] == "Failed"


def test_ids_with_reserved_characters_are_one_path_segment(sim, api):
    sim.seed_orders([sim.make_order("A/1")])
    assert api.get("orders/A%2F1/").json()["body"]["ID"] == "A/1"


def line(item_id, quantity, **extra):
    return {
        "OrderItemID": item_id,
        "SellerSku": f"SKU-0000{item_id[-1]}",
        "Quantity": quantity,
        "ShippedDateUtc": "2024-01-11T00:00:00Z",
        "TrackingNumber": "TN1",
        "ShippingCarrier": "AUP",
        **extra,
    }


def test_fulfill_partially_then_fully(sim, api, orders):
    reply = api.send(
        "POST", "orders/fulfill/", [{"ID": "1", "Items": [line("1-1", 1)]}]
    )
    assert reply.json() == {
        "status": "Complete",
        "pending_url": None,
        "error": None,
        "body": [{"ID": "1", "Result": "Success", "Errors": []}],
    }
    assert api.get("orders/1/").json()["body"]["OrderStatus"] == "PartiallyShipped"
    items = [line("1-1", 1), line("1-2", 1)]
    reply = api.send("POST", "orders/fulfill/", [{"ID": "1", "Items": items}])
    assert reply.json()["status"] == "Complete"
    order = api.get("orders/1/").json()["body"]
    assert order["OrderStatus"] == "Shipped"
    assert [
        (d["ID"], d["Quantity"], d["Carrier"]) for d in order["DispatchedItems"]
    ] == [
        ("1-1", 1, "AUP"),
        ("1-1", 1, "AUP"),
        ("1-2", 1, "AUP"),
    ]
    assert sim.state()["fulfilments"][0]["TrackingNumber"] == "TN1"


def test_fulfill_errors_are_per_order(sim, api, orders):
    sim.cancel_on_kogan("3")
    batch = [
        {"ID": "1", "Items": [line("1-1", 3)]},  # only 2 ordered
        {"ID": "1", "Items": [line("9-9", 1)]},
        {"ID": "1", "Items": [line("1-2", 1, SellerSku="OTHER")]},
        {"ID": "3", "Items": [line("3-1", 1)]},  # cancelled
        {"ID": "404", "Items": [line("1", 1)]},
        {"ID": "1", "Items": [line("1-2", 1, ShippingCarrier="Pigeon Express")]},
        {"ID": "1", "Items": [line("1-2", 1, TrackingNumber="")]},
        {"ID": "1", "Items": [line("1-2", 1)]},
    ]
    body = api.send("POST", "orders/fulfill/", batch).json()
    assert body["status"] == "CompleteWithErrors"
    assert [r["Result"] for r in body["body"]] == ["Fail"] * 7 + ["Success"]
    assert all(r["Errors"] for r in body["body"][:7])
    assert body["body"][5]["Errors"][0]["Message"].startswith("Invalid carrier code")
    failed = api.send("POST", "orders/fulfill/", batch[:1]).json()
    assert failed["status"] == "Failed"
    assert len(sim.state()["fulfilments"]) == 1


def cancel_body(order_id, *items, reason="ItemNotAvailable"):
    return {
        "OrderID": order_id,
        "Items": [
            {"ID": item_id, "SellerSku": sku, "Quantity": quantity, "Reason": reason}
            for item_id, sku, quantity in items
        ],
    }


def test_cancel(sim, api, orders):
    whole = cancel_body("3", ("3-1", "SKU-00001", 1))
    assert api.send("POST", "orders/3/cancel/", None).status_code == 400  # no body
    reply = api.send("POST", "orders/3/cancel/", whole).json()
    assert reply["status"] == "Complete"
    order = api.get("orders/3/").json()["body"]
    assert order["OrderStatus"] == "Canceled"
    assert order["CancelledItems"][0]["Reason"] == "ItemNotAvailable"
    bad_reason = cancel_body("1", ("1-2", "SKU-00002", 1), reason="Bored")
    assert api.send("POST", "orders/1/cancel/", bad_reason).status_code == 400
    partial = cancel_body("1", ("1-1", "SKU-00001", 1))  # 2 ordered
    assert api.send("POST", "orders/1/cancel/", partial).status_code == 400
    # only orders awaiting shipment
    shipped = cancel_body("2", ("2-1", "SKU-00001", 1))
    assert api.send("POST", "orders/2/cancel/", shipped).status_code == 400
    api.send("POST", "orders/fulfill/", [{"ID": "1", "Items": [line("1-2", 1)]}])
    one = cancel_body("1", ("1-1", "SKU-00001", 2))
    assert api.send("POST", "orders/1/cancel/", one).status_code == 400
    assert api.send("POST", "orders/404/cancel/", whole).status_code == 404


def test_refund_of_shipped_items(sim, api, orders):
    body = cancel_body("1", ("1-2", "SKU-00002", 1), reason="Faulty Item")
    assert api.send("POST", "orders/1/refund/", body).status_code == 400  # not shipped
    api.send("POST", "orders/fulfill/", [{"ID": "1", "Items": [line("1-2", 1)]}])
    wrong = cancel_body("1", ("1-2", "SKU-00002", 1), reason="ItemNotAvailable")
    assert api.send("POST", "orders/1/refund/", wrong).status_code == 400
    assert api.send("POST", "orders/1/refund/", body).json()["status"] == "Complete"
    assert sim.state()["refunds"] == [{"OrderID": "1", "Items": body["Items"]}]


def test_kogan_cancels_items_by_itself(sim, api, orders):
    sim.cancel_on_kogan("1", ["1-2"])
    order = api.get("orders/1/").json()["body"]
    assert order["OrderStatus"] == "ReleasedForShipment"
    assert [(i["ID"], i["Reason"]) for i in order["CancelledItems"]] == [
        ("1-2", "BuyerCanceled")
    ]
    control = sim.base_url.split("/api")[0] + "/_sim/cancel"
    assert requests.post(control, json={"order_id": "1"}, timeout=patience(REQUEST)).ok
    assert api.get("orders/1/").json()["body"]["OrderStatus"] == "Canceled"


# --- faults ------------------------------------------------------------------


def test_http_status_fault_with_retry_after(sim, api):
    sim.add_fault("GET products/", "http_status", status=429, retry_after=7)
    sim.add_fault("GET products/", "http_status", times=2)
    first = api.get("products/")
    assert first.status_code == 429 and first.headers["Retry-After"] == "7"
    assert [api.get("products/").status_code for _ in range(3)] == [503, 503, 200]


def test_fault_matches_method_and_path_prefix(sim, api):
    sim.add_fault("POST products/", "http_status", status=500)
    assert api.get("products/").status_code == 200
    assert api.get("orders/", status=OPEN).status_code == 200
    assert api.send("POST", "products/stockprice/", []).status_code == 500
    assert sim.state()["faults"] == []


def test_reset_fault_closes_the_connection(sim, api):
    sim.add_fault("GET orders/", "reset")
    with pytest.raises(requests.ConnectionError):
        api.get("orders/", status=OPEN)
    assert api.get("orders/", status=OPEN).status_code == 200
    assert [call["status"] for call in sim.calls] == [None, 200]


def test_slow_fault(sim, api):
    sim.add_fault("GET orders/", "slow", seconds=0.3)
    started = time.perf_counter()
    assert api.get("orders/", status=OPEN).status_code == 200
    assert time.perf_counter() - started >= 0.3


def test_malformed_json_fault(sim, api):
    sim.seed_products(sim.make_products(3))
    sim.add_fault("GET products/", "malformed_json")
    reply = api.get("products/")
    assert reply.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(reply.text)


def test_cut_page_fault(sim, api):
    sim.seed_products(sim.make_products(30))
    sim.add_fault("GET products/", "cut_page")
    body = api.get("products/", size=10).json()["body"]
    assert len(body["results"]) == 5 and body["next"] is None


def test_repeat_cursor_fault(sim, api):
    sim.seed_products(sim.make_products(30))
    first = api.get("products/", size=10).json()["body"]
    sim.add_fault("GET products/", "repeat_cursor")
    second = api.request("GET", first["next"]).json()["body"]
    assert second["next"] == first["next"]
    again = api.request("GET", second["next"]).json()["body"]
    assert again["results"] == second["results"]
    assert again["next"] != second["next"]


def test_duplicate_records_fault(sim, api):
    sim.seed_products(sim.make_products(30))
    sim.add_fault("GET products/", "duplicate_records")
    results = api.get("products/", size=10).json()["body"]["results"]
    assert len(results) == 11 and len(set(skus(results))) == 10


def test_never_complete_fault(sim, api):
    sim.add_fault("POST products/", "never_complete")
    pending_url = api.send("POST", "products/", [product("A")]).json()["pending_url"]
    for _ in range(5):
        assert api.get(pending_url).json()["status"] == "AsyncResponsePending"
    assert sim.state()["products"] == []
    assert api.submit("POST", "products/", [product("B")])[0]["status"] == "Complete"


def test_bad_faults_are_refused(sim):
    with pytest.raises(ValueError):
        sim.add_fault("GET products/", "explode")
    with pytest.raises(ValueError):
        sim.add_fault("", "reset")
    reply = requests.post(sim.base_url.split("/api")[0] + "/_sim/faults", json=[{}])
    assert reply.status_code == 400


# --- call log and control endpoints ------------------------------------------


def test_call_log(sim, api):
    api.get("products/", size=5)
    api.send("POST", "products/", [product("A"), product("B")])
    requests.get(sim.base_url + "orders/", timeout=patience(REQUEST))
    assert sim.calls == [
        {
            "method": "GET",
            "path": "products/",
            "query": {"size": "5"},
            "items": 0,
            "status": 200,
        },
        {"method": "POST", "path": "products/", "query": {}, "items": 2, "status": 200},
        {"method": "GET", "path": "orders/", "query": {}, "items": 0, "status": 401},
    ]
    control = sim.base_url.split("/api")[0] + "/_sim/calls"
    assert len(requests.get(control, timeout=patience(REQUEST)).json()["body"]) == 3
    assert requests.delete(control, timeout=patience(REQUEST)).status_code == 200
    assert sim.calls == []


def test_control_endpoints(sim, api):
    root = sim.base_url.split("/api")[0] + "/_sim/"
    assert requests.post(
        root + "products", json=sim.make_products(2), timeout=patience(REQUEST)
    ).ok
    assert requests.post(
        root + "orders", json=[sim.make_order("7")], timeout=patience(REQUEST)
    ).ok
    fault = {"match": "GET orders/", "kind": "http_status", "status": 502}
    assert requests.post(root + "faults", json=[fault], timeout=patience(REQUEST)).ok
    state = requests.get(root + "state", timeout=patience(REQUEST)).json()["body"]
    assert len(state["products"]) == 2 and state["orders"][0]["ID"] == "7"
    assert state["faults"][0]["times"] == 1
    assert api.get("orders/", status=OPEN).status_code == 502
    bad = requests.post(
        root + "products", json=[{"product_sku": "X"}], timeout=patience(REQUEST)
    )
    assert bad.status_code == 400
    assert requests.post(root + "reset", timeout=patience(REQUEST)).ok
    assert sim.state() == {
        "products": [],
        "orders": [],
        "fulfilments": [],
        "refunds": [],
        "tasks": [],
        "faults": [],
    }
    assert requests.get(root + "nothing", timeout=patience(REQUEST)).status_code == 404


def test_stop_drops_kept_alive_connections():
    simulator = KoganSimulator().start()
    client = Client(simulator.base_url)
    assert client.get("orders/", status=OPEN).status_code == 200
    simulator.stop()
    with pytest.raises(requests.ConnectionError):
        client.get("orders/", status=OPEN)


def test_standalone_command_line():
    base = Path(__file__).parents[2] / "connector_base/tests/http_simulator.py"
    process = subprocess.Popen(
        [
            sys.executable,
            str(base),
            "odoo.addons.connector_kogan.tests.simulator",
            "--port",
            "0",
            "--seed-products",
            "5",
            "--seed-orders",
            "3",
            "--latency",
            "0.1",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        base_url = process.stdout.readline().split()[-1]
        client = Client(base_url)
        started = time.monotonic()
        assert len(client.get("products/").json()["body"]["results"]) == 5
        assert time.monotonic() - started >= 0.1  # --latency
        orders = client.get("orders/", status=OPEN).json()["body"]
        dates = [datetime.fromisoformat(o["OrderDateUtc"][:-1]) for o in orders]
        assert len(orders) == 3 and dates == sorted(dates)
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        assert (now - dates[-1]).total_seconds() < patience(REQUEST)
    finally:
        process.terminate()
        try:
            process.wait(patience(REQUEST))
        finally:
            process.kill()
            process.wait()


# --- a buyer's purchase and Kogan's ledger (the soak run's books) -------------


@pytest.fixture
def shop(sim):
    """Two listings: SKU-00001 (7 in stock), SKU-00002 (14), both enabled."""
    sim.seed_products(sim.make_products(2))
    return sim


def _stock(sim, sku):
    return next(p["stock"] for p in sim.state()["products"] if p["product_sku"] == sku)


def test_a_purchase_lowers_kogan_stock_and_is_in_the_ledger(shop, api):
    order = shop.place_order([("SKU-00001", 3), ("SKU-00002", 1)])
    assert (_stock(shop, "SKU-00001"), _stock(shop, "SKU-00002")) == (4, 13)
    listed = api.get("orders/", status=OPEN).json()["body"]
    assert [o["ID"] for o in listed] == [order["ID"]]
    assert [(i["SellerSku"], i["Quantity"]) for i in listed[0]["Items"]] == [
        ("SKU-00001", 3),
        ("SKU-00002", 1),
    ]
    # at the listing's price
    price = shop.state()["products"][0]["offer_data"]["AUD"]["price"]
    assert listed[0]["Items"][0]["UnitPrice"] == float(price)
    shop.place_order([("SKU-00001", 4)])
    sales = shop.ledger()
    assert [(s["Seq"], s["Kind"]) for s in sales] == [(1, "sale"), (2, "sale")]
    assert [
        (i["SellerSku"], i["Quantity"], i["StockOffered"])
        for s in sales
        for i in s["Items"]
    ] == [("SKU-00001", 3, 7), ("SKU-00002", 1, 14), ("SKU-00001", 4, 4)]
    assert sales[0]["OrderID"] == order["ID"]
    assert sales[0]["At"] <= sales[1]["At"]
    # the ledger is the simulator's, not a field of Kogan's orders
    assert "StockOffered" not in json.dumps(listed)


def test_only_what_kogan_offers_is_sold(shop):
    with pytest.raises(ValueError, match="offers 7, 8 wanted"):
        shop.place_order([("SKU-00002", 1), ("SKU-00001", 8)])
    with pytest.raises(ValueError, match="not listed"):
        shop.place_order([("NOPE", 1)])
    with pytest.raises(ValueError, match="positive"):
        shop.place_order([("SKU-00001", 0)])
    with pytest.raises(ValueError, match="no GBP offer"):
        shop.place_order([("SKU-00001", 1)], currency="GBP")
    shop.seed_products([{**shop.make_products(1)[0], "enabled": False}])
    with pytest.raises(ValueError, match="disabled"):
        shop.place_order([("SKU-00001", 1)])
    # nothing was sold: stock, orders and ledger unchanged
    assert (_stock(shop, "SKU-00001"), _stock(shop, "SKU-00002")) == (7, 14)
    assert not shop.state()["orders"]
    assert not shop.ledger()


def test_kogan_side_cancellations_are_in_the_ledger(shop):
    order = shop.place_order([("SKU-00001", 2), ("SKU-00002", 1)])
    shop.cancel_on_kogan(order["ID"], [order["Items"][1]["ID"]])
    shop.cancel_on_kogan(order["ID"])  # the rest
    cancels = [e for e in shop.ledger() if e["Kind"] == "cancel"]
    assert [
        [(i["SellerSku"], i["Quantity"], i["Reason"]) for i in c["Items"]]
        for c in cancels
    ] == [[("SKU-00002", 1, "BuyerCanceled")], [("SKU-00001", 2, "BuyerCanceled")]]
    # no stock given back (the seller's push says what is sellable)
    assert _stock(shop, "SKU-00001") == 5


def test_place_ledger_and_clear_faults_over_http(shop):
    control = shop.base_url.split("/api")[0] + "/_sim/"
    reply = requests.post(
        control + "place",
        json={"items": [["SKU-00002", 2]], "currency": "NZD"},
        timeout=patience(REQUEST),
    )
    assert reply.status_code == 200, reply.text
    assert reply.json()["body"]["Currency"] == "NZD"
    refused = requests.post(
        control + "place",
        json={"items": [["SKU-00002", 99]]},
        timeout=patience(REQUEST),
    )
    assert refused.status_code == 400
    ledger = requests.get(control + "ledger", timeout=patience(REQUEST)).json()
    assert [e["Items"][0]["Quantity"] for e in ledger["body"]] == [2]
    shop.add_fault("GET orders", "http_status", times=2)
    cleared = requests.delete(control + "faults", timeout=patience(REQUEST)).json()
    assert cleared["body"] == 1
    assert not shop.state()["faults"]
