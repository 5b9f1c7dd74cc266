# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Keeps secrets (passwords, tokens, auth headers) out of logs, job arguments
and error records: the values of a backend's ``_connector_secret_fields`` are
registered here, and masked in every log record and every text stored."""

import base64
import json
import logging
import re
import threading
from urllib.parse import quote, quote_plus

MASK = "***"
#: nesting kept in redacted copies; deeper parts are replaced (a hostile
#: record nested hundreds of levels deep must not break error recording)
MAX_DEPTH = 50
TOO_DEEP = "[nested too deep]"
#: secrets shorter than this are refused by the backends (masking them would
#: mask ordinary words)
MIN_LENGTH = 8
SECRET_KEY = re.compile(
    r"pass(word)?|secret|token|api[_-]?key|authorization|cookie|credential", re.I
)
_known = set()
_lock = threading.Lock()


#: how a secret's text reaches logs and errors other than as itself: quoted
#: by Python (``\\r\\n``), escaped in JSON (``\\"``, a reply echoing it),
#: URL-encoded (a query string, a redirect)
_ENCODINGS = (
    lambda text: repr(text)[1:-1],
    lambda text: json.dumps(text)[1:-1],
    lambda text: quote(text, safe=""),
    lambda text: quote_plus(text, safe=""),
)


def _variants(value):
    """The value, stripped of surrounding whitespace, and its encodings, each
    also encoded once more (JSON quoted in a Python message, a JSON reply
    quoted in JSON)."""
    found = {value, value.strip()}
    for __ in range(2):
        found |= {encode(text) for text in found for encode in _ENCODINGS}
    return found


def basic_auth_token(user, secret):
    """The base64 of ``user:secret`` that HTTP Basic authentication sends: a
    reply or a log echoing the ``Authorization`` header shows it, not the
    secret itself."""
    pair = f"{user or ''}:{secret}".encode()
    return base64.b64encode(pair).decode()


def register(*values):
    """Remember secret values so that they are masked wherever they appear."""
    found = set()
    for value in values:
        if isinstance(value, str) and value:
            found.update(v for v in _variants(value) if len(v) >= 4)
    with _lock:
        _known.update(found)


def redact(value, depth=0):
    """A copy of ``value`` (str, dict, list...) with secrets masked."""
    if isinstance(value, str):
        for secret in sorted(_known, key=len, reverse=True):
            value = value.replace(secret, MASK)
        return value
    if isinstance(value, dict | list | tuple) and depth >= MAX_DEPTH:
        return TOO_DEEP
    if isinstance(value, dict):
        return {
            key: MASK
            if isinstance(key, str) and SECRET_KEY.search(key) and item
            else redact(item, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return type(value)(redact(item, depth + 1) for item in value)
    return value


def redacted_json(value):
    """``value`` as indented JSON, secrets masked (its repr when not JSON)."""
    try:
        return json.dumps(redact(value), indent=2, default=str)
    except (TypeError, ValueError):
        return redact(repr(value))


def problem(value):
    """Why ``value`` cannot be a secret, or None: too short to be masked
    safely, or holding whitespace or control characters (requests refuses
    such a header and quotes it in its error)."""
    if not value:
        return None
    if len(value) < MIN_LENGTH:
        return f"at least {MIN_LENGTH} characters"
    if any(char.isspace() or not char.isprintable() for char in value):
        return "no spaces, line breaks or control characters"
    return None


class RedactingFilter(logging.Filter):
    """Masks known secrets in every record a handler emits."""

    def filter(self, record):
        if _known:
            message = record.getMessage()
            cleaned = redact(message)
            if cleaned != message:
                record.msg, record.args = cleaned, ()
            if record.exc_info and not record.exc_text:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            if record.exc_text:
                record.exc_text = redact(record.exc_text)
        return True


def install_log_filter():
    """Put the filter on the root handlers (filters on loggers do not see the
    records propagated from child loggers; filters on handlers do)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
