"""Local simulator of the Kogan.com Marketplace seller API v2.

The Kogan connector's tests, its demo and its benchmark need a stand-in for
``https://nimda.kogan.com/api/marketplace/v2/`` that works offline, is fast
with 10,000 products and can misbehave on demand.  One lock guards the whole
state.

It speaks the shapes of the research notes ``/work/notes/kogan_api.md``,
whose sources are: [V] github:Ventmere/kogan (Rust client, typed serde
structs, HEAD 84c91e5 and [V-old] 6040d11), [D-*] developers.kogan.com
(api-get-orders, api-fulfill-order, api-cancel-order, api-refund-order,
asynchronous-task-results, variants, facets-specifications, categorisation),
[L] lib-kogan (PHP, generated from Kogan's OpenAPI), [EY] ey-commerce-lib
1.0.42 (pydantic), [PM] tonyyang0504/platform-mcp, [JS] a JS Kogan client,
[ODOO] an Odoo Kogan model, [TDR] yuminoung/tdr, [ZD] Kogan's seller help
centre field guidelines, [OMNI] Omnivore's carrier-code articles.  Where they
disagree the majority is followed: ``startDateUTC``/``endDateUTC`` (not [V]'s
snake case), ``/orders/<ID>/cancel|refund/`` (not [V]'s doubled segment),
``DispatchedItems``/``CancelledItems`` as objects ([V], not [EY]'s ids), the
refund reasons of [D-refund] (not [V]'s cancel list), ``task/<id>/`` (not
[PY]'s ``tasks/``), the four-key envelope ``{status, pending_url, error,
body}`` ([EY], [PM], [D-task]), nullable ``kogan_first_price``/``rrp``/
``brand`` ([V] HEAD, [EY]).  ``products/status/`` takes an array ([JS]) or one
object ([PM]): sources split, both are accepted.  Marked *inferred* below:
what no source states.

Kogan's API, served under ``/api/marketplace/v2/`` (headers ``SellerID`` and
``SellerToken`` required, else 401; JSON in and out):

* ``GET products/?detail=true&size=N&cursor=...&sku=A,B``: cursor pagination
  (``body = {next, previous, results}``), ``size`` 100 by default and clamped
  to 500.  A product has exactly the published fields: product_title,
  product_sku, product_subtitle, product_description, product_inbox,
  product_gtin, product_dimensions {length, width, height, weight},
  product_location, product_condition, product_multipack, images, brand,
  category, category_slug, offer_data keyed by currency {price (string),
  kogan_first_price, tax_exempt, shipping (string), handling_days, rrp},
  stock, facets [{group, items [{type, value}]}], variant {group_title,
  group_id, vary_on, vary_on_2, vary_on_3}, enabled, created (no time zone,
  six-digit microseconds, [V] utils.rs), store_urls [{url, store_name,
  organisation}], tags.  There is no modification time: a connector finds
  changed listings by their content.  Without ``detail`` only [V] HEAD's
  fields (inferred: the reduced set).
* ``POST products/`` (create; required: product_sku, product_title,
  product_description, category, stock, offer_data with price and
  handling_days per currency, [ZD] + [PM]), ``PATCH products/`` (update),
  ``POST products/stockprice/`` and ``POST products/status/``: arrays of at
  most 500 items ([L]), answered ``AsyncResponsePending`` with a
  ``pending_url`` to poll (``GET task/<id>/``).  Each item is validated and
  applied on its own when the task completes; the task's body is ``{errors:
  [{product_sku, errors: {field: [messages]}}], warnings: [{product_sku,
  warnings: {field: [messages]}}]}`` ([V] CreateProductsResponseBody).
  ``products/status/`` answers 403 ``{"detail": ...}`` when Kogan has not
  granted it ([PM]; ``status_api=False``).
* ``GET category/?store_code=au|nz``: ``{count, next, previous, results:
  [{id, title, slug, display, departments, url, parent_company}]}`` ([V]).
* ``GET orders/?status=...&startDateUTC=&endDateUTC=&limit=``: ``status`` is
  required (one of the OrderStatus values, [V] + [D-orders]'s
  PartiallyCanceled); no cursor; ``limit`` positive, no limit by default;
  without dates all the orders awaiting shipment (ReleasedForShipment), the
  last 15 days for Shipped/PartiallyShipped/Canceled/PartiallyCanceled, whose
  ranges are capped at 15 days ([D-orders]).  Orders have every published
  field (ID, OrderLabel, Currency, OrderDateUtc, DeliverByDateUtc, OrderStatus,
  RequestedShippingMethod, the Total* amounts as JSON numbers, OtherFees,
  VatInclusive, PaymentMethod, PaymentTransactionID, PrivateNotes,
  SpecialInstructions, ShippingLabelURL, BuyerAddress/ShippingAddress with
  their 13 string keys, Items, DispatchedItems, CancelledItems).
  ``GET orders/<ID>/`` reads one.
* ``POST orders/fulfill/``: an array of ``{ID, Items: [{OrderItemID,
  SellerSku, Quantity, ShippedDateUtc, ShippingCarrier, TrackingNumber}]}``;
  ``ShippingCarrier`` must be one of Kogan's 28 codes ([V]), else Kogan's
  "Invalid carrier code" message ([OMNI]).  Body ``[{ID, Result: "Success" |
  "Fail", Errors: [{ID, ErrorCode, Message}]}]`` ("Success" and the error
  codes are inferred; only "Fail" is attested).  A partial fulfilment leaves
  the order PartiallyShipped.
* ``POST orders/<ID>/cancel/`` and ``POST orders/<ID>/refund/`` with
  ``{OrderID, Items: [{ID, SellerSku, Quantity, Reason}]}``: whole lines only
  (Quantity is the line's), a known reason; only orders awaiting shipment are
  cancelled ([L]), only shipped items refunded ([D-refund]).

Latency (``read_latency``, ``task_latency``; ``--latency`` and
``--task-latency`` standalone; ``POST /_sim/latency`` ``{read, task}``):
Kogan publishes no rate limit and no latency figure ([D-*], [V], [L], [EY]
and [PM] name none), and the simulator answers in microseconds, which
measures Odoo's side only.  With a latency set, every ``GET`` of the API (a
page, an order, a task poll) waits ``read_latency`` seconds before it is
answered, as a reply crossing the internet would, and an asynchronous task
completes no sooner than ``task_latency`` seconds after it was submitted
(still after its ``pending_polls`` polls).  Both are 0 by default; the
benchmark uses 0.3 s and 2 s (inferred figures, not Kogan's).

Simulator choices, which the real service does not promise (inferred):

* an asynchronous task answers ``AsyncResponsePending`` to its first
  ``pending_polls`` polls and completes on the next one: its changes are
  applied then, never before, so a task nobody polls changes nothing.
* order amounts: ``TotalPrice`` is what the buyer pays (items + shipping +
  gift options + other fees - order and shipping discounts, plus the taxes
  when ``VatInclusive`` is false); the tax fields carry GST (1/11 of an
  Australian price, 3/23 of a New Zealand one), none on the items whose
  listing is ``tax_exempt`` in the order's currency.  Orders come oldest first.
* a stored ``category`` stays as written (``kogan:<id>``).

Control endpoints under ``/_sim/`` (no auth, simulator only), mirrored by
Python methods: ``POST reset``, ``POST products`` and ``POST orders`` (seed
lists directly), ``POST cancel`` (``{order_id, item_ids?, reason?}``: Kogan or
the buyer cancels items, as happens on the real service without a call from
the seller), ``GET state``, ``GET calls`` and ``DELETE calls`` (log of API
calls: method, path, query, items in the body, status code, or null for a
reset), ``POST faults`` (a list of ``{"match": "<METHOD> <path prefix>",
"kind": ..., "times": 1, ...}``, consumed in order by the API calls they
match).  Kinds: ``http_status`` (``status`` 503 by default, ``retry_after``
seconds for a ``Retry-After`` header), ``reset`` (TCP reset, no reply),
``slow`` (sleeps ``seconds``, 1 by default, then replies), ``malformed_json``
(200 with the reply cut in half), ``cut_page`` (half a products page and no
``next``), ``repeat_cursor`` (``next`` repeats the current cursor),
``duplicate_records`` (one record of a products page twice) and
``never_complete`` (the task created by the matched call stays pending).  A
page or task fault matched by another kind of call is consumed without
effect.  ``DELETE faults`` drops the faults not used yet (answering how
many).

A buyer's purchase, as on the marketplace (``POST place``, ``{items: [[sku,
quantity], ...], currency?, address?, order_date?}``; ``place_order``):
only what Kogan offers is sold (an enabled listing with an offer in the
order's currency and the quantity in stock, else 400 and nothing sold),
at the listing's price and shipping; Kogan's stock of each SKU decreases by
what was sold.  Kogan's own books, ``GET ledger``: every sale (the order, its
items, when, and the stock Kogan offered just before it) and every
cancellation made on Kogan's side (``cancel_on_kogan``), in order, each with
a sequence number.  Inferred: a cancellation gives no stock back (the
seller's next stock push says what is sellable).

Served by connector_base's simulator base (``http_simulator``).  Standalone,
for the demo::

    python connector_base/tests/http_simulator.py \
        odoo.addons.connector_kogan.tests.simulator --port 8072 \
        --seed-products 100 --seed-orders 5
"""

import argparse
import base64
import binascii
import copy
import functools
import json
import re
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from urllib.parse import parse_qsl, unquote, urlencode

from odoo.addons.connector_base.tests.http_simulator import RESET, SimulatorServer

API_PREFIX = "/api/marketplace/v2/"
SIM_PREFIX = "/_sim/"
PAGE_SIZE, MAX_PAGE_SIZE = 100, 500
ORDER_LIMIT = 100
MAX_BATCH = 500
MAX_IMAGES = 8
MAX_TITLE = 230
SKU_RE = re.compile(r"[A-Za-z0-9_.-]{1,45}")
CATEGORY_RE = re.compile(r"kogan:\S+")
CURRENCIES = ("AUD", "NZD")
CENT = Decimal("0.01")
GST_SHARE = {"AUD": Decimal(1) / 11, "NZD": Decimal(3) / 23}
# without detail=true: the fields of [V]'s HEAD Product struct
SUMMARY_FIELDS = (
    "product_title",
    "product_sku",
    "product_subtitle",
    "product_gtin",
    "images",
    "brand",
    "category",
    "offer_data",
    "stock",
    "enabled",
    "created",
    "store_urls",
)
# what a create may leave out ([V-old]'s Product, [EY], [D-facets], [D-var])
PRODUCT_DEFAULTS = {
    "product_subtitle": "",
    "product_inbox": "",
    "product_gtin": "",
    "product_dimensions": None,
    "product_location": "",
    "product_condition": "New",
    "product_multipack": 1,
    "images": [],
    "brand": None,
    "facets": [],
    "variant": None,
    "enabled": True,
    "tags": [],
}
# required on create: [ZD] (sku, title, description, category, stock) and
# offer_data with price and handling_days per currency ([PM], [ODOO])
CREATE_REQUIRED = (
    "product_title",
    "product_description",
    "category",
    "stock",
    "offer_data",
)
OFFER_DEFAULTS = {
    "kogan_first_price": None,
    "tax_exempt": False,
    "shipping": "0",
    "rrp": None,
}
STORES = {"AUD": ("au", "Kogan Australia"), "NZD": ("nz", "Kogan New Zealand")}
SAMPLE_CATEGORIES = [
    (101, "Laptops", ["Computers"]),
    (102, "Headphones", ["Audio"]),
    (103, "Desks", ["Furniture"]),
    (104, "Lamps", ["Home"]),
    (105, "Kettles", ["Appliances"]),
    (106, "Drones", ["Toys"]),
    (107, "Books", ["Books"]),
]
FAULT_KINDS = {
    "http_status",
    "reset",
    "slow",
    "malformed_json",
    "cut_page",
    "repeat_cursor",
    "duplicate_records",
    "never_complete",
}
SAMPLE_ADDRESS = {
    "FirstName": "Alex",
    "LastName": "Buyer",
    "CompanyName": "",
    "AddressLine1": "1 Example Street",
    "AddressLine2": "",
    "City": "Melbourne",
    "StateOrProvince": "VIC",
    "PostalCode": "3000",
    "Country": "AU",
    "EmailAddress": "buyer@example.com",
    "DaytimePhone": "0400 000 000",
}
SAMPLE_BRANDS = ("Acme", "Globex", "Initech", "Umbrella")


class ApiError(Exception):
    """A whole request refused, rendered as ``{"status": "Failed", "error": ...}``."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


class ItemError(ValueError):
    """One product or order rejected; the rest of its batch still goes through.
    ``field`` keys the message in Kogan's per-SKU ``errors`` map."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


# --- small helpers -----------------------------------------------------------


def _failure(message):
    return {"status": "Failed", "pending_url": None, "error": message, "body": None}


def _outcome(succeeded, failed):
    """Kogan's batch status: all good, some errors, or nothing done."""
    if not failed:
        return "Complete"
    return "CompleteWithErrors" if succeeded else "Failed"


def _dumps(payload):
    return json.dumps(payload, separators=(",", ":")).encode()


def _parse_json(raw):
    """The request body, None when empty; ValueError when not JSON."""
    return json.loads(raw) if raw.strip() else None


def _json_array(body):
    if not isinstance(body, list):
        raise ApiError(400, "the request body must be a JSON array")
    return body


def _positive_int(value, default, name):
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise ApiError(400, f"{name} must be a positive integer")
    return number


def _money(value, name="amount"):
    """Kogan exchanges money as strings with two decimals."""
    try:
        amount = Decimal(str(value)) if not isinstance(value, bool) else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0:
        raise ItemError(f"{name} must be a non-negative decimal amount")
    return str(amount.quantize(CENT, rounding=ROUND_HALF_UP))


def _utc_iso(moment, timespec="seconds"):
    text = moment.astimezone(timezone.utc).isoformat(timespec=timespec)
    return text.replace("+00:00", "Z")


def _parse_utc(value):
    """A datetime or ISO-8601 text as an aware UTC datetime (naive means UTC)."""
    if not isinstance(value, datetime):
        value = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _query_date(query, name):
    if name not in query:
        return None
    try:
        return _parse_utc(query[name])
    except ValueError:
        raise ApiError(400, f"{name} must be an ISO-8601 date") from None


def _encode_cursor(offset):
    """Opaque on purpose, so connectors cannot build cursors themselves."""
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode().rstrip("=")


def _decode_cursor(cursor):
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        label, offset = base64.urlsafe_b64decode(padded).decode().split(":")
        if label == "offset" and int(offset) >= 0:
            return int(offset)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise ApiError(400, "invalid cursor")


def _ean13(number):
    """A valid EAN-13 (GS1 Australia prefix), for connectors that check GTINs."""
    digits = f"93{number:010d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str(-total % 10)


def _items_in(req):
    """How many items a call carried, for the call log."""
    try:
        body = req.body
    except ApiError:
        return 0
    if isinstance(body, list):
        return len(body)
    return 0 if body is None else 1


# --- product validation ------------------------------------------------------


def _check_sku(value):
    if not isinstance(value, str) or not SKU_RE.fullmatch(value):
        raise ItemError(
            "product_sku must be 1 to 45 characters among A-Z, a-z, 0-9, _ . -"
        )
    return value


def _check_title(name, value):
    if not isinstance(value, str) or not value.strip():
        raise ItemError("product_title is required")
    if len(value) > MAX_TITLE:
        raise ItemError(f"product_title is longer than {MAX_TITLE} characters")
    return value


def _check_category(name, value):
    if value is not None and not (
        isinstance(value, str) and CATEGORY_RE.fullmatch(value)
    ):
        raise ItemError('category must look like "kogan:<id>"')
    return value


def _check_images(name, value):
    if not isinstance(value, list) or not all(isinstance(u, str) for u in value):
        raise ItemError("images must be a list of URLs")
    if len(value) > MAX_IMAGES:
        raise ItemError(f"at most {MAX_IMAGES} images are allowed, got {len(value)}")
    return list(value)


def _type_check(accepts, what):
    """A check that a field's value is ``what`` (``accepts`` says if it is)."""

    def check(name, value):
        if not accepts(value):
            raise ItemError(f"{name} must be {what}")
        return value

    return check


_check_string = _type_check(lambda value: isinstance(value, str), "a string")
_check_count = _type_check(
    lambda value: isinstance(value, int) and not isinstance(value, bool) and value >= 0,
    "a non-negative integer",
)
_check_bool = _type_check(lambda value: isinstance(value, bool), "true or false")


def _check_offer(currency, offer):
    """An ``OfferData``: price, kogan_first_price and rrp are decimal strings
    (numbers accepted on input), shipping "0", a flat rate or "VARIABLE"."""
    if currency not in CURRENCIES:
        raise ItemError(f"offer_data: unsupported currency {currency!r}")
    if not isinstance(offer, dict):
        raise ItemError(f"offer_data.{currency} must be an object")
    offer = dict(offer)
    where = f"offer_data.{currency}"
    unknown = set(offer) - {"price", "handling_days", *OFFER_DEFAULTS}
    if unknown:
        raise ItemError(f"{where}: unknown fields {', '.join(sorted(unknown))}")
    if "price" in offer:
        offer["price"] = _money(offer["price"], f"{where}.price")
    for key in ("kogan_first_price", "rrp"):
        if offer.get(key) is not None:
            offer[key] = _money(offer[key], f"{where}.{key}")
    if "handling_days" in offer:
        _check_count(f"{where}.handling_days", offer["handling_days"])
    if "tax_exempt" in offer:
        _check_bool(f"{where}.tax_exempt", offer["tax_exempt"])
    if "shipping" in offer and offer["shipping"] != "VARIABLE":
        offer["shipping"] = _money(offer["shipping"], f"{where}.shipping")
        if offer["shipping"] == "0.00":
            offer["shipping"] = "0"
    return offer


def _check_offer_data(name, value):
    if not isinstance(value, dict):
        raise ItemError("offer_data must be an object keyed by currency")
    return {
        currency: _check_offer(currency, offer) for currency, offer in value.items()
    }


def _check_dimensions(name, value):
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {
        "length",
        "width",
        "height",
        "weight",
    }:
        raise ItemError(f"{name} must be {{length, width, height, weight}}")
    for key in ("length", "width", "height"):
        _check_count(f"{name}.{key}", value[key])
    weight = value["weight"]
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
        raise ItemError(f"{name}.weight must be a non-negative number")
    return dict(value, weight=float(weight))


def _check_multipack(name, value):
    if _check_count(name, value) < 1:
        raise ItemError(f"{name} must be at least 1")
    return value


def _check_strings(name, value):
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ItemError(f"{name} must be a list of strings")
    return list(value)


def _check_facets(name, value):
    """``[{group, items: [{type, value}]}]`` ([D-facets])."""
    if not isinstance(value, list):
        raise ItemError(f"{name} must be a list")
    for facet in value:
        if not (
            isinstance(facet, dict)
            and isinstance(facet.get("group"), str)
            and isinstance(facet.get("items"), list)
            and all(
                isinstance(item, dict)
                and isinstance(item.get("type"), str)
                and isinstance(item.get("value"), str)
                for item in facet["items"]
            )
        ):
            raise ItemError(
                f"{name}: each facet is {{group, items: [{{type, value}}]}}"
            )
    return copy.deepcopy(value)


def _check_variant(name, value):
    """``{group_title, group_id, vary_on: {group, type}, vary_on_2?,
    vary_on_3?}`` ([D-var], [V-old])."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ItemError(f"{name} must be an object")
    for key in ("group_title", "group_id"):
        if not isinstance(value.get(key), str) or not value[key]:
            raise ItemError(f"{name}.{key} is required")
    for key in ("vary_on", "vary_on_2", "vary_on_3"):
        vary = value.get(key)
        if key != "vary_on" and vary is None:
            continue
        if not (
            isinstance(vary, dict)
            and isinstance(vary.get("group"), str)
            and isinstance(vary.get("type"), str)
        ):
            raise ItemError(f"{name}.{key} must be {{group, type}}")
    return copy.deepcopy(value)


def _check_nullable_string(name, value):
    return None if value is None else _check_string(name, value)


PRODUCT_CHECKS = {
    "product_title": _check_title,
    "product_subtitle": _check_string,
    "product_description": _check_string,
    "product_inbox": _check_string,
    "product_gtin": _check_string,
    "product_dimensions": _check_dimensions,
    "product_location": _check_string,
    "product_condition": _check_string,
    "product_multipack": _check_multipack,
    "images": _check_images,
    "brand": _check_nullable_string,
    "category": _check_category,
    "offer_data": _check_offer_data,
    "stock": _check_count,
    "facets": _check_facets,
    "variant": _check_variant,
    "enabled": _check_bool,
    "tags": _check_strings,
}
STOCKPRICE_CHECKS = {"stock": _check_count, "offer_data": _check_offer_data}
STATUS_CHECKS = {"enabled": _check_bool}


def _checked_fields(item, checks, warnings):
    """The fields an endpoint accepts, normalised; others only earn a warning."""
    changes = {}
    for name, value in item.items():
        if name == "product_sku":
            continue
        if name in checks:
            try:
                changes[name] = checks[name](name, value)
            except ItemError as error:
                error.field = error.field or name
                raise
        else:
            warnings.append((name, "not accepted here and ignored"))
    return changes


def _sku_of(item):
    return item.get("product_sku") if isinstance(item, dict) else None


def _new_product(item, warnings, created):
    """A complete product record from a create (or seed) item."""
    sku = _check_sku(_sku_of(item))
    for name in CREATE_REQUIRED:
        if name not in item:
            raise ItemError(f"{name} is required", name)
    changes = _checked_fields(item, PRODUCT_CHECKS, warnings)
    if not changes["offer_data"]:
        raise ItemError("offer_data needs an offer for AUD or NZD", "offer_data")
    for currency, offer in changes["offer_data"].items():
        for key in ("price", "handling_days"):
            if key not in offer:
                raise ItemError(
                    f"offer_data.{currency}.{key} is required", "offer_data"
                )
    changes["offer_data"] = {
        currency: {**OFFER_DEFAULTS, **offer}
        for currency, offer in changes["offer_data"].items()
    }
    record = {"product_sku": sku, **copy.deepcopy(PRODUCT_DEFAULTS), **changes}
    record["created"] = created
    return _derived(record)


def _slug(text):
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


def _derived(record):
    """What Kogan derives from a listing: its category's slug and its store
    pages (one per currency offered)."""
    slug = _slug(record["product_title"])
    category = CATEGORY_TITLES.get(record["category"], record["category"])
    store_urls = [
        {
            "url": f"https://www.kogan.com/{store}/buy/{slug}/",
            "store_name": name,
            "organisation": "Kogan",
        }
        for currency, (store, name) in STORES.items()
        if currency in record["offer_data"]
    ]
    return {**record, "category_slug": _slug(category), "store_urls": store_urls}


def _changed_product(old, changes):
    """A new record with the changes applied; offers merge per currency and field."""
    if "offer_data" in changes:
        offers = dict(old["offer_data"])
        for currency, offer in changes["offer_data"].items():
            offers[currency] = {**OFFER_DEFAULTS, **offers.get(currency, {}), **offer}
            for key in ("price", "handling_days"):
                if key not in offers[currency]:
                    raise ItemError(
                        f"offer_data.{currency}.{key} is required", "offer_data"
                    )
        changes = {**changes, "offer_data": offers}
    return _derived({**old, **changes})


CATEGORY_TITLES = {f"kogan:{id_}": title for id_, title, _ in SAMPLE_CATEGORIES}


def _kogan_time(moment):
    """Kogan's ``created``: no time zone, six-digit microseconds ([V] utils.rs)."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")


# --- orders ------------------------------------------------------------------

ORDER_STATUSES = (
    "ReleasedForShipment",
    "Pending",
    "AcknowledgedBySeller",
    "PartiallyShipped",
    "Shipped",
    "Canceled",
    "PartiallyCanceled",
)
# statuses Kogan lists over at most 15 days (the last 15 without dates)
DATED_STATUSES = ("Shipped", "PartiallyShipped", "Canceled", "PartiallyCanceled")
MAX_DATED_RANGE = timedelta(days=15)
ORDER_CURRENCIES = ("AUD", "NZD", "GBP", "USD")
CARRIER_CODES = frozenset(
    "AUP ST TIPC DHL FDX UPS CP DFE ARAMEX FW KINGS HX NZP XLE TNT R BEX "
    "BLUESTAR NTH ADSONE SENDLE COPE BPOST SHIPPIT MEGASAVE QLSSTD QLSPRE OMNI".split()
)
CARRIER_ERROR = (
    "Invalid carrier code, please refer to the list on the page "
    "https://koganmarketplace.zendesk.com/hc/en-us/articles/900005468863-"
    "Supported-Carrier-Codes or contact your account manager"
)
CANCEL_REASONS = frozenset(
    "GeneralAdjustment ItemNotAvailable CustomerReturnedItem CouldNotShip "
    "AlternateItemProvided BuyerCanceled CustomerExchange MerchandiseNotReceived "
    "ShippingAddressUndeliverable Other".split()
)
REFUND_REASONS = frozenset(
    (
        "Change of Mind",
        "Dead Arrival",
        "Failed Cancel",
        "Listing Error",
        "Part Problem",
        "Return Sender",
        "Wrong Goods",
        "Faulty Item",
        "Damage In Transit",
        "Faulty Part",
    )
)
ADDRESS_KEYS = (
    "FirstName",
    "LastName",
    "NameSuffix",
    "CompanyName",
    "AddressLine1",
    "AddressLine2",
    "City",
    "StateOrProvince",
    "PostalCode",
    "Country",
    "EmailAddress",
    "DaytimePhone",
    "EveningPhone",
)
ORDER_MONEY = (
    "TotalPrice",
    "TotalTaxPrice",
    "TotalShippingPrice",
    "TotalShippingTaxPrice",
    "TotalGiftOptionPrice",
    "TotalGiftOptionTaxPrice",
    "TotalOrderDiscount",
    "TotalShippingDiscount",
    "OtherFees",
)


def _amount(value):
    """Kogan sends order amounts as JSON numbers (f64), two decimals."""
    return float(Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP))


def _checked_order(order):
    """A private copy of a seeded order, with what listing and fulfilment need."""
    if not isinstance(order, dict):
        raise ValueError("each order must be a JSON object")
    missing = [
        k for k in ("ID", "OrderStatus", "OrderDateUtc", "Items") if k not in order
    ]
    if missing:
        raise ValueError(f"order {order.get('ID')}: missing {', '.join(missing)}")
    if order["OrderStatus"] not in ORDER_STATUSES:
        raise ValueError(f"order {order['ID']}: unknown OrderStatus")
    _parse_utc(order["OrderDateUtc"])
    items = order["Items"]
    if not isinstance(items, list) or not all(_is_order_item(i) for i in items):
        raise ValueError(f"order {order['ID']}: items need an ID and a Quantity")
    return json.loads(json.dumps(order))


def _is_order_item(item):
    if not isinstance(item, dict) or "ID" not in item:
        return False
    quantity = item.get("Quantity")
    return isinstance(quantity, int) and not isinstance(quantity, bool) and quantity > 0


def _order_totals(currency, lines, vat_inclusive, exempt=(), **money):
    """The money fields of an order.  Inferred (no source defines them):
    ``TotalPrice`` is what the buyer pays: items + shipping + gift options +
    other fees - order and shipping discounts, plus the taxes when prices are
    not VAT inclusive; the tax fields carry the tax share either way, of the
    items less those whose listing is tax exempt in the order's currency
    (``exempt``: their SellerSku), and less the order discount (taken off
    the taxed goods, inferred too)."""
    amounts = {key: Decimal(str(money.get(key, 0))) for key in money}
    items = sum(Decimal(str(line["UnitPrice"])) * line["Quantity"] for line in lines)
    taxed_items = sum(
        Decimal(str(line["UnitPrice"])) * line["Quantity"]
        for line in lines
        if line["SellerSku"] not in exempt
    )
    shipping = amounts["shipping"]
    gift = amounts["gift"]
    net = items + shipping + gift + amounts["fees"]
    net -= amounts["discount"] + amounts["shipping_discount"]
    share = GST_SHARE.get(currency, Decimal(0))
    if vat_inclusive:
        tax = (taxed_items - amounts["discount"]) * share
        shipping_tax = (shipping - amounts["shipping_discount"]) * share
        gift_tax = gift * share
        total = net
    else:
        rate = share / (1 - share) if share else Decimal(0)
        tax = (taxed_items - amounts["discount"]) * rate
        shipping_tax = (shipping - amounts["shipping_discount"]) * rate
        gift_tax = gift * rate
        total = net + tax + shipping_tax + gift_tax
    return {
        "TotalPrice": _amount(total),
        "TotalTaxPrice": _amount(tax),
        "TotalShippingPrice": _amount(shipping),
        "TotalShippingTaxPrice": _amount(shipping_tax),
        "TotalGiftOptionPrice": _amount(gift),
        "TotalGiftOptionTaxPrice": _amount(gift_tax),
        "TotalOrderDiscount": _amount(amounts["discount"]),
        "TotalShippingDiscount": _amount(amounts["shipping_discount"]),
        "OtherFees": _amount(amounts["fees"]),
    }


def _fulfil_result(order_id, errors):
    """[V]'s ``OrderItemFulfillmentResult``; "Success" is inferred (only
    "Fail" is attested)."""
    return {
        "ID": str(order_id),
        "Result": "Fail" if errors else "Success",
        "Errors": [
            {"ID": str(order_id), "ErrorCode": code, "Message": message}
            for code, message in errors
        ],
    }


def _line_errors(items, line):
    """What is wrong with one fulfilment line, quantities left aside, as
    ``(ErrorCode, Message)`` pairs."""
    if not isinstance(line, dict):
        return [("InvalidItem", "each item must be a JSON object")]
    item = items.get(str(line.get("OrderItemID")))
    if item is None:
        return [("InvalidItem", f"unknown OrderItemID {line.get('OrderItemID')!r}")]
    errors = []
    missing = [key for key in FULFIL_REQUIRED if line.get(key) in (None, "")]
    if missing:
        errors.append(("Required", f"item {item['ID']}: {', '.join(missing)} required"))
    if line.get("SellerSku") not in (None, item.get("SellerSku")):
        errors.append(("InvalidSku", f"item {item['ID']}: SellerSku does not match"))
    quantity = line.get("Quantity")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        errors.append(
            ("InvalidQuantity", f"item {item['ID']}: Quantity must be positive")
        )
    carrier = line.get("ShippingCarrier")
    if carrier not in (None, "") and carrier not in CARRIER_CODES:
        errors.append(("InvalidCarrier", CARRIER_ERROR))
    return errors


FULFIL_REQUIRED = (
    "OrderItemID",
    "SellerSku",
    "Quantity",
    "ShippedDateUtc",
    "ShippingCarrier",
    "TrackingNumber",
)


def _cancel_lines(order, body, reasons, what):
    """The lines of a cancel or refund body ``{OrderID, Items: [{ID,
    SellerSku, Quantity, Reason}]}``, checked: whole lines only (Kogan has no
    partial cancellation), known reasons.  ApiError otherwise."""
    if not isinstance(body, dict) or not isinstance(body.get("Items"), list):
        raise ApiError(400, f"the {what} body must be {{OrderID, Items}}")
    if str(body.get("OrderID")) != str(order["ID"]):
        raise ApiError(400, f"OrderID must be {order['ID']}")
    if not body["Items"]:
        raise ApiError(400, "Items must list the items")
    items = {str(item["ID"]): item for item in order["Items"]}
    for line in body["Items"]:
        item = items.get(str(line.get("ID"))) if isinstance(line, dict) else None
        if item is None:
            raise ApiError(400, f"unknown item {line!r}")
        if line.get("SellerSku") != item.get("SellerSku"):
            raise ApiError(400, f"item {item['ID']}: SellerSku does not match")
        if line.get("Quantity") != item["Quantity"]:
            raise ApiError(
                400,
                f"item {item['ID']}: Quantity must be the line's, {item['Quantity']}",
            )
        if line.get("Reason") not in reasons:
            raise ApiError(
                400, f"item {item['ID']}: invalid Reason {line.get('Reason')!r}"
            )
    return [dict(line) for line in body["Items"]]


def _complete(body):
    """Kogan's envelope of a synchronous reply."""
    return {"status": "Complete", "pending_url": None, "error": None, "body": body}


def _pending(pending_url):
    return {
        "status": "AsyncResponsePending",
        "pending_url": pending_url,
        "error": None,
        "body": None,
    }


def _by_field(notes):
    """Warnings ``(field, message)`` as Kogan's ``{field: [messages]}``."""
    grouped = {}
    for field, message in notes:
        grouped.setdefault(field, []).append(message)
    return grouped


def _dated_range(start, end):
    """Shipped or cancelled orders are listed over 15 days at most: the last
    15 days without dates."""
    now = datetime.now(timezone.utc)
    if start is None and end is None:
        return now - MAX_DATED_RANGE, None
    if (end or now) - (start or now - MAX_DATED_RANGE) > MAX_DATED_RANGE:
        raise ApiError(400, "the date range is limited to 15 days for this status")
    return start, end


def _shipping(offer):
    """An offer's flat shipping as an amount ("VARIABLE" or none: 0)."""
    try:
        return Decimal(str(offer.get("shipping") or "0"))
    except InvalidOperation:
        return Decimal(0)


# --- faults ------------------------------------------------------------------


def _checked_fault(spec):
    """A normalised fault spec; ValueError when it cannot work."""
    if not isinstance(spec, dict):
        raise ValueError("each fault must be a JSON object")
    method, _, prefix = str(spec.get("match", "")).partition(" ")
    if not method:
        raise ValueError('a fault needs "match": "<METHOD> <path prefix>"')
    if spec.get("kind") not in FAULT_KINDS:
        raise ValueError(f"fault kind must be one of {sorted(FAULT_KINDS)}")
    times = spec.get("times", 1)
    if isinstance(times, bool) or not isinstance(times, int) or times < 1:
        raise ValueError("fault times must be a positive integer")
    spec = {**spec, "match": f"{method.upper()} {prefix.lstrip('/')}", "times": times}
    if spec["kind"] == "http_status":
        spec.setdefault("status", 503)
        if not isinstance(spec["status"], int) or not 400 <= spec["status"] <= 599:
            raise ValueError("http_status faults need a status from 400 to 599")
    if spec["kind"] == "slow":
        spec.setdefault("seconds", 1.0)
    return spec


def _fault_reply(fault):
    status = fault["status"]
    headers = {}
    if fault.get("retry_after") is not None:
        headers["Retry-After"] = str(fault["retry_after"])
    return status, _failure(f"simulated HTTP {status}"), headers


def _damaged_page(kind, req, results, next_url):
    """A products page degraded as a queued fault asks, to test defences."""
    if kind == "cut_page":
        return results[: len(results) // 2], None
    if kind == "repeat_cursor":
        return results, _page_url(req, req.query.get("cursor"))
    if kind == "duplicate_records" and results:
        return [*results, results[0]], next_url
    return results, next_url


def _page_url(req, cursor):
    """The same listing (detail, size, sku kept) at another cursor."""
    query = {k: v for k, v in req.query.items() if k != "cursor"}
    if cursor is not None:
        query["cursor"] = cursor
    return f"{req.base_url}products/?{urlencode(query)}"


# --- requests and tasks ------------------------------------------------------


@dataclass
class _Request:
    """One API call as the route methods see it (path relative to the API root)."""

    method: str
    path: str
    query: dict
    raw: bytes
    base_url: str
    fault: dict | None = None

    @functools.cached_property
    def body(self):
        try:
            return _parse_json(self.raw)
        except ValueError:
            raise ApiError(400, "the request body is not valid JSON") from None

    @property
    def fault_kind(self):
        return self.fault["kind"] if self.fault else None


@dataclass
class _Task:
    """An asynchronous product batch; applied by the poll that completes it."""

    id: str
    operation: str
    items: list
    pending_polls: int
    never_complete: bool
    submitted: float = 0.0  # time.monotonic() of the submit
    polls: int = 0
    result: dict | None = None

    def describe(self):
        status = self.result["status"] if self.result else "AsyncResponsePending"
        return {
            "id": self.id,
            "operation": self.operation,
            "items": len(self.items),
            "polls": self.polls,
            "status": status,
            "result": self.result,
        }


# --- the simulator -----------------------------------------------------------


def _submits(operation):
    """The route of a batch endpoint: its items become a task of ``operation``."""
    return lambda sim, req: sim._submit(req, operation)


class KoganSimulator(SimulatorServer):
    """Kogan Marketplace API v2 in memory, served over HTTP on a local port.

    Records (products, orders, task results) are never changed in place: a
    change stores a new object.  Replies can therefore be serialised outside
    the lock without seeing half an update.
    """

    def __init__(
        self,
        host="127.0.0.1",
        port=0,
        seller_id="demo-seller",
        seller_token="demo-token",
        pending_polls=1,
        verbose=False,
        status_api=True,
        read_latency=0.0,
        task_latency=0.0,
    ):
        self.seller_id = seller_id
        self.seller_token = seller_token
        self.pending_polls = pending_polls
        self.read_latency = read_latency  # seconds before a GET is answered
        self.task_latency = task_latency  # seconds before a task may complete
        self.status_api = status_api
        self._lock = threading.RLock()
        self._reset_state()
        super().__init__(host, port, verbose)

    # served by SimulatorServer: start(), stop() (drops kept-alive
    # connections, as an outage would), serve_forever(), a context manager

    @property
    def base_url(self):
        return f"{self.url}{API_PREFIX}"

    # state and test helpers

    def _reset_state(self):
        self._records = []  # products in insertion order: pages are slices
        self._index = {}  # SKU -> position in _records
        self._orders = {}  # str(ID) -> order
        self._shipped = {}  # str(ID) -> {item ID: quantity shipped}
        self._fulfilments = []
        self._refunds = []
        self._tasks = {}
        self._task_count = 0
        self._order_count = 0
        self._faults = []
        self._calls = []
        self._ledger = []  # sales and Kogan-side cancellations, in order

    def reset(self):
        """Forgets everything but the configuration."""
        with self._lock:
            self._reset_state()

    def seed_products(self, products):
        """Stores products at once (no task), validated as creates; upserts."""
        records = []
        for item in products:
            try:
                records.append(_new_product(item, [], self._created()))
            except ItemError as error:
                raise ValueError(f"product {_sku_of(item)}: {error}") from None
        with self._lock:
            for record in records:
                position = self._index.get(record["product_sku"])
                if position is not None:  # re-seeded: created when first seeded
                    record["created"] = self._records[position]["created"]
                self._store(record)
        return len(records)

    def seed_orders(self, orders):
        """Stores orders as given; a known ID is replaced, its shipments forgotten."""
        checked = [_checked_order(order) for order in orders]
        with self._lock:
            for order in checked:
                self._orders[str(order["ID"])] = order
                self._shipped.pop(str(order["ID"]), None)
        return len(checked)

    def remove_listing(self, sku):
        """Simulator control: the listing ``sku`` is gone from Kogan (removed
        on Kogan's side, without any call from the seller)."""
        with self._lock:
            self._records = [r for r in self._records if r["product_sku"] != sku]
            self._index = {r["product_sku"]: i for i, r in enumerate(self._records)}

    def make_products(self, n, prefix="SKU"):
        """n deterministic, valid sample products (not stored: see seed_products)."""
        return [self._sample_product(i, prefix) for i in range(1, n + 1)]

    def make_listing(self, sku, **fields):
        """One valid product with this SKU, ``fields`` overriding the sample's
        (not stored: see seed_products)."""
        # no barcode: the sample's would be another product's
        sample = {**self._sample_product(1, "X"), "product_gtin": ""}
        return {
            **sample,
            "product_sku": sku,
            "product_title": f"Listing {sku}",
            **fields,
        }

    @staticmethod
    def _sample_product(i, prefix):
        sku = f"{prefix}-{i:05d}"
        price = Decimal(10 + i % 90) + Decimal("0.95")
        return {
            "product_sku": sku,
            "product_title": f"Sample product {i}",
            "product_description": f"<p>Sample product {i} for connector tests.</p>",
            "brand": SAMPLE_BRANDS[i % len(SAMPLE_BRANDS)],
            "category": f"kogan:{100 + i % 7}",
            "product_gtin": _ean13(i),
            "images": [
                f"https://images.example.com/{sku}/{k}.jpg" for k in range(1 + i % 3)
            ],
            "product_condition": "New",
            "offer_data": {
                "AUD": {
                    "price": str(price),
                    "kogan_first_price": None,
                    "tax_exempt": False,
                    "shipping": "0",
                    "handling_days": 1 + i % 3,
                    "rrp": _money(price * Decimal("1.2")),
                },
                "NZD": {
                    "price": _money(price * Decimal("1.1")),
                    "kogan_first_price": None,
                    "tax_exempt": False,
                    "shipping": "9.95",
                    "handling_days": 3,
                    "rrp": None,
                },
            },
            "stock": (i * 7) % 50,
            "enabled": True,
        }

    def make_order(
        self,
        order_id=None,
        items=(("SKU-00001", 1, "19.95"),),
        *,
        status="ReleasedForShipment",
        order_date=None,
        currency="AUD",
        shipping="0.00",
        address=None,
        discount="0",
        shipping_discount="0",
        gift="0",
        fees="0",
        vat_inclusive=True,
        **fields,
    ):
        """A complete order in Kogan's shape (not stored: see seed_orders).

        ``items`` are ``(sku, quantity, unit price)``; titles come from the
        stored products when known, and so does the tax: none on an item
        whose listing is ``tax_exempt`` in the order's currency.  IDs follow
        a per-simulator sequence.  ``fields`` set any other order field
        (``SpecialInstructions``...).
        """
        with self._lock:
            self._order_count += 1
            number = self._order_count
            titles = [self._title_of(sku) for sku, _, _ in items]
            exempt = {sku for sku, _, _ in items if self._tax_exempt(sku, currency)}
        order_id = str(order_id or 1_000_000 + number)
        lines = [
            {
                "ID": f"{order_id}-{n}",
                "SellerSku": sku,
                "Quantity": quantity,
                "UnitPrice": _amount(price),
                "ProductTitle": title,
                "Reason": None,
            }
            for n, ((sku, quantity, price), title) in enumerate(
                zip(items, titles, strict=False), 1
            )
        ]
        person = {
            **{key: "" for key in ADDRESS_KEYS},
            **SAMPLE_ADDRESS,
            "LastName": f"Buyer {number}",
            "EmailAddress": f"buyer{number}@example.com",
            **(address or {}),
        }
        ordered = _parse_utc(order_date or datetime.now(timezone.utc))
        order = {
            "ID": order_id,
            "OrderLabel": f"KO-{order_id}",
            "Currency": currency,
            "OrderDateUtc": _utc_iso(ordered),
            "DeliverByDateUtc": _utc_iso(ordered + timedelta(days=5)),
            "OrderStatus": status,
            "RequestedShippingMethod": "Standard",
            **_order_totals(
                currency,
                lines,
                vat_inclusive,
                exempt,
                shipping=shipping,
                gift=gift,
                fees=fees,
                discount=discount,
                shipping_discount=shipping_discount,
            ),
            "VatInclusive": vat_inclusive,
            "PaymentMethod": "CreditCard",
            "PaymentTransactionID": f"PAY-{order_id}",
            "PrivateNotes": None,
            "SpecialInstructions": None,
            "ShippingLabelURL": None,
            "BuyerAddress": person,
            "ShippingAddress": dict(person),
            "Items": lines,
            "DispatchedItems": [],
            "CancelledItems": [],
        }
        unknown = set(fields) - set(order)
        if unknown:
            raise ValueError(f"not Kogan order fields: {', '.join(sorted(unknown))}")
        order.update(fields)
        return order

    def _tax_exempt(self, sku, currency):
        """Whether the stored listing of ``sku`` is sold tax exempt in
        ``currency`` (an unknown SKU is taxed)."""
        position = self._index.get(sku)
        if position is None:
            return False
        offer = (self._records[position].get("offer_data") or {}).get(currency)
        return bool(isinstance(offer, dict) and offer.get("tax_exempt") is True)

    def _title_of(self, sku):
        position = self._index.get(sku)
        if position is None:
            return f"Product {sku}"
        return self._records[position]["product_title"]

    def state(self):
        """A deep copy of everything, for assertions (and ``GET /_sim/state``)."""
        with self._lock:
            return copy.deepcopy(
                {
                    "products": self._records,
                    "orders": list(self._orders.values()),
                    "fulfilments": self._fulfilments,
                    "refunds": self._refunds,
                    "tasks": [task.describe() for task in self._tasks.values()],
                    "faults": self._faults,
                }
            )

    @property
    def calls(self):
        """The API calls so far, oldest first (a copy)."""
        with self._lock:
            return copy.deepcopy(self._calls)

    def clear_calls(self):
        with self._lock:
            self._calls.clear()

    def add_fault(self, match, kind, times=1, **options):
        """Queues a fault for the next ``times`` API calls matching ``match``."""
        spec = _checked_fault({"match": match, "kind": kind, "times": times, **options})
        with self._lock:
            self._faults.append(spec)

    def add_faults(self, specs):
        """Queues several faults given as dicts (``POST /_sim/faults``)."""
        checked = [_checked_fault(spec) for spec in specs]
        with self._lock:
            self._faults.extend(checked)
        return len(checked)

    # product storage

    def _store(self, record):
        """Saves a product (Kogan keeps no modification time, only
        ``created``)."""
        position = self._index.get(record["product_sku"])
        if position is None:
            self._index[record["product_sku"]] = len(self._records)
            self._records.append(record)
        else:
            self._records[position] = record

    def _created(self):
        return _kogan_time(datetime.now(timezone.utc))

    def _existing(self, item):
        sku = item.get("product_sku")
        position = self._index.get(sku) if isinstance(sku, str) else None
        if position is None:
            raise ItemError(f"product_sku {sku!r} does not exist")
        return self._records[position]

    # HTTP entry points

    def handle(self, request):
        """Routes a request to the simulator's controls or to Kogan's API."""
        # kept quoted: an id holding "/" is one path segment (routes unquote it)
        path = request.path
        if path.startswith(SIM_PREFIX):
            name = path[len(SIM_PREFIX) :]
            status, payload = self.control(request.method, name, request.body)
            return status, _dumps(payload)
        if path.startswith(API_PREFIX):
            query = dict(parse_qsl(request.query_string))
            return self._serve_api(request, path[len(API_PREFIX) :], query)
        return 404, _dumps(_failure(f"no such path {path}"))

    def _serve_api(self, request, path, query):
        host = request.headers.get("Host") or f"{self.host}:{self.port}"
        req = _Request(
            request.method, path, query, request.body, f"http://{host}{API_PREFIX}"
        )
        req.fault = self.take_fault(req.method, path)
        if req.fault_kind == "reset":
            self.log_call(req, None)
            return RESET
        if req.fault_kind == "slow":
            time.sleep(req.fault["seconds"])
        status, payload, headers = self.reply(
            req, request.headers.get("SellerID"), request.headers.get("SellerToken")
        )
        body = _dumps(payload)
        if req.fault_kind == "malformed_json":
            status, body = 200, body[: len(body) // 2]
        self.log_call(req, status)
        return status, body, headers

    def set_latency(self, read=None, task=None):
        """Seconds a GET waits before its reply, and a task before it may
        complete (see the module's docstring); None keeps the current one."""
        read = float(self.read_latency if read is None else read)
        task = float(self.task_latency if task is None else task)
        if not (0 <= read <= 60 and 0 <= task <= 600):
            raise ValueError("latency: read within 0..60 s, task within 0..600 s")
        self.read_latency, self.task_latency = read, task
        return {"read": read, "task": task}

    def authorized(self, seller_id, seller_token):
        return (seller_id, seller_token) == (self.seller_id, self.seller_token)

    def take_fault(self, method, path):
        """Uses up one time of the first queued fault matching this call."""
        with self._lock:
            for spec in self._faults:
                want_method, _, prefix = spec["match"].partition(" ")
                if want_method == method and path.startswith(prefix):
                    spec["times"] -= 1
                    if not spec["times"]:
                        self._faults.remove(spec)
                    return dict(spec)
        return None

    def log_call(self, req, status):
        entry = {
            "method": req.method,
            "path": req.path,
            "query": req.query,
            "items": _items_in(req),
            "status": status,
        }
        with self._lock:
            self._calls.append(entry)

    def reply(self, req, seller_id, seller_token):
        """Status, JSON payload and extra headers for an API call."""
        if req.fault_kind == "http_status":
            return _fault_reply(req.fault)
        if req.method == "GET" and self.read_latency:
            time.sleep(self.read_latency)  # the network, in this thread only
        if not self.authorized(seller_id, seller_token):
            return 401, _failure("invalid SellerID or SellerToken"), {}
        try:
            status, payload = self._dispatch(req)
        except ApiError as error:
            status, payload = error.status, _failure(str(error))
        return status, payload, {}

    def _dispatch(self, req):
        path_known = False
        for method, pattern, route in self._ROUTES:
            match = pattern.fullmatch(req.path)
            if match and method == req.method:
                return route(self, req, *map(unquote, match.groups()))
            path_known = path_known or match is not None
        if path_known:
            raise ApiError(405, f"method {req.method} not allowed on {req.path}")
        raise ApiError(404, f"no such endpoint {req.path}")

    def control(self, method, name, raw):
        """Serves ``/_sim/``: set-up and inspection for tests, no auth."""
        actions = {
            ("POST", "reset"): lambda body: self.reset(),
            ("POST", "products"): self.seed_products,
            ("POST", "orders"): self.seed_orders,
            ("GET", "state"): lambda body: self.state(),
            ("GET", "calls"): lambda body: self.calls,
            ("DELETE", "calls"): lambda body: self.clear_calls(),
            ("POST", "faults"): self.add_faults,
            ("DELETE", "faults"): lambda body: self.clear_faults(),
            ("POST", "cancel"): lambda body: self.cancel_on_kogan(**body),
            ("POST", "place"): lambda body: self.place_order(**(body or {})),
            ("GET", "ledger"): lambda body: self.ledger(),
            ("POST", "latency"): lambda body: self.set_latency(**(body or {})),
        }
        action = actions.get((method, name.strip("/")))
        if action is None:
            return 404, _failure(f"no simulator action {method} {name}")
        try:
            return 200, {"status": "Complete", "body": action(_parse_json(raw))}
        except (ValueError, TypeError) as error:
            return 400, _failure(str(error))

    # routes: products

    def _list_products(self, req):
        size = min(
            _positive_int(req.query.get("size"), PAGE_SIZE, "size"), MAX_PAGE_SIZE
        )
        cursor = req.query.get("cursor")
        offset = 0 if cursor is None else _decode_cursor(cursor)
        with self._lock:
            records = self._selected(req.query.get("sku"))
            page = records[offset : offset + size]
            more = offset + size < len(records)
        if req.query.get("detail", "").lower() not in ("true", "1"):
            page = [{name: record[name] for name in SUMMARY_FIELDS} for record in page]
        next_url = _page_url(req, _encode_cursor(offset + size)) if more else None
        previous = (
            _page_url(req, _encode_cursor(max(offset - size, 0))) if offset else None
        )
        page, next_url = _damaged_page(req.fault_kind, req, page, next_url)
        body = {"next": next_url, "previous": previous, "results": page}
        return 200, _complete(body)

    def _selected(self, sku_filter):
        """All products, or those named in ``sku`` (comma list), by insertion."""
        if sku_filter is None:
            return self._records
        wanted = {sku.strip() for sku in sku_filter.split(",")}
        positions = sorted(self._index[sku] for sku in wanted if sku in self._index)
        return [self._records[position] for position in positions]

    def _status(self, req):
        if not self.status_api:
            # [PM]: Kogan grants this API on request; DRF-style refusal
            return 403, {"detail": "You do not have permission to perform this action."}
        if isinstance(req.body, dict):  # [PM] sends one object, [JS] an array
            return self._submit(req, "status", [req.body])
        return self._submit(req, "status")

    def _categories(self, req):
        store = req.query.get("store_code", "au")
        if store not in ("au", "nz"):
            raise ApiError(400, "store_code must be au or nz")
        results = [
            {
                "id": id_,
                "title": title,
                "slug": _slug(title),
                "display": f"{departments[0]} > {title}",
                "departments": departments,
                "url": f"https://www.kogan.com/{store}/shop/{_slug(title)}/",
                "parent_company": None,
            }
            for id_, title, departments in SAMPLE_CATEGORIES
        ]
        body = {
            "count": len(results),
            "next": None,
            "previous": None,
            "results": results,
        }
        return 200, _complete(body)

    def _submit(self, req, operation, items=None):
        items = _json_array(req.body) if items is None else items
        if len(items) > MAX_BATCH:
            raise ApiError(
                400, f"at most {MAX_BATCH} items per request, got {len(items)}"
            )
        with self._lock:
            self._task_count += 1
            task = _Task(
                id=f"task-{self._task_count}",
                operation=operation,
                items=items,
                pending_polls=self.pending_polls,
                never_complete=req.fault_kind == "never_complete",
                submitted=time.monotonic(),
            )
            self._tasks[task.id] = task
        return 200, _pending(f"{req.base_url}task/{task.id}/")

    def _poll(self, req, task_id):
        with self._lock:
            task = self._tasks.get(task_id)
            if task is None:
                raise ApiError(404, f"no such task {task_id}")
            task.polls += 1
            waiting = (
                task.never_complete
                or task.polls <= task.pending_polls
                or time.monotonic() < task.submitted + self.task_latency
            )
            if task.result is None and not waiting:
                self._complete(task)
        if task.result is None:
            return 200, _pending(f"{req.base_url}task/{task.id}/")
        return 200, task.result

    def _complete(self, task):
        """Applies a task, item by item: a bad item never blocks the others."""
        build = self._OPERATIONS[task.operation]
        done, errors, warnings = 0, [], []
        for item in task.items:
            sku = _sku_of(item)
            notes = []
            try:
                if not isinstance(item, dict):
                    raise ItemError("each item must be a JSON object")
                record = build(self, item, notes)
            except ItemError as error:
                field = error.field or "non_field_errors"
                errors.append({"product_sku": sku, "errors": {field: [str(error)]}})
                continue
            self._store(record)
            done += 1
            if notes:
                warnings.append({"product_sku": sku, "warnings": _by_field(notes)})
        body = {"errors": errors, "warnings": warnings}
        task.result = {
            "status": _outcome(done, len(errors)),
            "pending_url": None,
            "error": None,
            "body": body,
        }

    def _create_product(self, item, warnings):
        record = _new_product(item, warnings, self._created())
        if record["product_sku"] in self._index:
            raise ItemError(f"product_sku {record['product_sku']} already exists")
        return record

    def _update_product(self, item, warnings):
        old = self._existing(item)
        return _changed_product(old, _checked_fields(item, PRODUCT_CHECKS, warnings))

    def _update_stockprice(self, item, warnings):
        old = self._existing(item)
        return _changed_product(old, _checked_fields(item, STOCKPRICE_CHECKS, warnings))

    def _update_status(self, item, warnings):
        old = self._existing(item)
        if "enabled" not in item:
            raise ItemError("enabled is required", "enabled")
        return _changed_product(old, _checked_fields(item, STATUS_CHECKS, warnings))

    # routes: orders

    def _list_orders(self, req):
        status = req.query.get("status")
        if status is None:
            raise ApiError(400, "status is required")
        if status not in ORDER_STATUSES:
            raise ApiError(400, f"status must be one of {', '.join(ORDER_STATUSES)}")
        start = _query_date(req.query, "startDateUTC")
        end = _query_date(req.query, "endDateUTC")
        limit = _positive_int(req.query.get("limit"), None, "limit")
        if status in DATED_STATUSES:
            start, end = _dated_range(start, end)
        with self._lock:
            candidates = [
                o for o in self._orders.values() if o["OrderStatus"] == status
            ]
        dated = [(_parse_utc(order["OrderDateUtc"]), order) for order in candidates]
        dated = [
            (moment, order)
            for moment, order in dated
            if (start is None or moment >= start) and (end is None or moment <= end)
        ]
        dated.sort(key=lambda entry: entry[0])  # stable: ties keep seeding order
        body = [o for _, o in dated[:limit]]
        return 200, _complete(body)

    def _known_order(self, order_id):
        """The order ``order_id``, else a 404 (caller holds the lock)."""
        order = self._orders.get(order_id)
        if order is None:
            raise ApiError(404, f"order {order_id} not found")
        return order

    def _get_order(self, req, order_id):
        with self._lock:
            order = self._known_order(order_id)
        return 200, _complete(order)

    def _fulfill(self, req):
        entries = _json_array(req.body)
        with self._lock:
            results = [self._fulfill_order(entry) for entry in entries]
        failed = sum(result["Result"] == "Fail" for result in results)
        status = _outcome(len(results) - failed, failed)
        return 200, {
            "status": status,
            "pending_url": None,
            "error": None,
            "body": results,
        }

    def _fulfill_order(self, entry):
        """Ships the listed items of one order, all of them or none."""
        if not isinstance(entry, dict):
            return _fulfil_result(None, [("Invalid", "each order must be an object")])
        order_id = entry.get("ID")
        order = self._orders.get(str(order_id).strip())
        if order is None:
            return _fulfil_result(
                order_id, [("NotFound", f"order {order_id} not found")]
            )
        if order["OrderStatus"] not in ("ReleasedForShipment", "PartiallyShipped"):
            message = f"order {order_id} is {order['OrderStatus']}"
            return _fulfil_result(order_id, [("InvalidStatus", message)])
        lines = entry.get("Items")
        if not isinstance(lines, list) or not lines:
            return _fulfil_result(
                order_id, [("Required", "Items must list the shipped items")]
            )
        items = {str(item["ID"]): item for item in order["Items"]}
        errors = [error for line in lines for error in _line_errors(items, line)]
        errors = errors or self._excess_errors(order, items, lines)
        if not errors:
            self._ship(order, items, lines)
        return _fulfil_result(order_id, errors)

    def _excess_errors(self, order, items, lines):
        shipped = self._shipped.get(str(order["ID"]), {})
        wanted = {}
        for line in lines:
            item_id = str(line["OrderItemID"])
            wanted[item_id] = wanted.get(item_id, 0) + line["Quantity"]
        errors = []
        for item_id, quantity in wanted.items():
            left = items[item_id]["Quantity"] - shipped.get(item_id, 0)
            if quantity > left:
                message = f"item {item_id}: Quantity {quantity}, only {left} left"
                errors.append(("InvalidQuantity", message))
        return errors

    def _ship(self, order, items, lines):
        order_id = str(order["ID"])
        shipped = self._shipped.setdefault(order_id, {})
        now = _utc_iso(datetime.now(timezone.utc))
        dispatched = list(order.get("DispatchedItems") or [])
        for line in lines:
            item = items[str(line["OrderItemID"])]
            item_id = str(item["ID"])
            shipped[item_id] = shipped.get(item_id, 0) + line["Quantity"]
            dispatch = {
                "ID": item["ID"],
                "SellerSku": item.get("SellerSku"),
                "Quantity": line["Quantity"],
                "DispatchDateUtc": line.get("ShippedDateUtc") or now,
                "Carrier": line.get("ShippingCarrier"),
                "TrackingNumber": line.get("TrackingNumber"),
            }
            dispatched.append(dispatch)
            self._fulfilments.append({"OrderID": order["ID"], **dispatch})
        cancelled = {str(item["ID"]) for item in order.get("CancelledItems") or []}
        done = all(
            shipped.get(i, 0) >= item["Quantity"]
            for i, item in items.items()
            if i not in cancelled
        )
        status = "Shipped" if done else "PartiallyShipped"
        self._orders[order_id] = {
            **order,
            "OrderStatus": status,
            "DispatchedItems": dispatched,
        }

    def _cancel(self, req, order_id):
        with self._lock:
            order = self._known_order(order_id)
            if order["OrderStatus"] != "ReleasedForShipment":
                raise ApiError(
                    400,
                    f"order {order_id} is {order['OrderStatus']}: only orders "
                    "awaiting shipment (ReleasedForShipment) can be cancelled",
                )
            lines = _cancel_lines(order, req.body, CANCEL_REASONS, "cancel")
            shipped = self._shipped.get(order_id, {})
            if any(shipped.get(str(line["ID"])) for line in lines):
                raise ApiError(400, f"order {order_id}: these items were shipped")
            self._cancel_items(order_id, lines)
        return 200, _complete(None)

    def _refund(self, req, order_id):
        with self._lock:
            order = self._known_order(order_id)
            lines = _cancel_lines(order, req.body, REFUND_REASONS, "refund")
            shipped = self._shipped.get(order_id, {})
            for line in lines:
                if shipped.get(str(line["ID"]), 0) < line["Quantity"]:
                    raise ApiError(
                        400, f"order {order_id}: item {line['ID']} is not shipped"
                    )
            self._refunds.append({"OrderID": order["ID"], "Items": lines})
        return 200, _complete(None)

    def _cancel_items(self, order_id, lines):
        """Marks whole lines cancelled; the order is Canceled once nothing of
        it is left to ship (caller holds the lock)."""
        order = self._orders[order_id]
        cancelled = list(order.get("CancelledItems") or [])
        by_id = {str(item["ID"]): item for item in order["Items"]}
        gone = {str(item["ID"]) for item in cancelled}
        for line in lines:
            item = by_id[str(line["ID"])]
            if str(item["ID"]) not in gone:
                cancelled.append({**item, "Reason": line["Reason"]})
                gone.add(str(item["ID"]))
        status = order["OrderStatus"]
        if gone >= set(by_id):
            status = "Canceled"
        self._orders[order_id] = {
            **order,
            "OrderStatus": status,
            "CancelledItems": cancelled,
        }

    def cancel_on_kogan(self, order_id, item_ids=None, reason="BuyerCanceled"):
        """Simulator control (``POST /_sim/cancel``): Kogan or the buyer
        cancels items (all by default) of an order, as happens on the real
        service without any call from the seller."""
        with self._lock:
            order = self._orders[str(order_id)]
            ids = item_ids or [item["ID"] for item in order["Items"]]
            lines = [{"ID": item_id, "Reason": reason} for item_id in ids]
            before = {str(i["ID"]) for i in order.get("CancelledItems") or []}
            self._cancel_items(str(order_id), lines)
            self._record(
                "cancel",
                OrderID=str(order["ID"]),
                Items=[
                    {
                        "ID": item["ID"],
                        "SellerSku": item.get("SellerSku"),
                        "Quantity": item["Quantity"],
                        "Reason": reason,
                    }
                    for item in self._orders[str(order_id)]["CancelledItems"]
                    if str(item["ID"]) not in before
                ],
            )
        return len(lines)

    def place_order(
        self, items, currency="AUD", address=None, order_date=None, order_id=None
    ):
        """Simulator control (``POST /_sim/place``): a buyer orders
        ``items`` (``[(sku, quantity)]``) on Kogan.  Only what Kogan offers
        is sold: each SKU an enabled listing with an offer in ``currency``
        and the quantity in stock, else ValueError and nothing is sold.  The
        order is stored awaiting shipment, at the listings' prices (shipping:
        the highest of their offers'); Kogan's stock decreases by what was
        sold, and the ledger records the sale with the stock offered before
        it.  Returns the order."""
        wanted = {}
        for entry in items or ():
            sku, quantity = entry
            if isinstance(quantity, bool) or not isinstance(quantity, int):
                raise ValueError(f"{sku}: the quantity must be a whole number")
            if quantity < 1:
                raise ValueError(f"{sku}: the quantity must be positive")
            wanted[sku] = wanted.get(sku, 0) + quantity
        if not wanted:
            raise ValueError("an order needs items")
        with self._lock:
            listings = {
                sku: self._offered(sku, currency, q) for sku, q in wanted.items()
            }
            offers = {sku: r["offer_data"][currency] for sku, r in listings.items()}
            order = self.make_order(
                order_id=order_id,
                items=[(sku, q, offers[sku]["price"]) for sku, q in wanted.items()],
                currency=currency,
                order_date=order_date,
                address=address,
                shipping=max(_shipping(offer) for offer in offers.values()),
            )
            if str(order["ID"]) in self._orders:
                raise ValueError(f"order {order['ID']} exists already")
            self._orders[str(order["ID"])] = order
            for sku, quantity in wanted.items():
                record = listings[sku]
                self._store({**record, "stock": record["stock"] - quantity})
            self._record(
                "sale",
                OrderID=str(order["ID"]),
                Currency=currency,
                Items=[
                    {
                        "ID": line["ID"],
                        "SellerSku": line["SellerSku"],
                        "Quantity": line["Quantity"],
                        "StockOffered": listings[line["SellerSku"]]["stock"],
                    }
                    for line in order["Items"]
                ],
            )
        return copy.deepcopy(order)

    def _offered(self, sku, currency, quantity):
        """The listing of ``sku`` if Kogan offers ``quantity`` of it in
        ``currency`` (caller holds the lock); ValueError otherwise."""
        position = self._index.get(sku)
        if position is None:
            raise ValueError(f"{sku} is not listed on Kogan")
        record = self._records[position]
        if not record.get("enabled"):
            raise ValueError(f"{sku} is disabled on Kogan")
        if currency not in (record.get("offer_data") or {}):
            raise ValueError(f"{sku} has no {currency} offer")
        if record["stock"] < quantity:
            raise ValueError(
                f"{sku}: Kogan offers {record['stock']}, {quantity} wanted"
            )
        return record

    def _record(self, kind, **entry):
        """Appends to Kogan's ledger (caller holds the lock)."""
        self._ledger.append(
            {
                "Seq": len(self._ledger) + 1,
                "Kind": kind,
                "At": _utc_iso(datetime.now(timezone.utc), "microseconds"),
                **entry,
            }
        )

    def ledger(self):
        """Kogan's own books: sales and Kogan-side cancellations, oldest
        first (a copy; ``GET /_sim/ledger``)."""
        with self._lock:
            return copy.deepcopy(self._ledger)

    def clear_faults(self):
        """Drops the queued faults no call used; returns how many."""
        with self._lock:
            left = len(self._faults)
            self._faults.clear()
        return left

    # operation: record builder, for _complete
    _OPERATIONS = {
        "create": _create_product,
        "update": _update_product,
        "stockprice": _update_stockprice,
        "status": _update_status,
    }
    # (method, path pattern relative to the API root, route); groups are arguments
    _ROUTES = [
        ("GET", re.compile(r"products/?"), _list_products),
        ("POST", re.compile(r"products/?"), _submits("create")),
        ("PATCH", re.compile(r"products/?"), _submits("update")),
        ("POST", re.compile(r"products/stockprice/?"), _submits("stockprice")),
        ("POST", re.compile(r"products/status/?"), _status),
        ("GET", re.compile(r"task/([^/]+)/?"), _poll),
        ("GET", re.compile(r"category/?"), _categories),
        ("GET", re.compile(r"orders/?"), _list_orders),
        ("POST", re.compile(r"orders/fulfill/?"), _fulfill),
        ("GET", re.compile(r"orders/([^/]+)/?"), _get_order),
        ("POST", re.compile(r"orders/([^/]+)/cancel/?"), _cancel),
        ("POST", re.compile(r"orders/([^/]+)/refund/?"), _refund),
    ]


# --- standalone --------------------------------------------------------------


def _sample_orders(sim, n):
    """n orders of 1 to 3 seeded products, a minute apart, the last one now."""
    products = sim.state()["products"] or sim.make_products(1)
    now = datetime.now(timezone.utc)
    orders = []
    for i in range(n):
        picked = [products[(i + k) % len(products)] for k in range(1 + i % 3)]
        items = [
            (p["product_sku"], 1 + k, p["offer_data"]["AUD"]["price"])
            for k, p in enumerate(picked)
        ]
        when = now - timedelta(minutes=n - 1 - i)
        orders.append(sim.make_order(items=items, order_date=when, shipping="9.95"))
    return orders


def main(argv=None):
    """Runs the simulator in the foreground, for the demo."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8072, help="0 picks a free port")
    parser.add_argument("--seller-id", default="demo-seller")
    parser.add_argument("--seller-token", default="demo-token")
    parser.add_argument("--pending-polls", type=int, default=1)
    parser.add_argument(
        "--latency",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="wait before answering each GET (a page, an order, a task poll)",
    )
    parser.add_argument(
        "--task-latency",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="an asynchronous task completes no sooner after it was submitted",
    )
    parser.add_argument("--seed-products", type=int, default=0, metavar="N")
    parser.add_argument("--seed-orders", type=int, default=0, metavar="N")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    sim = KoganSimulator(
        args.host,
        args.port,
        args.seller_id,
        args.seller_token,
        args.pending_polls,
        verbose=args.verbose,
    )
    sim.set_latency(args.latency, args.task_latency)
    sim.seed_products(sim.make_products(args.seed_products))
    sim.seed_orders(_sample_orders(sim, args.seed_orders))
    sim.serve_until_interrupted(f"Kogan simulator serving {sim.base_url}")


if __name__ == "__main__":
    main()
