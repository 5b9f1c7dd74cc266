# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""How a failed synchronisation step is classified, which decides what happens
next: a transient error is retried (queue_job runs the job again later), a
permanent error or bad data is recorded for a person to look at (retrying
would fail the same way)."""

import psycopg2
import requests

from odoo import exceptions as odoo_exceptions

from odoo.addons.connector.exception import (
    ConnectorException,
    InvalidDataError,
    MappingError,
    NetworkRetryableError,
)


class ConnectorBaseError(ConnectorException):
    """Base of the errors raised by connector_base and the connectors;
    ``summary``: what failed without the remote reply (which may be any page
    of the host), for screens shown to whoever pressed a button."""

    kind = "permanent"
    summary = None

    def summarised(self, summary):
        self.summary = summary
        return self


class TransientError(ConnectorBaseError):
    """Worth retrying later (network, HTTP 429 or 5xx, a busy lock);
    ``retry_after``: the remote side's Retry-After, in seconds."""

    kind = "transient"

    def __init__(self, message, retry_after=None):
        super().__init__(message)
        self.retry_after = retry_after


class PermanentError(ConnectorBaseError):
    """The remote side refused the request for good (e.g. HTTP 401, 403, 404)."""


class BadDataError(ConnectorBaseError):
    """A record cannot be synchronised as it is: its data must be fixed first."""

    kind = "bad_data"


class AdapterContractError(PermanentError):
    """An adapter returned what the flows cannot use (None from a method left
    as ``pass``): its code must be fixed; nothing was bound."""


# what the errors of the libraries below mean for a retry
BAD_DATA = (
    InvalidDataError,
    psycopg2.errors.CheckViolation,
    psycopg2.errors.NotNullViolation,
    psycopg2.errors.ForeignKeyViolation,
    MappingError,
    odoo_exceptions.ValidationError,
    odoo_exceptions.UserError,
    ValueError,
    KeyError,
    TypeError,
)
TRANSIENT = (
    requests.ConnectionError,
    requests.Timeout,
    NetworkRetryableError,
    psycopg2.errors.LockNotAvailable,
)


def classify(error):
    """'transient', 'permanent' or 'bad_data'."""
    if isinstance(error, ConnectorBaseError):
        return error.kind
    if isinstance(error, TRANSIENT):
        return "transient"
    if isinstance(error, BAD_DATA):
        return "bad_data"
    return "permanent"
