# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What Kogan may sell of each product: the sellable (free) quantity over the
backend's locations, less what Kogan sold that Odoo has not reserved yet,
less its buffer, capped at its maximum, never below 0 (DESIGN.md, "The
seller's books")."""

import math
from collections import defaultdict

from odoo.addons.connector_base import BadDataError


def stock_locations(backend):
    """The locations whose sellable quantity Kogan sells: the backend's own
    choice, else its warehouse's stock location, else those of its
    company's warehouses (each with its child locations)."""
    if backend.stock_location_ids:
        return backend.stock_location_ids
    warehouses = backend.warehouse_id or backend.env["stock.warehouse"].sudo().search(
        [("company_id", "=", backend.company_id.id)]
    )
    if not warehouses:
        raise BadDataError(
            f"{backend.company_id.name} has no warehouse: no stock to send to Kogan"
        )
    return warehouses.lot_stock_id


def free_quantities(backend, products):
    """``{product id: quantity on hand - reserved}`` over the backend's
    locations: one grouped read of the quants (not the five quantity fields
    of each product, which also read every pending move), as superuser: the
    locations say whose stock counts, not the job's user's companies."""
    env = backend.env(su=True)
    locations = stock_locations(backend)
    # Odoo's own location domain (each location and its children, by path)
    domain_quant = (
        env["product.product"]
        .with_context(strict=False)
        ._get_domain_locations_new(locations.ids)[0]
    )
    quants = env["stock.quant"]
    groups = quants._read_group(
        [("product_id", "in", products.ids)] + domain_quant,
        ["product_id"],
        ["quantity:sum", "reserved_quantity:sum"],
    )
    free = dict.fromkeys(products.ids, 0.0)
    for product, quantity, reserved in groups:
        free[product.id] = quantity - reserved
    return free


def kogan_stock(backend, free):
    """Kogan's stock for a free quantity ``free``: whole units (a float sum
    of 2.9999999 is 3), less the buffer, at most the maximum, at least 0."""
    units = math.floor(round(free, 6)) - backend.stock_buffer
    if backend.stock_max:
        units = min(units, backend.stock_max)
    return max(units, 0)


def sold_not_reserved(backend, products):
    """``{product id: units}`` sold on Kogan that the free quantity does not
    hold yet. Kogan lowers its stock when it sells; a push made before
    Odoo reserves the order's units would raise it back, and Kogan would
    sell them twice. Those are the units of the orders awaiting shipment on
    Kogan that Odoo has not imported yet (one read of Kogan's list), and of
    the imported orders not confirmed yet (held for review, or a workflow
    that does not confirm)."""
    units = defaultdict(float)
    with backend.work_on("sale.order") as work:
        orders = work.component(usage="backend.adapter")
        order_binder = work.component(usage="binder")
        listed = [o for page in orders.get_records() for o in page]
        listed = [o for o in listed if isinstance(o, dict) and o.get("ID")]
        bound = order_binder.bindings_by_external([o["ID"] for o in listed])
        skus = defaultdict(float)
        for order in listed:
            if str(order["ID"]) in bound:
                continue
            for item in order.get("Items") or []:
                quantity = isinstance(item, dict) and item.get("Quantity")
                # only what widens the deduction: a count sold
                if isinstance(quantity, int) and quantity > 0:
                    skus[str(item.get("SellerSku"))] += quantity
        product_binder = work.component(usage="binder", model_name="product.product")
        for sku, binding in product_binder.bindings_by_external(list(skus)).items():
            units[binding.res_id] += skus[sku]
        lines = (
            backend.env["sale.order.line"]
            .sudo()
            .search(
                [
                    ("product_id", "in", products.ids),
                    ("order_id.state", "in", ("draft", "sent")),
                    ("order_id.kogan_status", "!=", False),
                ]
            )
        )
        ours = order_binder.bindings_by_record(lines.order_id)
    for line in lines:
        if line.order_id.id in ours:
            units[line.product_id.id] += line.product_uom_qty
    return units


def stock_levels(backend, products):
    """``{product id: stock to send to Kogan}``."""
    free = free_quantities(backend, products)
    sold = sold_not_reserved(backend, products)
    return {
        product.id: kogan_stock(backend, free[product.id] - sold.get(product.id, 0))
        for product in products
    }
