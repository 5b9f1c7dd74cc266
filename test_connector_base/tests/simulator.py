# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A tiny external system for the tests: /items (partners) and /tags, with
cursor pages, update times, DELETE (404 once gone), a call log and injectable
HTTP failures."""

import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

API_KEY = "s3cret-api-key"
PAGE = 2


def now_iso():
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Simulator:
    def __init__(self):
        self.items = {}
        self.tags = {}
        self.calls = []
        self.failures = []  # HTTP statuses to answer next, in order
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        self._counter = 0

    def start(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def add_item(self, name, email, **extra):
        with self.lock:
            self._counter += 1
            item_id = f"I{self._counter}"
            self.items[item_id] = dict(
                id=item_id, name=name, email=email, updated_at=now_iso(), **extra
            )
            return item_id

    def touch(self, item_id, **changes):
        with self.lock:
            self.items[item_id].update(changes, updated_at=now_iso())

    def _handler(self):  # noqa: C901 (one routing table, read top to bottom)
        sim = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, status, body=None, headers=None):
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def _body(self):
                length = int(self.headers.get("Content-Length") or 0)
                return json.loads(self.rfile.read(length) or b"null")

            def _route(self, method):
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                with sim.lock:
                    sim.calls.append((method, url.path, query))
                    failure = sim.failures.pop(0) if sim.failures else None
                if self.headers.get("Authorization") != f"Key {API_KEY}":
                    return self._reply(401, {"error": "bad key"})
                if failure:
                    return self._reply(
                        failure, {"error": "injected"}, {"Retry-After": "7"}
                    )
                parts = [p for p in url.path.split("/") if p]
                body = self._body() if method in ("POST", "PUT") else None
                with sim.lock:
                    return self._dispatch(method, parts, query, body)

            def _dispatch(self, method, parts, query, body):
                if parts == ["ping"]:
                    return self._reply(200, {"ok": True})
                if parts == ["items"] and method == "GET":
                    items = sorted(sim.items.values(), key=lambda i: i["id"])
                    if query.get("since"):
                        since = query["since"]
                        items = [i for i in items if i["updated_at"][:26] >= since[:26]]
                    if "email" in query:
                        items = [i for i in items if i["email"] == query["email"]]
                    start = int(query.get("cursor") or 0)
                    page = items[start : start + PAGE]
                    more = start + PAGE < len(items)
                    return self._reply(
                        200,
                        {"items": page, "next": str(start + PAGE) if more else None},
                    )
                if parts == ["items"] and method == "POST":
                    sim._counter += 1
                    item_id = f"I{sim._counter}"
                    sim.items[item_id] = dict(body, id=item_id, updated_at=now_iso())
                    return self._reply(201, {"id": item_id})
                if len(parts) == 2 and parts[0] == "items":
                    item = sim.items.get(parts[1])
                    if item is None:
                        return self._reply(404, {"error": "no such item"})
                    if method == "DELETE":
                        del sim.items[parts[1]]
                        return self._reply(204)
                    if method == "PUT":
                        item.update(body, updated_at=now_iso())
                    return self._reply(200, item)
                if parts == ["tags"]:
                    return self._reply(200, {"items": list(sim.tags.values())})
                if len(parts) == 2 and parts[0] == "tags":
                    if parts[1] not in sim.tags:
                        return self._reply(404, {"error": "no such tag"})
                    if method == "DELETE":
                        del sim.tags[parts[1]]
                        return self._reply(204)
                    return self._reply(200, sim.tags[parts[1]])
                return self._reply(404, {"error": "unknown path"})

            def do_GET(self):
                self._route("GET")

            def do_POST(self):
                self._route("POST")

            def do_PUT(self):
                self._route("PUT")

            def do_DELETE(self):
                self._route("DELETE")

        return Handler
