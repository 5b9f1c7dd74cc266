# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import contextlib
import hashlib
import ipaddress
import json
import socket
import threading
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

import orjson
import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .. import secrets
from ..bounds import check_off_or_range, check_ranges
from ..collector import collector_resumed
from ..exceptions import BadDataError, PermanentError, TransientError
from ..http_send import ReplyAhead, ReplyTooLarge, SendableRequest, SessionSlot
from ..settings import key, setting
from .actions import notification

# One requests.Session per backend and configuration, reused across jobs of a
# worker so that connections are kept alive; with the time of the last request
# for the rate limit.
_sessions = {}
_sessions_lock = threading.Lock()
#: system parameter that lets plain http reach hosts other than loopback, for
#: test environments only (shown in Settings → Connector)
INSECURE_HTTP_PARAM = "connector_base.allow_insecure_http"
MAX_REPLY_BYTES_PARAM = key("max_reply_bytes")


def origin_of(url):
    """(scheme, host, port) of an absolute URL, with the default port."""
    parts = urlsplit(url)
    scheme = (parts.scheme or "").lower()
    try:
        port = parts.port or {"http": 80, "https": 443}.get(scheme)
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port


def is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def local_addresses(host, port):
    """The addresses ``host`` resolves to that are not public (loopback,
    private, link-local, reserved...): a backend's URL naming them would
    reach this server's own services or its network's."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return []  # requests says the host is unknown
    addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    return sorted(str(a) for a in addresses if not a.is_global)


def transport_refusal(url):
    """Why ``url`` is refused unless an administrator allows plain http and
    local addresses (test environments), or None: plain http sends the
    credentials in clear, a local or private address reaches this server's
    own services (checked on the address the host resolves to)."""
    scheme, host, port = origin_of(url)
    if scheme != "https":
        return (
            f"{url}: plain http is refused (the credentials travel in clear); use https"
        )
    local = local_addresses(host, port)
    if local:
        addresses = ", ".join(local)
        return f"{url}: {host} resolves to a local or private address ({addresses})"
    return None


class OriginRefused(requests.RequestException):
    """A request or a redirect aimed at another host than the backend's API:
    the session carries the backend's credentials, which stay on their host."""


class _OriginSession(requests.Session):
    """A session that follows redirects only within its API's origin
    (requests itself drops only ``Authorization`` on a cross-host redirect,
    not the other credential headers a connector sets)."""

    allowed_origin = None

    def get_redirect_target(self, resp):
        target = super().get_redirect_target(resp)
        if target and self.allowed_origin:
            absolute = urljoin(resp.url, target)
            if origin_of(absolute) != self.allowed_origin:
                raise OriginRefused(
                    f"{resp.url} redirects to {absolute}, outside the backend's "
                    "API: not followed, the credentials stay on their host"
                )
        return target


class _GuardedAdapter(HTTPAdapter):
    """Checks each request it sends, the first and every redirect, on the
    address its host resolves to: https to public addresses only, unless an
    administrator allows plain http and local addresses (test environments,
    the simulators)."""

    allow_local = False

    def send(self, request, *args, **kwargs):
        refusal = None if self.allow_local else transport_refusal(request.url)
        if refusal:
            raise OriginRefused(refusal)
        return super().send(request, *args, **kwargs)


def _json_of(response):
    """A reply's JSON: orjson takes a third of ``json()``'s time on a page of
    listings; what it refuses (NaN, an integer past 64 bits, an encoding
    other than UTF-8) is read by ``json()``, as before."""
    encoding = response.encoding
    if encoding is None or encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
        with contextlib.suppress(orjson.JSONDecodeError):
            return orjson.loads(response.content)
    return response.json()


def _auth_key(auth):
    """What tells two auth objects apart (an AuthBase's repr holds its
    address, new at each call: its attributes say what it sends)."""
    return repr(vars(auth) if hasattr(auth, "__dict__") else auth)


class HttpResponse(NamedTuple):
    """A reply of the backend's API, as ``_http_response`` returns it."""

    data: object  # the decoded JSON body (None for an empty body)
    headers: dict  # the reply's headers, case-insensitive (``X-WP-TotalPages``)
    status: int  # the HTTP status (2xx or 3xx: the others raise)

    @property
    def next_link(self):
        """The URL of the reply's ``Link: <url>; rel="next"`` header (a
        GitHub- or Shopify-style listing), or None on the last page."""
        links = requests.utils.parse_header_links(self.headers.get("Link") or "")
        return next((link["url"] for link in links if link.get("rel") == "next"), None)


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
    http_local_allowed = fields.Boolean(
        string="Plain HTTP and Local Addresses Allowed",
        compute="_compute_http_local_allowed",
        help="An administrator's setting (Settings > Connector > Security), off "
        "by default: backends may then use plain http and reach this machine or "
        "private networks. Test environments only.",
    )

    #: the ranges of the HTTP settings: a timeout beyond 10 minutes holds a
    #: worker past Odoo's own limits; a rate limit below 0.1/s would sleep
    #: more than 10 s per request while holding its backend's lock
    _http_ranges = {"http_timeout": (0, 600), "http_max_retries": (0, 10)}
    _http_rate_range = (0.1, 1000)

    @api.constrains("http_timeout", "http_max_retries", "http_rate_limit")
    def _check_http_settings(self):
        check_ranges(self, self._http_ranges)
        check_off_or_range(self, "http_rate_limit", *self._http_rate_range)

    def _compute_http_local_allowed(self):
        self.http_local_allowed = self._http_insecure_allowed()

    # -- secrets: known to every worker from its start ---------------------

    def _register_hook(self):
        """Each worker loads the registry at start-up: it learns the secrets
        of every backend then, before any request, log line or error."""
        result = super()._register_hook()
        if not self._abstract and self._connector_secret_fields:
            backends = self.sudo().with_context(active_test=False).search([])
            for backend in backends:
                secrets.register(*backend._http_secrets())
        return result

    @api.model_create_multi
    def create(self, vals_list):
        backends = super().create(vals_list)
        backends._check_secret_values()
        return backends

    def write(self, vals):
        result = super().write(vals)
        if set(vals) & set(self._connector_secret_fields):
            self._check_secret_values()
        return result

    def _check_secret_values(self):
        """Secrets must be maskable; the valid ones are registered at once."""
        for backend in self:
            for name in self._connector_secret_fields:
                value = backend.sudo()[name]
                problem = secrets.problem(value) if isinstance(value, str) else None
                if problem:
                    raise ValidationError(
                        _("%(field)s of %(backend)s: %(problem)s, please.")
                        % {
                            "field": self._fields[name].string,
                            "backend": backend.display_name,
                            "problem": problem,
                        }
                    )
            secrets.register(*backend._http_secrets())

    # -- hooks for connectors ----------------------------------------------

    def _http_headers(self):
        """Headers sent with every request (authentication, content type)."""
        return {"Accept": "application/json"}

    def _http_params(self):
        """Query parameters sent with every request (an API key some APIs
        take in the URL)."""
        return {}

    def _http_auth(self):
        """A method (not an attribute): the ``auth`` of every request, as
        requests takes it: a ``(user, password)`` tuple for HTTP Basic (a
        key and its secret), a ``requests.auth.AuthBase``, or None."""
        return None

    # -- session -----------------------------------------------------------

    def _http_secrets(self):
        values = [self.sudo()[name] for name in self._connector_secret_fields]
        return [v for v in values if isinstance(v, str) and v]

    def _http_slot(self):
        self.ensure_one()
        headers = self._http_headers()
        auth = self._http_auth()  # pylint: disable=assignment-from-none
        params = self._http_params()  # the secrets: registered by the caller
        fingerprint = hashlib.sha256(
            json.dumps(
                [self.base_url, self.http_max_retries, headers, params]
                + [_auth_key(auth)],
                default=str,
                sort_keys=True,
            ).encode()
        ).hexdigest()
        key = (self.env.cr.dbname, self._name, self.id, fingerprint)
        with _sessions_lock:
            slot = _sessions.get(key)
            if slot is None:
                session = _OriginSession()
                session.allowed_origin = origin_of(self.base_url or "")
                session.headers.update(headers)
                session.params = params
                session.auth = auth
                retry = Retry(
                    total=self.http_max_retries,
                    backoff_factor=0.2,
                    status_forcelist=(502, 503, 504),
                    allowed_methods=("GET", "HEAD", "OPTIONS"),
                    respect_retry_after_header=False,
                    raise_on_status=False,
                )
                session.mount("http://", _GuardedAdapter(max_retries=retry))
                session.mount("https://", _GuardedAdapter(max_retries=retry))
                slot = _sessions[key] = SessionSlot(session)
        return slot

    def _http_url(self, path):
        """The URL of ``path`` under the API URL. An absolute URL (a reply's
        ``next`` page, a task's ``pending_url``) is accepted only on the API's
        own origin: the session's credentials go nowhere else."""
        base = self.base_url or ""
        parts = urlsplit(path)
        if parts.scheme or parts.netloc:
            if origin_of(path) != origin_of(base):
                raise PermanentError(
                    _(
                        "%(backend)s: refused to send a request to %(url)s, which "
                        "is not on the API's host (%(base)s); the credentials "
                        "stay on their host."
                    )
                    % {"backend": self.display_name, "url": path, "base": base}
                )
            return path
        return base.rstrip("/") + "/" + path.lstrip("/")

    def _http_check_transport(self):
        """The API URL, before any request (``transport_refusal``; each
        request and redirect is checked again by ``_GuardedAdapter``)."""
        scheme, host, _port = origin_of(self.base_url)
        if not scheme:
            return  # requests refuses it and says why
        if scheme not in ("http", "https") or not host:
            raise PermanentError(
                _("%(backend)s: the API URL %(url)s is not an http(s) URL.")
                % {"backend": self.display_name, "url": self.base_url}
            )
        refusal = not self._http_insecure_allowed() and transport_refusal(self.base_url)
        if refusal:
            raise PermanentError(
                _(
                    "%(backend)s: the API URL %(refusal)s (an administrator allows "
                    'it in test environments: "Allow plain http and local '
                    'addresses" in the settings).'
                )
                % {"backend": self.display_name, "refusal": refusal}
            )

    def _http_insecure_allowed(self):
        param = self.env["ir.config_parameter"].sudo().get_param(INSECURE_HTTP_PARAM)
        return str(param).lower() in ("1", "true", "yes")

    def _http_request(self, method, path, **kwargs):
        """Send a request and return the decoded JSON (None for an empty body).

        Raises TransientError (network, 429, 5xx), PermanentError (other 4xx,
        with the status in its ``status``: 404 is a missing record) or
        BadDataError (400/409/422, or a reply that is not JSON)."""
        return self._http_response(method, path, **kwargs).data

    def _http_response(self, method, path, **kwargs):
        """``_http_request``, returning the whole reply: ``.data`` (the
        decoded JSON), ``.headers`` (case-insensitive: a total-pages count, a
        ``Link`` to the next page) and ``.status``. Same errors."""
        request = self._http_prepare(method, path, kwargs)
        return self._http_reply(request, request.send)

    def _http_ahead(self, method, path, **kwargs):
        """The request ``_http_response(method, path, **kwargs)`` sent now,
        on a thread of its own: a ``ReplyAhead``, whose ``response()`` the
        caller asks for when it needs it. For reads only (a reply never asked
        for is dropped); an error, even in preparing it, is raised by
        ``response()``."""
        if method.upper() not in ("GET", "HEAD"):
            raise ValueError(f"only a read is sent ahead, not a {method}")
        try:
            request = self._http_prepare(method, path, kwargs)
        except Exception as error:
            return ReplyAhead(self, None, error)
        return ReplyAhead(self, request)

    def _http_prepare(self, method, path, kwargs):
        """The ``SendableRequest`` of ``method path``: what it needs of Odoo, read
        here, in the caller's thread. ``kwargs``: the caller's own dict of
        keyword arguments (the request keeps it)."""
        self.ensure_one()
        secrets.register(*self._http_secrets())
        if not self.base_url:
            raise PermanentError(_("%s has no API URL.") % self.display_name)
        self._http_check_transport()
        url = self._http_url(path)
        slot = self._http_slot()
        allow_local = self._http_insecure_allowed()
        for adapter in slot.session.adapters.values():
            adapter.allow_local = allow_local
        kwargs.setdefault("timeout", self.http_timeout or 30)
        return SendableRequest(
            slot,
            method,
            url,
            kwargs,
            self.http_rate_limit,
            setting(self.env, "max_reply_bytes"),
        )

    def _http_reply(self, request, send):
        """The decoded reply of ``send()`` (``request.send``, or the wait for
        a read-ahead), its errors classified for ``@process``."""
        url = request.url
        try:
            # waits: the collector may run meanwhile (a page read pauses it)
            with collector_resumed():
                response = send()
        except ReplyTooLarge as err:
            raise BadDataError(
                _(
                    "%(where)s sent a reply larger than %(limit)s bytes; "
                    "refused (a smaller page size may help)."
                )
                % {"where": f"{request.method} {url}", "limit": request.limit}
            ) from err
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
        return HttpResponse(
            self._http_decode(response), response.headers, response.status_code
        )

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
        if status >= 400:
            body = response.text
            summary = _("%(where)s answered %(status)s") % {
                "where": where,
                "status": status,
            }
            if status in (401, 403):
                summary += " " + _("(the credentials were refused)")
            if status in (400, 409, 422):
                raise BadDataError(
                    _("%(where)s refused the data (%(status)s): %(body)s")
                    % {"where": where, "status": status, "body": body[:500]}
                ).summarised(summary)
            error = PermanentError(
                _("%(where)s answered %(status)s: %(body)s")
                % {"where": where, "status": status, "body": body[:500]}
            ).summarised(summary)
            error.status = status  # an adapter tells "not found" (404) apart
            raise error
        # a page of records is decoded once: ``json()`` decodes the text itself
        content = response.content
        if not content or content.isspace():
            return None
        try:
            return _json_of(response)
        except ValueError as err:
            raise BadDataError(
                _("%(where)s answered something that is not JSON: %(body)s")
                % {"where": where, "body": response.text[:200]}
            ).summarised(
                _("%(where)s answered something that is not JSON") % {"where": where}
            ) from err

    # -- Test connection ---------------------------------------------------

    def _http_test_connection(self):
        """Connectors override this with a cheap authenticated request."""
        return self._http_request("GET", self._connector_test_path)

    def action_test_connection(self):
        """Send the backend's credentials to its API and say how it went:
        for who may read the backend (an RPC caller may name any id)."""
        self.ensure_one()
        self.check_access("read")
        try:
            self._http_test_connection()
        except (TransientError, PermanentError, BadDataError) as err:
            # what failed, never the reply: a URL may name any page
            message = secrets.redact(err.summary or str(err))
            title = _("Connection failed")
            return notification(message, "danger", title=title, sticky=True)
        return notification(_("Connection to %s works.") % self.display_name)
