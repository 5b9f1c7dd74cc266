# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A tiny external system for the tests: /items (partners) and /tags, with
cursor pages, update times, DELETE (404 once gone), a call log and injectable
HTTP failures."""

from datetime import UTC, datetime

from odoo.addons.connector_base.tests.http_simulator import Reply, SimulatorServer

API_KEY = "s3cret-api-key"
PAGE = 2


def now_iso():
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Simulator(SimulatorServer):
    def __init__(self):
        super().__init__()
        self.items = {}
        self.tags = {}
        self.calls = []
        self.failures = []  # HTTP statuses to answer next, in order
        self._counter = 0

    @property
    def url(self):
        """The API root, as a backend's ``base_url``."""
        return f"{super().url}/"

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

    def handle(self, request):
        query = request.query
        with self.lock:
            self.calls.append((request.method, request.path, query))
            failure = self.failures.pop(0) if self.failures else None
        if request.headers.get("Authorization") != f"Key {API_KEY}":
            return 401, {"error": "bad key"}
        if failure:
            return failure, {"error": "injected"}, {"Retry-After": "7"}
        parts = [p for p in request.path.split("/") if p]
        body = request.json() if request.method in ("POST", "PUT") else None
        with self.lock:
            return self._dispatch(request.method, parts, query, body)

    def _dispatch(self, method, parts, query, body):  # noqa: C901 (one routing table)
        if parts == ["ping"]:
            return 200, {"ok": True}
        if parts == ["items"] and method == "GET":
            items = sorted(self.items.values(), key=lambda i: i["id"])
            if query.get("since"):
                since = query["since"]
                items = [i for i in items if i["updated_at"][:26] >= since[:26]]
            if "email" in query:
                items = [i for i in items if i["email"] == query["email"]]
            start = int(query.get("cursor") or 0)
            page = items[start : start + PAGE]
            more = start + PAGE < len(items)
            return 200, {"items": page, "next": str(start + PAGE) if more else None}
        if parts == ["items"] and method == "POST":
            self._counter += 1
            item_id = f"I{self._counter}"
            self.items[item_id] = dict(body, id=item_id, updated_at=now_iso())
            return 201, {"id": item_id}
        if len(parts) == 2 and parts[0] == "items":
            item = self.items.get(parts[1])
            if item is None:
                return 404, {"error": "no such item"}
            if method == "DELETE":
                del self.items[parts[1]]
                return Reply(204)
            if method == "PUT":
                item.update(body, updated_at=now_iso())
            return 200, item
        if parts == ["tags"]:
            return 200, {"items": list(self.tags.values())}
        if len(parts) == 2 and parts[0] == "tags":
            if parts[1] not in self.tags:
                return 404, {"error": "no such tag"}
            if method == "DELETE":
                del self.tags[parts[1]]
                return Reply(204)
            return 200, self.tags[parts[1]]
        return 404, {"error": "unknown path"}
