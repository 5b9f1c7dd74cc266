"""A short soak run (``scripts/soak.sh``'s code, a few compressed days, tens
of orders, faults and a killed worker) reconciled with Kogan's ledger: every
figure of the seller's books must be 0 (``tests/soak/reconcile.py`` defines
each). It runs as soak.sh does: on a fresh database of its own (connector_kogan
without demo data) and a server of its own, so that what the other tests
left in the shared test database (their backends, crons and jobs) is not
part of the books."""

import json
import shutil
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from unittest.mock import patch

import pytest

import odoo
from odoo.modules.registry import Registry
from odoo.tests.common import get_db_name

from odoo.addons.connector_kogan.tests.simulator import KoganSimulator

from .odoo_server import ROOT, OdooServer, free_port
from .soak.driver import SELLER, TOKEN, Soak
from .soak.reconcile import (
    money_differences,
    order_counts,
    refund_differences,
    report_text,
    stock_differences,
    units_oversold,
)

DAYS, ORDERS_PER_DAY, FAULT_RATE, KILL_EVERY, SEED = 3, 12, 0.4, 2, 7


def _drop(db):
    Registry.delete(db)
    with closing(odoo.sql_db.db_connect("postgres").cursor()) as cr:
        cr._cnx.autocommit = True
        cr.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    odoo.sql_db.close_db(db)
    shutil.rmtree(odoo.tools.config.filestore(db), ignore_errors=True)
    (ROOT / ".var" / f"serve-{db}.conf").unlink(missing_ok=True)


@pytest.fixture(scope="module")
def soak_server(tmp_path_factory):
    """A fresh database with connector_kogan (no demo data) and its server."""
    db = f"{get_db_name()}_soak"
    _drop(db)
    odoo_bin = Path(odoo.__file__).parents[1] / "odoo-bin"
    subprocess.run(
        [sys.executable, str(odoo_bin), "-c", odoo.tools.config.rcfile, "-d", db]
        + ["-i", "connector_kogan", "--without-demo=all", "--stop-after-init"]
        + ["--log-level=warn"],
        check=True,
        capture_output=True,
    )
    # the run's registry, loaded here as a server loads it (this process
    # is a test run: loading a registry would look for tests to run)
    with patch.dict(odoo.tools.config.options, test_enable=False):
        Registry(db)
    logfile = tmp_path_factory.mktemp("soak-odoo") / "odoo.log"
    server = OdooServer(db, free_port(), logfile)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        _drop(db)


@pytest.fixture(scope="module")
def soak(soak_server, tmp_path_factory):
    with KoganSimulator(seller_id=SELLER, seller_token=TOKEN) as sim:
        run = Soak(
            soak_server.db,
            sim,
            soak_server,
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


def test_no_unit_oversold(soak):
    assert soak["figures"]["units_oversold"] == 0, soak["details"]["oversold_by_sku"]


def test_no_tax_difference(soak):
    assert soak["figures"]["tax_differences"] == 0, soak["details"]["tax_differences"]


def test_no_stock_difference_after_the_last_window(soak):
    assert soak["figures"]["stock_differences"] == 0, soak["details"][
        "stock_differences"
    ]


# --- the definitions of the figures, on hand-made books ----------------------


def sale(seq, *items):
    return {
        "Seq": seq,
        "Kind": "sale",
        "OrderID": str(seq),
        "Items": [{"SellerSku": sku, "Quantity": q} for sku, q in items],
    }


def test_oversold_counts_units_beyond_what_odoo_could_still_sell():
    ledger = [sale(1, ("A", 2)), sale(2, ("A", 2), ("B", 1)), sale(3, ("A", 1))]
    # 3 of A sellable, 1 of them owed to an earlier order not reserved yet:
    # the first sale fits, the second oversells 2, the third 1; B is fine
    windows = [
        {
            "first_seq": 1,
            "last_seq": 3,
            "sellable": {"A": 3, "B": 1},
            "unreserved": {"A": 1},
        }
    ]
    assert units_oversold(ledger, windows) == {"A": 3, "B": 0}
    # a window only counts its own sales; negative sellable is nothing
    windows = [{"first_seq": 3, "last_seq": 3, "sellable": {"A": -2}, "unreserved": {}}]
    assert units_oversold(ledger, windows) == {"A": 1}


def test_orders_missing_and_duplicated():
    ledger = [sale(1, ("A", 1)), sale(2, ("A", 1)), sale(3, ("A", 1))]
    ledger.append({"Seq": 4, "Kind": "cancel", "OrderID": "9", "Items": []})
    missing, duplicated = order_counts(ledger, {"1": [10], "3": [11, 12, 13]})
    assert missing == ["2"]
    assert duplicated == {"3": 2}


def test_money_differences_beyond_rounding_held_orders_apart():
    kogan = {
        oid: {
            "Currency": "AUD",
            "TotalPrice": 110.0,
            "TotalTaxPrice": 9.0,
            "TotalShippingTaxPrice": 1.0,
            "TotalGiftOptionTaxPrice": 0,
        }
        for oid in ("1", "2", "3")
    }
    imported = {
        "1": {
            "amount_total": 110.01,
            "amount_tax": 9.99,
            "rounding": 0.01,
            "held": False,
        },
        "2": {
            "amount_total": 110.0,
            "amount_tax": 9.09,
            "rounding": 0.01,
            "held": False,
        },
        "3": {"amount_total": 100.0, "amount_tax": 0.0, "rounding": 0.01, "held": True},
    }
    tax, total, held = money_differences(kogan, imported)
    assert [d["order"] for d in tax] == ["2"]  # 9.09 vs 10.00
    assert total == []  # one cent is the currency's rounding
    assert [(d["order"], d["kogan_total"], d["odoo_total"]) for d in held] == [
        ("3", 110.0, 100.0)
    ]


def test_refund_differences_item_by_item():
    documents = [
        {"order": "1", "items": {"1-1": 2}, "reason": "Faulty Item", "done": True},
        {"order": "1", "items": {"1-2": 1}, "reason": "Wrong Goods", "done": True},
        {"order": "2", "items": {"2-1": 1}, "reason": "Faulty Item", "done": True},
        {"order": "3", "items": {"3-1": 1}, "reason": "Faulty Item", "done": False},
    ]
    refunds = [
        {
            "OrderID": "1",
            "Items": [{"ID": "1-1", "Quantity": 2, "Reason": "Faulty Item"}],
        },
        # the wrong reason, an item refunded twice, an item no document refunds
        {
            "OrderID": "1",
            "Items": [{"ID": "1-2", "Quantity": 1, "Reason": "Faulty Item"}],
        },
        {
            "OrderID": "2",
            "Items": [{"ID": "2-1", "Quantity": 1, "Reason": "Faulty Item"}],
        },
        {
            "OrderID": "2",
            "Items": [{"ID": "2-1", "Quantity": 1, "Reason": "Faulty Item"}],
        },
        {
            "OrderID": "3",
            "Items": [{"ID": "3-1", "Quantity": 1, "Reason": "Faulty Item"}],
        },
    ]
    assert [
        (d["order"], d["item"]) for d in refund_differences(refunds, documents)
    ] == [
        ("1", "1-2"),
        ("2", "2-1"),
        ("3", "3-1"),
    ]


def test_stock_differences():
    assert stock_differences({"A": 3, "B": 0, "C": 1}, {"A": 3, "B": -2, "C": 2}) == {
        "C": {"kogan": 1, "odoo": 2}
    }
