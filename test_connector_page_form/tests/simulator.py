# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A tiny product API for the tests: /products in pages of two (a cursor),
/products/<id> to read or update one, POST /products to create one."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse

PAGE = 2


class Simulator:
    def __init__(self):
        self.products = {}
        self.calls = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}/"

    def start(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

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

    def _handler(self):
        sim = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _serve(self):
                url = urlparse(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"null")
                with sim.lock:
                    status, reply = sim.answer(
                        self.command, url.path, parse_qs(url.query), body
                    )
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = _serve

        return Handler
