"""Local coffee machine simulator, speaking the API dialect of one machine model.

The Coffee Connector's tests and demo need a machine that works offline and can
misbehave on demand. Served by connector_base's simulator base
(``http_simulator``); one lock guards the state.

Version "1900": ``/api/v1/``, HTTP Basic auth, flat snake_case payloads:
``GET menu`` -> ``{"beverages": [{"code", "name", "price", "available",
"updated_at"}]}``; ``GET status`` -> ``{"water_level", "beans_level",
"cups_brewed", "state"}``; ``POST brew {"code", "cups"}`` -> 201 ``{"brew_id",
"state"}``; ``GET brew/<id>`` -> ``{"brew_id", "code", "cups", "state"}``.

Version "2900": ``/v2/``, headers ``X-Coffee-User`` and ``X-Coffee-Token``,
nested camelCase payloads: ``GET beverages?page=&pageSize=`` -> ``{"data":
[{"id", "label": {lang: name}, "pricing": {"amount", "currency"},
"isAvailable", "modifiedAt"}], "meta": {"page", "pageCount"}}``; ``GET
machine`` -> ``{"machine": {"model", "levels": {"water", "beans"}, "counters":
{"cupsBrewed"}, "status"}}``; ``POST orders {"beverageId", "quantity"}`` -> 201
``{"order": {"id", "status"}}``; ``GET orders/<id>`` -> ``{"order": {"id",
"beverageId", "quantity", "status"}}``.

Both: a brew moves queued -> brewing -> done on successive reads, and uses
water and beans when done; an unknown or unavailable beverage is refused with
422, an empty tank with 409, bad credentials with 401, an unknown path with 404.

Control endpoints (no auth): ``POST /_sim/reset``, ``POST /_sim/menu`` (a
list of ``{"code", "names": {lang: name}, "price", "available"}``), ``GET
/_sim/state``, ``GET|DELETE /_sim/calls``, ``POST /_sim/faults`` (``{"kind":
"offline"|"reset"|"malformed_json"|"http_status"|"slow"|"unknown_field_types",
"times": 1, "status": 503, "retry_after": seconds, "seconds": 1, "match":
"<path prefix>"}``): ``offline`` closes the connection without a reply,
``reset`` resets it, ``retry_after`` adds a ``Retry-After`` header to an
``http_status``.

Hostile faults, for the security suite: ``{"kind": "redirect", "location":
url, "status": 302}`` answers with a redirect; ``{"kind": "reply", "body":
json}`` answers ``body`` instead of the real reply; ``{"kind": "huge",
"bytes": n}`` answers a JSON document of about ``n`` bytes.

Standalone, for the demo: ``python connector_base/tests/http_simulator.py
odoo.addons.connector_coffee.tests.simulator --version 2900 --port 8071``.
"""

import argparse
import base64
import json
import time
from datetime import UTC, datetime

from odoo.addons.connector_base.tests.http_simulator import (
    HANG_UP,
    RESET,
    Reply,
    SimulatorServer,
)

DEFAULT_MENU = [
    {"code": "ESP", "names": {"en": "Espresso", "fr": "Expresso"}, "price": 1.5},
    {"code": "LUN", "names": {"en": "Lungo", "fr": "Café allongé"}, "price": 1.8},
    {"code": "CAP", "names": {"en": "Cappuccino", "fr": "Cappuccino"}, "price": 2.5},
    {"code": "LAT", "names": {"en": "Latte", "fr": "Café au lait"}, "price": 2.8},
    {
        "code": "CHO",
        "names": {"en": "Hot chocolate", "fr": "Chocolat chaud"},
        "price": 2.2,
        "available": False,
    },
    {"code": "TEA", "names": {"en": "Tea", "fr": "Thé"}, "price": 1.2},
]
# version 2900 names its beverages by slug, version 1900 by code
SLUGS = {
    "ESP": "espresso",
    "LUN": "lungo",
    "CAP": "cappuccino",
    "LAT": "latte",
    "CHO": "hot-chocolate",
    "TEA": "tea",
}
WATER_PER_CUP, BEANS_PER_CUP = 2, 3


def _now():
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class CoffeeMachineSimulator(SimulatorServer):
    def __init__(
        self,
        version="2900",
        host="127.0.0.1",
        port=0,
        username="barista",
        password="brew-s3cret",
    ):
        if version not in ("1900", "2900"):
            raise ValueError(f"unknown machine version {version!r}")
        super().__init__(host, port)
        self.version = version
        self.username, self.password = username, password
        self.reset()

    # -- state ---------------------------------------------------------------

    def reset(self):
        with self.lock:
            self.menu = {}
            self._set_menu(DEFAULT_MENU)
            self.levels = {"water": 100, "beans": 100}
            self.cups_brewed = 0
            self.brews = {}
            self.calls = []
            self.faults = []

    def _set_menu(self, beverages):
        self.menu = {
            b["code"]: dict(b, available=b.get("available", True), updated_at=_now())
            for b in beverages
        }

    def set_menu(self, beverages):
        with self.lock:
            self._set_menu(beverages)

    def add_fault(self, kind, times=1, match="", **options):
        with self.lock:
            self.faults.append(dict(options, kind=kind, times=times, match=match))

    def state(self):
        with self.lock:
            return {
                "version": self.version,
                "menu": list(self.menu.values()),
                "levels": dict(self.levels),
                "cups_brewed": self.cups_brewed,
                "brews": list(self.brews.values()),
            }

    def _take_fault(self, path):
        for fault in self.faults:
            if path.startswith(fault["match"]):
                fault["times"] -= 1
                if fault["times"] <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    # -- the machine ---------------------------------------------------------

    def _beverage(self, key):
        code = key
        if self.version == "2900":
            code = next((c for c, slug in SLUGS.items() if slug == key), key)
        return self.menu.get(code)

    def _brew(self, key, cups):
        beverage = self._beverage(key)
        if not beverage or not beverage["available"]:
            return 422, {"error": f"unknown or unavailable beverage: {key}"}
        if not isinstance(cups, int) or cups < 1:
            return 422, {"error": f"cups must be a positive integer, got {cups!r}"}
        if (
            self.levels["water"] < WATER_PER_CUP * cups
            or self.levels["beans"] < BEANS_PER_CUP * cups
        ):
            return 409, {"error": "not enough water or beans"}
        brew_id = f"B{len(self.brews) + 1}"
        self.brews[brew_id] = {
            "id": brew_id,
            "code": beverage["code"],
            "cups": cups,
            "state": "queued",
        }
        return 201, self.brews[brew_id]

    def _read_brew(self, brew_id):
        """The brew ``brew_id`` (None when unknown): each read moves it one
        step, until done."""
        brew = self.brews.get(brew_id)
        if not brew:
            return None
        if brew["state"] == "queued":
            brew["state"] = "brewing"
        elif brew["state"] == "brewing":
            brew["state"] = "done"
            self.levels["water"] -= WATER_PER_CUP * brew["cups"]
            self.levels["beans"] -= BEANS_PER_CUP * brew["cups"]
            self.cups_brewed += brew["cups"]
        return brew

    def _machine_state(self):
        if any(b["state"] == "brewing" for b in self.brews.values()):
            return "brewing"
        return "ready"

    # -- dialects ------------------------------------------------------------

    def _route_1900(self, method, parts, query, body):
        if parts == ["menu"] and method == "GET":
            return 200, {
                "beverages": [
                    {
                        "code": b["code"],
                        "name": b["names"].get("en"),
                        "price": b["price"],
                        "available": b["available"],
                        "updated_at": b["updated_at"],
                    }
                    for b in self.menu.values()
                ]
            }
        if parts == ["status"] and method == "GET":
            return 200, {
                "water_level": self.levels["water"],
                "beans_level": self.levels["beans"],
                "cups_brewed": self.cups_brewed,
                "state": self._machine_state(),
            }
        if parts == ["brew"] and method == "POST":
            status, brew = self._brew(
                (body or {}).get("code"), (body or {}).get("cups")
            )
            if status != 201:
                return status, brew
            return 201, {"brew_id": brew["id"], "state": brew["state"]}
        if len(parts) == 2 and parts[0] == "brew" and method == "GET":
            brew = self._read_brew(parts[1])
            if not brew:
                return 404, {"error": f"no brew {parts[1]}"}
            return 200, {
                "brew_id": brew["id"],
                "code": brew["code"],
                "cups": brew["cups"],
                "state": brew["state"],
            }
        return 404, {"error": "unknown path"}

    def _route_2900(self, method, parts, query, body):
        if parts == ["beverages"] and method == "GET":
            size = max(int(query.get("pageSize") or 20), 1)
            page = max(int(query.get("page") or 1), 1)
            beverages = list(self.menu.values())
            chunk = beverages[(page - 1) * size : page * size]
            return 200, {
                "data": [
                    {
                        "id": SLUGS.get(b["code"], b["code"].lower()),
                        "label": b["names"],
                        "pricing": {"amount": f"{b['price']:.2f}", "currency": "EUR"},
                        "isAvailable": b["available"],
                        "modifiedAt": b["updated_at"],
                    }
                    for b in chunk
                ],
                "meta": {"page": page, "pageCount": max(-(-len(beverages) // size), 1)},
            }
        if parts == ["machine"] and method == "GET":
            return 200, {
                "machine": {
                    "model": "2900",
                    "levels": dict(self.levels),
                    "counters": {"cupsBrewed": self.cups_brewed},
                    "status": self._machine_state().upper(),
                }
            }
        if parts == ["orders"] and method == "POST":
            body = body or {}
            status, brew = self._brew(body.get("beverageId"), body.get("quantity"))
            if status != 201:
                return status, brew
            return 201, {"order": {"id": brew["id"], "status": "QUEUED"}}
        if len(parts) == 2 and parts[0] == "orders" and method == "GET":
            brew = self._read_brew(parts[1])
            if not brew:
                return 404, {"error": f"no order {parts[1]}"}
            return 200, {
                "order": {
                    "id": brew["id"],
                    "beverageId": SLUGS.get(brew["code"], brew["code"]),
                    "quantity": brew["cups"],
                    "status": brew["state"].upper(),
                }
            }
        return 404, {"error": "unknown path"}

    def _authorised(self, headers):
        if self.version == "2900":
            return (
                headers.get("X-Coffee-User") == self.username
                and headers.get("X-Coffee-Token") == self.password
            )
        expected = base64.b64encode(f"{self.username}:{self.password}".encode())
        return headers.get("Authorization") == f"Basic {expected.decode()}"

    def handle_api(self, method, path, query, headers, body):
        """(status, reply) for an API call; the caller applies faults."""
        prefix = "/api/v1/" if self.version == "1900" else "/v2/"
        if not path.startswith(prefix):
            return 404, {"error": f"this machine serves {prefix}"}
        if not self._authorised(headers):
            return 401, {"error": "bad credentials"}
        parts = [p for p in path[len(prefix) :].split("/") if p]
        route = self._route_1900 if self.version == "1900" else self._route_2900
        return route(method, parts, query, body)

    def handle(self, request):
        if request.path.startswith("/_sim/"):
            return _control(self, request)
        method, path = request.method, request.path
        body = _json_body(request) if method == "POST" else None
        with self.lock:
            fault = self._take_fault(path)
            if fault and fault["kind"] in ("offline", "reset"):
                self.calls.append({"method": method, "path": path, "status": None})
                return HANG_UP if fault["kind"] == "offline" else RESET
            status, reply = self.handle_api(
                method, path, request.query, request.headers, body
            )
            self.calls.append({"method": method, "path": path, "status": status})
        return _faulty(fault, status, reply)


def _wrong_types(reply):
    """The right shape with wrong types: what a buggy firmware sends (paging
    metadata stays right, so that each record is wrong on its own)."""
    if isinstance(reply, dict):
        return {k: v if k == "meta" else _wrong_types(v) for k, v in reply.items()}
    if isinstance(reply, list):
        return [_wrong_types(v) for v in reply]
    if isinstance(reply, bool):
        return "maybe"
    if isinstance(reply, int | float):
        return "abc"
    if isinstance(reply, str) and reply.replace(".", "", 1).isdigit():
        return "abc"  # amounts sent as text
    return reply


def _huge(size):
    """A valid JSON reply of about ``size`` bytes (one long text field)."""
    return json.dumps({"beverages": [{"code": "BIG", "name": "x" * size}]}).encode()


def _json_body(request):
    """The request's JSON body; None when absent or not JSON."""
    try:
        return request.json()
    except ValueError:
        return None


def _control(sim, request):
    name = request.path[len("/_sim/") :].strip("/")
    method, body = request.method, _json_body(request)
    if name == "reset" and method == "POST":
        sim.reset()
        return 200, {"ok": True}
    if name == "menu" and method == "POST":
        sim.set_menu(body or [])
        return 200, {"ok": True}
    if name == "state" and method == "GET":
        return 200, sim.state()
    if name == "calls" and method == "GET":
        with sim.lock:
            return 200, list(sim.calls)
    if name == "calls" and method == "DELETE":
        with sim.lock:
            sim.calls.clear()
        return 200, {"ok": True}
    if name == "faults" and method == "POST":
        for fault in body if isinstance(body, list) else [body]:
            sim.add_fault(**fault)
        return 200, {"ok": True}
    return 404, {"error": "unknown control"}


def _faulty(fault, status, reply):  # noqa: C901 (one fault table, read top to bottom)
    """What a fault makes of the machine's (status, reply)."""
    if fault and fault["kind"] == "slow":
        time.sleep(fault.get("seconds", 1))
    if fault and fault["kind"] == "http_status":
        seconds = fault.get("retry_after")
        headers = {"Retry-After": str(seconds)} if seconds else {}
        return Reply(fault.get("status", 503), {"error": "injected"}, headers)
    if fault and fault["kind"] == "unknown_field_types" and status < 400:
        reply = _wrong_types(reply)
    if fault and fault["kind"] == "redirect":
        headers = {"Location": fault["location"], "Content-Type": None}
        return Reply(fault.get("status", 302), None, headers)
    if fault and fault["kind"] == "reply":
        status, reply = fault.get("status", 200), fault["body"]
    if fault and fault["kind"] == "huge":
        return Reply(200, _huge(fault["bytes"]))
    if fault and fault["kind"] == "malformed_json":
        text = json.dumps(reply).encode()
        return Reply(200, text[: len(text) // 2])
    return Reply(status, reply)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default="2900", choices=["1900", "2900"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8071)
    parser.add_argument("--username", default="barista")
    parser.add_argument("--password", default="brew-s3cret")
    args = parser.parse_args()
    sim = CoffeeMachineSimulator(
        args.version, args.host, args.port, args.username, args.password
    )
    sim.serve_until_interrupted(f"Coffee machine {args.version} simulator on {sim.url}")


if __name__ == "__main__":
    main()
