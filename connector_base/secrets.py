# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Keeps secrets (passwords, tokens, auth headers) out of logs, job arguments
and error records.

Backends name their secret fields in ``_connector_secret_fields``; their values
are registered here when they are used, and every log record passing through
Odoo's handlers is scrubbed of them, as is every text stored by the framework.
"""

import logging
import re
import threading

MASK = "***"
SECRET_KEY = re.compile(
    r"pass(word)?|secret|token|api[_-]?key|authorization|cookie|credential", re.I
)
_known = set()
_lock = threading.Lock()


def register(*values):
    """Remember secret values so that they are masked wherever they appear."""
    with _lock:
        _known.update(v for v in values if isinstance(v, str) and len(v) >= 4)


def redact(value):
    """A copy of ``value`` (str, dict, list...) with secrets masked."""
    if isinstance(value, str):
        for secret in sorted(_known, key=len, reverse=True):
            if secret in value:
                value = value.replace(secret, MASK)
        return value
    if isinstance(value, dict):
        return {
            key: MASK
            if isinstance(key, str) and SECRET_KEY.search(key) and item
            else redact(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return type(value)(redact(item) for item in value)
    return value


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
