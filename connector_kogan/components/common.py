# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Kogan's API conventions, shared by the adapters."""

import json
import logging
import time
from urllib.parse import quote

from odoo.addons.connector_base import BadDataError, PermanentError, TransientError

_logger = logging.getLogger(__name__)

MAX_BATCH = 500  # items per product write, Kogan's limit
FINAL = ("Complete", "CompleteWithErrors", "Failed")


def short(value, size=300):
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= size else text[:size] + "..."


def path_part(value):
    """An id or SKU as one URL path segment: ``/``, ``?``, ``#``, ``..`` and
    the like inside it cannot reach another endpoint."""
    text = str(value)
    if not text.strip() or text in (".", ".."):
        raise BadDataError(f"{text!r} cannot name a Kogan record")
    return quote(text, safe="")


def messages(by_field):
    """Kogan's per-SKU ``{field: [message, ...]}`` as one line of text."""
    if not isinstance(by_field, dict):
        return short(by_field)
    return "; ".join(
        f"{field}: {' '.join(map(str, texts if isinstance(texts, list) else [texts]))}"
        for field, texts in by_field.items()
    )


class KoganApi:
    """Replies are ``{"status": ..., "body": ...}``; product writes are
    asynchronous tasks to poll."""

    def _call(self, method, path, **kwargs):
        reply = self.backend_record._http_request(method, path, **kwargs)
        return self._checked(method, path, reply)

    def _checked(self, method, path, reply):
        """Kogan's ``reply`` to ``method path``, refused when it is not one."""
        if not isinstance(reply, dict) or not isinstance(reply.get("status"), str):
            raise BadDataError(
                f"Kogan answered {method} {path} with an unexpected reply: "
                f"{short(reply)}"
            ).summarised(f"Kogan answered {method} {path} with an unexpected reply")
        if reply["status"] == "Failed" and reply.get("body") is None:
            raise PermanentError(
                f"Kogan refused {method} {path}: {reply.get('error') or short(reply)}"
            ).summarised(f"Kogan refused {method} {path}")
        return reply

    def _body(self, reply, kind, what):
        body = reply.get("body")
        if not isinstance(body, kind):
            raise BadDataError(f"Kogan's {what} is malformed: {short(reply)}")
        return body

    def _write(self, method, path, items):
        """Send the items in calls of 500, then wait for Kogan's tasks
        together: each round asks for every unfinished task, then waits a
        growing delay (a push of 10,000 items waits as long as one of 500,
        not 20 times as long); returns ``{sku: error message}`` for the
        items Kogan refused."""
        tasks = [
            {"items": items[start : start + MAX_BATCH]}
            for start in range(0, len(items), MAX_BATCH)
        ]
        for task in tasks:
            task["reply"] = self._call(method, path, json=task["items"])
        backend = self.backend_record
        deadline = time.monotonic() + (backend.async_timeout or 120)
        delay = 0.1
        while waiting := [t for t in tasks if t["reply"]["status"] not in FINAL]:
            for task in waiting:
                self._check_pending(method, path, task, deadline)
            time.sleep(delay)
            delay = min(delay * 2, 5)
            for task in waiting:
                task["reply"] = self._call("GET", task["reply"]["pending_url"])
        errors = {}
        for task in tasks:
            errors.update(self._refused(method, path, task["reply"]))
        return errors

    def _check_pending(self, method, path, task, deadline):
        reply = task["reply"]
        if reply["status"] != "AsyncResponsePending" or not reply.get("pending_url"):
            raise BadDataError(f"Kogan's task reply is unexpected: {short(reply)}")
        if time.monotonic() > deadline:
            # nothing is lost: the retry finds what Kogan did apply meanwhile
            raise TransientError(
                f"Kogan did not finish {method} {path} ({len(task['items'])} "
                f"items) within {self.backend_record.async_timeout} s "
                f"({reply['pending_url']})"
            )

    def _refused(self, method, path, reply):
        """``{sku: error message}`` of a finished task."""
        body = reply.get("body") if isinstance(reply.get("body"), dict) else {}
        for warning in body.get("warnings") or []:
            _logger.info("Kogan warning on %s %s: %s", method, path, short(warning))
        errors = {}
        for entry in body.get("errors") or []:
            if isinstance(entry, dict):
                errors[str(entry.get("product_sku"))] = messages(entry.get("errors"))
        if reply["status"] == "Failed" and not errors:
            raise PermanentError(f"Kogan failed {method} {path}: {short(reply)}")
        return errors
