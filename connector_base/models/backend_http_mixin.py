# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import json
import threading
import time

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

from odoo import _, fields, models

from .. import secrets
from ..exceptions import BadDataError, PermanentError, TransientError

# One requests.Session per backend and configuration, reused across jobs of a
# worker so that connections are kept alive; with the time of the last request
# for the rate limit.
_sessions = {}
_sessions_lock = threading.Lock()


class _SessionSlot:
    def __init__(self, session):
        self.session = session
        self.lock = threading.Lock()
        self.last_request = 0.0


class ConnectorBackendHttpMixin(models.AbstractModel):
    """HTTP access to a backend: base URL, credentials, timeout, a reused
    session with bounded retries of idempotent requests, a simple rate limit,
    errors classified for ``@process``, and "Test connection"."""

    _name = "connector.backend.http.mixin"
    _description = "Connector Backend: HTTP Access"

    #: fields holding secrets: masked in logs, errors and job arguments
    _connector_secret_fields = []
    #: path requested by "Test connection", relative to the base URL
    _connector_test_path = ""

    base_url = fields.Char(string="API URL")
    http_timeout = fields.Integer(string="Timeout (s)", default=30)
    http_max_retries = fields.Integer(
        string="HTTP Retries",
        default=2,
        help="Immediate retries of idempotent requests after a connection error "
        "or a 502/503/504; beyond that the job is retried later with backoff.",
    )
    http_rate_limit = fields.Float(
        string="Rate Limit (requests/s)", default=0, help="0 means no limit"
    )

    # -- hooks for connectors ----------------------------------------------

    def _http_headers(self):
        """Headers sent with every request (authentication, content type)."""
        return {"Accept": "application/json"}

    def _http_auth(self):
        """A requests auth object (e.g. HTTP Basic), or None."""
        return getattr(self, "_connector_http_auth", None)

    # -- session -----------------------------------------------------------

    def _http_secrets(self):
        values = [self.sudo()[name] for name in self._connector_secret_fields]
        return [v for v in values if isinstance(v, str) and v]

    def _http_slot(self):
        self.ensure_one()
        headers = self._http_headers()
        auth = self._http_auth()
        secret_values = self._http_secrets()
        secrets.register(*secret_values)
        fingerprint = hashlib.sha256(
            json.dumps(
                [self.base_url, self.http_max_retries, headers, repr(auth)],
                default=str,
                sort_keys=True,
            ).encode()
        ).hexdigest()
        key = (self.env.cr.dbname, self._name, self.id, fingerprint)
        with _sessions_lock:
            slot = _sessions.get(key)
            if slot is None:
                session = requests.Session()
                session.headers.update(headers)
                session.auth = auth
                retry = Retry(
                    total=self.http_max_retries,
                    backoff_factor=0.2,
                    status_forcelist=(502, 503, 504),
                    allowed_methods=("GET", "HEAD", "OPTIONS"),
                    respect_retry_after_header=False,
                    raise_on_status=False,
                )
                session.mount("http://", HTTPAdapter(max_retries=retry))
                session.mount("https://", HTTPAdapter(max_retries=retry))
                slot = _sessions[key] = _SessionSlot(session)
        return slot

    def _http_url(self, path):
        if path.startswith(("http://", "https://")):
            return path
        return (self.base_url or "").rstrip("/") + "/" + path.lstrip("/")

    def _http_wait_rate_limit(self, slot):
        if self.http_rate_limit > 0:
            with slot.lock:
                interval = 1.0 / self.http_rate_limit
                wait = slot.last_request + interval - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                slot.last_request = time.monotonic()

    def _http_request(self, method, path, **kwargs):
        """Send a request and return the decoded JSON (None for an empty body).

        Raises TransientError (network, 429, 5xx), PermanentError (other 4xx)
        or BadDataError (400/422, or a reply that is not JSON)."""
        self.ensure_one()
        if not self.base_url:
            raise PermanentError(_("%s has no API URL.") % self.display_name)
        slot = self._http_slot()
        self._http_wait_rate_limit(slot)
        url = self._http_url(path)
        kwargs.setdefault("timeout", self.http_timeout or 30)
        try:
            response = slot.session.request(method, url, **kwargs)
        except requests.Timeout as err:
            raise TransientError(
                _("%(url)s did not answer in time") % {"url": url}
            ) from err
        except requests.ConnectionError as err:
            # a read timeout once the retries are spent: reached, but too slow
            reason = getattr(err.args[0], "reason", None) if err.args else None
            if isinstance(reason, ReadTimeoutError):
                raise TransientError(
                    _("%(url)s did not answer in time") % {"url": url}
                ) from err
            raise TransientError(
                _("Cannot reach %(url)s: %(error)s") % {"url": url, "error": err}
            ) from err
        except requests.RequestException as err:
            raise PermanentError(
                _("Invalid request to %(url)s: %(error)s") % {"url": url, "error": err}
            ) from err
        return self._http_decode(response)

    def _http_decode(self, response):
        status = response.status_code
        where = f"{response.request.method} {response.url}"
        if status == 429 or status >= 500:
            retry_after = response.headers.get("Retry-After")
            raise TransientError(
                _("%(where)s answered %(status)s") % {"where": where, "status": status},
                retry_after=float(retry_after)
                if retry_after and retry_after.replace(".", "", 1).isdigit()
                else None,
            )
        body = response.text
        if status in (400, 409, 422):
            raise BadDataError(
                _("%(where)s refused the data (%(status)s): %(body)s")
                % {"where": where, "status": status, "body": body[:500]}
            )
        if status >= 400:
            raise PermanentError(
                _("%(where)s answered %(status)s: %(body)s")
                % {"where": where, "status": status, "body": body[:500]}
            )
        if not body.strip():
            return None
        try:
            return response.json()
        except ValueError as err:
            raise BadDataError(
                _("%(where)s answered something that is not JSON: %(body)s")
                % {"where": where, "body": body[:200]}
            ) from err

    # -- Test connection ---------------------------------------------------

    def _http_test_connection(self):
        """Connectors override this with a cheap authenticated request."""
        return self._http_request("GET", self._connector_test_path)

    def action_test_connection(self):
        self.ensure_one()
        try:
            self._http_test_connection()
        except (TransientError, PermanentError, BadDataError) as err:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "danger",
                    "title": _("Connection failed"),
                    "message": secrets.redact(str(err)),
                    "sticky": True,
                },
            }
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("Connection to %s works.") % self.display_name,
            },
        }
