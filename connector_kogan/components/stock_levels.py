# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What Kogan may sell of each product: the sellable (free) quantity over the
backend's locations, less its buffer, capped at its maximum, never below 0
(DESIGN.md, "The seller's books")."""

import math

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


def stock_levels(backend, products):
    """``{product id: stock to send to Kogan}``."""
    free = free_quantities(backend, products)
    return {product.id: kogan_stock(backend, free[product.id]) for product in products}
