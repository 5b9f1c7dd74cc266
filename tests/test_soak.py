"""A short soak run (``scripts/soak.sh``'s code, a few compressed days, tens
of orders, faults and a killed worker) reconciled with Kogan's ledger: every
figure of the seller's books must be 0 (``tests/soak/reconcile.py`` defines
each). A figure today's code cannot bring to 0 is marked xfail (strict),
naming the item of issue 28 that fixes it: flip it when that fix is merged."""

import json

import pytest
from soak.driver import SELLER, TOKEN, Soak
from soak.reconcile import report_text

from odoo.tests.common import get_db_name

from odoo.addons.connector_kogan.tests.simulator import KoganSimulator

DAYS, ORDERS_PER_DAY, FAULT_RATE, KILL_EVERY, SEED = 3, 12, 0.25, 2, 7


@pytest.fixture(scope="module")
def soak(odoo_server, tmp_path_factory):
    with KoganSimulator(seller_id=SELLER, seller_token=TOKEN) as sim:
        run = Soak(
            get_db_name(),
            sim,
            odoo_server,
            days=DAYS,
            orders_per_day=ORDERS_PER_DAY,
            fault_rate=FAULT_RATE,
            kill_every=KILL_EVERY,
            seed=SEED,
        )
        try:
            result = run.run()
        finally:
            run.close()
    out = tmp_path_factory.mktemp("soak") / "result.json"
    out.write_text(json.dumps(result, indent=2))
    print(report_text(result), f"\n(JSON: {out})")
    return result


def test_the_run_traded_as_asked(soak):
    """Everything the run is meant to do happened, at least once."""
    counts = soak["counts"]
    assert counts["kogan_orders"] >= DAYS * ORDERS_PER_DAY // 2
    assert counts["orders_imported"] == counts["kogan_orders"]
    for what in (
        "kogan_cancellations",
        "full_shipments",
        "partial_shipments",
        "returns",
        "credit_notes",
        "other_channel_orders",
        "receipts",
        "price_changes",
        "listings_disabled",
        "listings_enabled",
    ):
        assert counts.get(what, 0) >= 1, what
    assert counts["faults_injected"] >= 2
    assert counts["workers_killed"] == DAYS // KILL_EVERY


def test_no_order_missing(soak):
    assert soak["figures"]["orders_missing"] == 0, soak["details"]["orders_missing"]


def test_no_order_duplicated(soak):
    assert soak["figures"]["orders_duplicated"] == 0, soak["details"][
        "orders_duplicated"
    ]


def test_no_total_difference(soak):
    assert soak["figures"]["total_differences"] == 0, soak["details"][
        "total_differences"
    ]


def test_no_refund_difference(soak):
    assert soak["figures"]["refund_differences"] == 0, soak["details"][
        "refund_differences"
    ]


@pytest.mark.xfail(
    strict=True,
    reason="issue 28 item 1: a reservation (another channel's sale order, a "
    "Kogan order) pushes no stock, so Kogan keeps offering reserved units",
)
def test_no_unit_oversold(soak):
    assert soak["figures"]["units_oversold"] == 0, soak["details"]["oversold_by_sku"]


@pytest.mark.xfail(
    strict=True,
    reason="issue 28 item 2: NZD orders get the backend's one (Australian) GST "
    "tax, not NZ GST through a fiscal position, nor are they held for review",
)
def test_no_tax_difference(soak):
    assert soak["figures"]["tax_differences"] == 0, soak["details"]["tax_differences"]


@pytest.mark.xfail(
    strict=True,
    reason="issue 28 item 1: reservations and their release (another channel's "
    "sale order, a Kogan-side cancellation) push no stock",
)
def test_no_stock_difference_after_the_last_window(soak):
    assert soak["figures"]["stock_differences"] == 0, soak["details"][
        "stock_differences"
    ]
