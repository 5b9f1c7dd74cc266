# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""How a failed synchronisation step is classified, which decides what happens
next: a transient error is retried with backoff, a permanent error or bad data
is recorded for a person to look at (retrying would fail the same way)."""

from odoo.addons.connector.exception import ConnectorException


class ConnectorBaseError(ConnectorException):
    """Base of the errors raised by connector_base and the connectors."""

    kind = "permanent"


class TransientError(ConnectorBaseError):
    """Worth retrying later: network trouble, HTTP 429 or 5xx, a busy lock.

    ``retry_after`` (seconds) is the remote side's own advice (Retry-After)."""

    kind = "transient"

    def __init__(self, message, retry_after=None):
        super().__init__(message)
        self.retry_after = retry_after


class PermanentError(ConnectorBaseError):
    """The remote side refused the request for good (e.g. HTTP 401, 403, 404)."""

    kind = "permanent"


class BadDataError(ConnectorBaseError):
    """A record cannot be synchronised as it is: its data must be fixed first."""

    kind = "bad_data"
