# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""``@process``: one synchronisation step, logged, retried and tracked.

    @process(description="Import product from Kogan", retries=5, backoff=10)
    def run(self, external_id): ...

- logs start, end and duration as structured records (``extra["connector"]``);
- on a transient failure (network error, HTTP 429/5xx, ``TransientError``)
  inside a queue job, raises queue_job's ``RetryableJobError`` with an
  exponential delay (``backoff * 2 ** (attempt - 1)``, or the remote side's
  Retry-After) until ``retries`` attempts are spent;
- on the final failure, and at once for bad data or permanent errors, stores a
  ``connector.error`` record (in its own transaction, as the job's own is
  rolled back) and re-raises, so the job ends failed and a person can retry it;
- on success, resolves the open errors of the same step and record.
"""

import functools
import json
import logging
import time
import traceback

import psycopg2
import requests

from odoo import exceptions as odoo_exceptions
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

from odoo.addons.connector.exception import (
    IDMissingInBackend,
    InvalidDataError,
    MappingError,
    NetworkRetryableError,
    RetryableJobError,
)

from . import secrets
from .exceptions import ConnectorBaseError

_logger = logging.getLogger("odoo.addons.connector_base.process")

DEFAULT_RETRIES = 5
DEFAULT_BACKOFF = 10
MAX_DELAY = 3600

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
    if isinstance(error, IDMissingInBackend):
        return "permanent"
    if isinstance(error, BAD_DATA):
        return "bad_data"
    return "permanent"


def _context_of(target):
    """Backend, model and environment of a component or of a backend record."""
    work = getattr(target, "work", None)
    if work is not None:
        return target.env, work.collection, work.model_name
    return target.env, target, target._name


def _current_attempt(env):
    """1 for the first run of a job, 2 for its first retry...; None off jobs."""
    uuid = env.context.get("job_uuid")
    if not uuid:
        return None
    env.cr.execute("SELECT retry FROM queue_job WHERE uuid = %s", (uuid,))
    row = env.cr.fetchone()
    return (row[0] if row else 0) + 1


def _json(value):
    try:
        return json.dumps(secrets.redact(value), indent=2, default=str)
    except (TypeError, ValueError):
        return secrets.redact(repr(value))


class ProcessRun:
    """One call of a method decorated with ``@process``."""

    def __init__(self, target, method, description, retries, backoff):
        self.target = target
        self.method = method
        self.description = description or method.__name__
        self.retries = retries
        self.backoff = backoff
        self.env, self.backend, self.model_name = _context_of(target)
        if hasattr(self.backend, "_http_secrets"):
            # known before anything of this step is logged or stored
            secrets.register(*self.backend._http_secrets())

    def log_extra(self, **more):
        data = {
            "step": self.description,
            "backend": f"{self.backend._name},{self.backend.id}",
            "model": self.model_name,
            "external_id": getattr(self.target, "external_id", None),
        }
        data.update(more)
        return {"connector": data}

    def __call__(self, args, kwargs):
        started = time.monotonic()
        _logger.info("%s: start", self.description, extra=self.log_extra(event="start"))
        try:
            result = self.method(self.target, *args, **kwargs)
        except RetryableJobError:
            raise  # already a retry decision (a lock, an inner @process)
        except Exception as error:
            self.on_error(error, args, kwargs, time.monotonic() - started)
            raise
        duration = time.monotonic() - started
        _logger.info(
            "%s: done in %.3fs",
            self.description,
            duration,
            extra=self.log_extra(event="done", duration=duration),
        )
        self.resolve_errors()
        return result

    def on_error(self, error, args, kwargs, duration):
        if getattr(error, "_connector_recorded", False):
            return
        if getattr(error, "pgcode", None) in PG_CONCURRENCY_ERRORS_TO_RETRY:
            return  # queue_job retries the job; its transaction is aborted
        kind = classify(error)
        attempt = _current_attempt(self.env)
        retries = self.retries
        if retries is None:
            retries = int(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("connector_base.default_retries", DEFAULT_RETRIES)
            )
        extra = self.log_extra(
            event="error", kind=kind, attempt=attempt, duration=duration
        )
        if kind == "transient" and attempt is not None and attempt < retries:
            delay = self.retry_delay(error, attempt)
            _logger.warning(
                "%s: %s, attempt %s of %s, retried in %ss",
                self.description,
                secrets.redact(str(error)),
                attempt,
                retries,
                delay,
                extra=extra,
            )
            raise RetryableJobError(
                secrets.redact(str(error)), seconds=delay
            ) from error
        _logger.error(
            "%s failed (%s): %s",
            self.description,
            kind,
            secrets.redact(str(error)),
            extra=extra,
        )
        self.record_error(error, kind, attempt or 1, args, kwargs)
        error._connector_recorded = True

    def retry_delay(self, error, attempt):
        retry_after = getattr(error, "retry_after", None)
        if retry_after:
            return int(min(retry_after, MAX_DELAY))
        backoff = self.backoff if self.backoff is not None else DEFAULT_BACKOFF
        return int(min(backoff * 2 ** (attempt - 1), MAX_DELAY))

    def payload(self, args, kwargs):
        payload = getattr(self.target, "_payload", None)
        if payload is None:
            payload = {
                "args": [a for a in args if not hasattr(a, "_name")],
                "kwargs": kwargs,
            }
        return _json(payload)

    def error_key(self):
        return {
            "backend_model": self.backend._name,
            "backend_id": self.backend.id,
            "model_name": self.model_name,
            "external_id": str(getattr(self.target, "external_id", None) or ""),
            "step": self.description,
        }

    def record_error(self, error, kind, attempts, args, kwargs):
        values = dict(
            self.error_key(),
            kind=kind,
            message=secrets.redact(str(error))[:2000] or error.__class__.__name__,
            error_type=error.__class__.__name__,
            payload=self.payload(args, kwargs),
            traceback=secrets.redact(traceback.format_exc()),
            attempts=attempts,
            job_uuid=self.env.context.get("job_uuid"),
            record_ref=_record_ref(self.target),
        )
        self.env["connector.error"]._record(values)

    def resolve_errors(self):
        key = self.error_key()
        if key["external_id"] or self.env.context.get("job_uuid"):
            self.env["connector.error"]._resolve(key)


def _record_ref(target):
    record = getattr(target, "binding", None)
    if record is not None and hasattr(record, "_name") and len(record) == 1:
        return f"{record._name},{record.id}"
    return False


def process(description=None, retries=None, backoff=None):
    """Decorate a component (or backend) method as a tracked sync step.

    :param description: what the step does, in plain words (logs, errors, jobs)
    :param retries: attempts before giving up on transient errors (default:
        the "Retries" setting, 5)
    :param backoff: first retry delay in seconds, doubled at each attempt
    """
    if callable(description):
        raise TypeError(
            f"{description.__qualname__}: @process needs parentheses: write "
            "@process(description='...')."
        )

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            run = ProcessRun(self, method, description, retries, backoff)
            return run(args, kwargs)

        return wrapper

    return decorate
