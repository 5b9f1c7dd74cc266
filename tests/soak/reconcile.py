"""The seller's books of a soak run, reconciled (``/work/shared/DESIGN.md``,
"The seller's books"): Kogan's side is the simulator's own ledger and state,
Odoo's side the facts the driver read from the database. Pure functions: no
Odoo, no HTTP, so that each definition below is the whole of it.

Figures (each must be 0):

- ``units_oversold``: for each sale in Kogan's ledger, the units sold beyond
  what Odoo could still sell of that SKU at that moment: Odoo's sellable
  quantity (free quantity over the backend's warehouse, read after the queue
  drained and before the day's sales), less the units Kogan sold that Odoo
  did not hold reserved yet (the earlier sales of that window, and earlier
  orders not confirmed in Odoo nor cancelled on Kogan).
- ``orders_missing``: Kogan orders (ledger sales) without a sale order.
- ``orders_duplicated``: sale orders beyond the first of each Kogan order.
- ``tax_differences`` / ``total_differences``: imported orders whose taxes
  (Kogan's ``TotalTaxPrice`` + ``TotalShippingTaxPrice`` +
  ``TotalGiftOptionTaxPrice``) or total (``TotalPrice``) differ from the sale
  order's, as imported, by more than the currency's rounding; orders held for
  review (with both figures) are excepted and counted apart.
- ``refund_differences``: Kogan order items whose refunds on Kogan (quantity,
  reason, how many times) differ from the return or credit note of Odoo that
  refunds them.
- ``stock_differences``: SKUs whose stock on Kogan, after the last window,
  is not the sellable quantity in Odoo (no buffer or maximum is set).
"""

from collections import Counter, defaultdict

FIGURES = (
    "units_oversold",
    "orders_missing",
    "orders_duplicated",
    "tax_differences",
    "total_differences",
    "refund_differences",
    "stock_differences",
)
TAX_KEYS = ("TotalTaxPrice", "TotalShippingTaxPrice", "TotalGiftOptionTaxPrice")


def units_oversold(ledger, windows):
    """Oversold units per SKU. ``windows``: ``[{first_seq, last_seq,
    sellable: {sku: qty}, unreserved: {sku: qty}}]``, one per day's sales."""
    sales = [entry for entry in ledger if entry["Kind"] == "sale"]
    oversold = Counter()
    for window in windows:
        sold = Counter(window["unreserved"])
        for sale in sales:
            if not window["first_seq"] <= sale["Seq"] <= window["last_seq"]:
                continue
            for item in sale["Items"]:
                sku, quantity = item["SellerSku"], item["Quantity"]
                left = max(window["sellable"].get(sku, 0) - sold[sku], 0)
                oversold[sku] += max(quantity - left, 0)
                sold[sku] += quantity
    return oversold


def order_counts(ledger, sale_orders):
    """Missing and duplicated orders. ``sale_orders``: ``{Kogan ID: [sale
    order ids]}`` (bound or referring to that Kogan order)."""
    ids = [entry["OrderID"] for entry in ledger if entry["Kind"] == "sale"]
    missing = [oid for oid in ids if not sale_orders.get(oid)]
    duplicated = {
        oid: len(sale_orders[oid]) - 1
        for oid in ids
        if len(sale_orders.get(oid) or ()) > 1
    }
    return missing, duplicated


def money_differences(kogan_orders, imported):
    """Tax and total differences of the imported orders. ``imported``:
    ``{Kogan ID: {amount_total, amount_tax, rounding, held}}`` read right
    after their import. Returns (tax, total, held) lists of details."""
    tax, total, held = [], [], []
    for oid, order in sorted(imported.items()):
        kogan = kogan_orders.get(oid)
        if kogan is None:
            continue
        kogan_tax = round(sum(float(kogan.get(key) or 0) for key in TAX_KEYS), 2)
        kogan_total = float(kogan["TotalPrice"])
        detail = {
            "order": oid,
            "currency": kogan.get("Currency"),
            "kogan_tax": kogan_tax,
            "odoo_tax": order["amount_tax"],
            "kogan_total": kogan_total,
            "odoo_total": order["amount_total"],
        }
        if order["held"]:
            held.append(detail)
            continue
        limit = order["rounding"] + 1e-9
        if abs(order["amount_tax"] - kogan_tax) > limit:
            tax.append(detail)
        if abs(order["amount_total"] - kogan_total) > limit:
            total.append(detail)
    return tax, total, held


def refund_differences(kogan_refunds, documents):
    """Items refunded on Kogan otherwise than the Odoo documents say.
    ``kogan_refunds``: the simulator's ``[{OrderID, Items: [{ID, Quantity,
    Reason}]}]``; ``documents``: ``[{order, items: {item ID: quantity},
    reason, done}]`` (returns and credit notes with a Kogan reason; ``done``:
    validated or posted)."""
    expected = {}
    for document in documents:
        if not document["done"]:
            continue
        for item_id, quantity in document["items"].items():
            # a line is refunded once, by the first document that credits it
            expected.setdefault(
                (str(document["order"]), str(item_id)), (quantity, document["reason"])
            )
    received = defaultdict(list)
    for refund in kogan_refunds:
        for item in refund["Items"]:
            key = (str(refund["OrderID"]), str(item["ID"]))
            received[key].append((item["Quantity"], item["Reason"]))
    differences = []
    for key in sorted(set(expected) | set(received)):
        want = [expected[key]] if key in expected else []
        if received.get(key, []) != want:
            differences.append(
                {"order": key[0], "item": key[1], "odoo": want, "kogan": received[key]}
            )
    return differences


def stock_differences(kogan_stock, sellable):
    """SKUs whose Kogan stock is not Odoo's sellable quantity (never below 0)."""
    return {
        sku: {"kogan": kogan_stock.get(sku), "odoo": max(quantity, 0)}
        for sku, quantity in sorted(sellable.items())
        if kogan_stock.get(sku) != max(quantity, 0)
    }


def reconcile(ledger, sim_state, odoo):
    """Every figure and its details. ``odoo``: ``{windows, sale_orders,
    imported, documents, sellable}`` read by the driver."""
    kogan_orders = {str(order["ID"]): order for order in sim_state["orders"]}
    oversold = units_oversold(ledger, odoo["windows"])
    missing, duplicated = order_counts(ledger, odoo["sale_orders"])
    tax, total, held = money_differences(kogan_orders, odoo["imported"])
    refunds = refund_differences(sim_state["refunds"], odoo["documents"])
    kogan_stock = {p["product_sku"]: p["stock"] for p in sim_state["products"]}
    stock = stock_differences(kogan_stock, odoo["sellable"])
    figures = {
        "units_oversold": sum(oversold.values()),
        "orders_missing": len(missing),
        "orders_duplicated": sum(duplicated.values()),
        "tax_differences": len(tax),
        "total_differences": len(total),
        "refund_differences": len(refunds),
        "stock_differences": len(stock),
    }
    details = {
        "oversold_by_sku": {sku: n for sku, n in sorted(oversold.items()) if n},
        "orders_missing": missing,
        "orders_duplicated": duplicated,
        "tax_differences": tax,
        "total_differences": total,
        "held_for_review": held,
        "refund_differences": refunds,
        "stock_differences": stock,
        "stock_units_off": sum(
            abs((d["kogan"] or 0) - d["odoo"]) for d in stock.values()
        ),
    }
    return figures, details


def report_text(result):
    """The printed report: the figures, then what the run did."""
    figures, counts = result["figures"], result["counts"]
    timings = result.get("timings") or {}
    width = max(len(name) for name in (*figures, *counts, *timings))
    lines = ["Soak run reconciled with Kogan's ledger", ""]
    lines += [f"  {name:<{width}}  {value}" for name, value in figures.items()]
    held = len(result["details"]["held_for_review"])
    lines += ["", f"  {'orders held for review':<{width}}  {held} (excepted)"]
    lines += ["", "What the run did:"]
    lines += [f"  {name:<{width}}  {value}" for name, value in counts.items()]
    if timings:
        lines += ["", "Where the time went (s):"]
        lines += [f"  {step:<{width}}  {sec}" for step, sec in timings.items()]
    lines += ["", "RESULT: " + ("all figures 0" if result["ok"] else "BREACHES")]
    return "\n".join(lines)
