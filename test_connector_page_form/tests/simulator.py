# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A tiny product API for the tests: /products in pages of two (a cursor),
/products/<id> to read or update one, POST /products to create one."""

from urllib.parse import parse_qs, unquote

from odoo.addons.connector_base.tests.http_simulator import SimulatorServer

PAGE = 2


class Simulator(SimulatorServer):
    def __init__(self):
        super().__init__()
        self.products = {}
        self.calls = []

    @property
    def url(self):
        """The API root, as a backend's ``base_url``."""
        return f"{super().url}/"

    def add(self, title, sku):
        with self.lock:
            return self._add({"title": title, "sku": sku})

    def _add(self, data):
        product_id = f"P{len(self.products) + 1}"
        self.products[product_id] = dict(data, id=product_id)
        return product_id

    def answer(self, method, path, query, body):
        """(status, reply) of one request."""
        self.calls.append((method, path))
        parts = [unquote(part) for part in path.split("/") if part]
        if parts == ["products"] and method == "GET":
            start = int(query.get("cursor", ["0"])[0])
            products = sorted(self.products.values(), key=lambda p: p["id"])
            more = start + PAGE < len(products)
            page = products[start : start + PAGE]
            return 200, {"products": page, "next": str(start + PAGE) if more else None}
        if parts == ["products"] and method == "POST":
            return 201, {"id": self._add(body)}
        product = self.products.get(parts[-1]) if len(parts) == 2 else None
        if product is None:
            return 404, {"error": "not found"}
        if method == "PUT":
            product.update(body)
        return 200, product

    def handle(self, request):
        body = request.json()
        with self.lock:
            return self.answer(
                request.method, request.path, parse_qs(request.query_string), body
            )
