"""The coffee machine simulator speaks both dialects and misbehaves on demand."""

import pytest
import requests

from odoo.addons.connector_base.tests.patience import REQUEST, patience

from .simulator import CoffeeMachineSimulator

AUTH_1900 = ("barista", "brew-s3cret")
HEADERS_2900 = {"X-Coffee-User": "barista", "X-Coffee-Token": "brew-s3cret"}


@pytest.fixture(params=["1900", "2900"])
def sim(request):
    with CoffeeMachineSimulator(version=request.param) as machine:
        yield machine


def call(sim, method, path, **kwargs):
    if sim.version == "1900":
        url, kwargs["auth"] = f"{sim.url}/api/v1/{path}", AUTH_1900
    else:
        url, kwargs["headers"] = f"{sim.url}/v2/{path}", HEADERS_2900
    return requests.request(method, url, timeout=patience(REQUEST), **kwargs)


def menu(sim):
    if sim.version == "1900":
        return call(sim, "GET", "menu").json()["beverages"]
    items, page = [], 1
    while True:
        reply = call(
            sim, "GET", "beverages", params={"page": page, "pageSize": 4}
        ).json()
        items += reply["data"]
        if page >= reply["meta"]["pageCount"]:
            return items
        page += 1


def brew(sim, key, cups):
    if sim.version == "1900":
        return call(sim, "POST", "brew", json={"code": key, "cups": cups})
    return call(sim, "POST", "orders", json={"beverageId": key, "quantity": cups})


def espresso(sim):
    return "ESP" if sim.version == "1900" else "espresso"


def test_menu_in_each_dialect(sim):
    items = menu(sim)
    assert len(items) == 6
    if sim.version == "1900":
        assert {"code", "name", "price", "available", "updated_at"} <= set(items[0])
    else:
        assert items[0]["label"]["fr"] == "Expresso"
        assert items[0]["pricing"]["amount"] == "1.50"


def test_brew_lifecycle_uses_water_and_counts_cups(sim):
    reply = brew(sim, espresso(sim), 2)
    assert reply.status_code == 201
    brew_id = reply.json().get("brew_id") or reply.json()["order"]["id"]
    path = f"brew/{brew_id}" if sim.version == "1900" else f"orders/{brew_id}"
    states = [call(sim, "GET", path).json() for __ in range(3)]
    last = states[-1] if sim.version == "1900" else states[-1]["order"]
    assert (last.get("state") or last.get("status")).lower() == "done"
    state = sim.state()
    assert state["cups_brewed"] == 2
    assert state["levels"]["water"] < 100


def test_refusals(sim):
    assert brew(sim, "nope", 1).status_code == 422
    sim.levels["water"] = 0
    assert brew(sim, espresso(sim), 1).status_code == 409
    if sim.version == "1900":
        bad = requests.get(
            f"{sim.url}/api/v1/menu", auth=("x", "y"), timeout=patience(REQUEST)
        )
    else:
        bad = requests.get(f"{sim.url}/v2/beverages", timeout=patience(REQUEST))
    assert bad.status_code == 401


def test_faults(sim):
    sim.add_fault(kind="offline")
    with pytest.raises(requests.ConnectionError):
        menu(sim)
    sim.add_fault(kind="malformed_json")
    with pytest.raises(ValueError):
        menu(sim)
    sim.add_fault(kind="http_status", status=503)
    assert (
        call(sim, "GET", "menu" if sim.version == "1900" else "beverages").status_code
        == 503
    )
    sim.add_fault(kind="unknown_field_types")
    item = menu(sim)[0]
    assert "abc" in (item.get("price"), (item.get("pricing") or {}).get("amount"))
    assert [c["status"] for c in sim.calls][:1] == [None]


def test_hostile_faults(sim):
    status = "status" if sim.version == "1900" else "machine"
    sim.add_fault("redirect", location="http://elsewhere.invalid/steal")
    reply = call(sim, "GET", status, allow_redirects=False)
    assert reply.status_code == 302
    assert reply.headers["Location"] == "http://elsewhere.invalid/steal"
    sim.add_fault("reply", body={"next": "http://elsewhere.invalid/p"})
    assert call(sim, "GET", status).json() == {"next": "http://elsewhere.invalid/p"}
    sim.add_fault("huge", bytes=100_000)
    reply = call(sim, "GET", status)
    assert len(reply.content) > 100_000
    assert reply.json()["beverages"][0]["code"] == "BIG"
    # each fault was taken once: the machine answers normally again
    assert call(sim, "GET", status).status_code == 200
