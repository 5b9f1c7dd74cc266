# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""``@process``: one synchronisation step, logged, retried and tracked.

    @process(description="Import product from Kogan")
    def run(self, external_id): ...

What it adds to queue_job's own retries:

- a structured log of start, end and duration;
- only a transient failure (``classify``) becomes a ``RetryableJobError``,
  after the remote side's Retry-After;
- on the last attempt, and at once for bad data or permanent errors, a
  ``connector.error`` record (in its own transaction: the job's is rolled
  back), then the error re-raised; secrets are masked;
- on success, the open errors of the same step resolved;
- outside a queue job nothing would retry: a failure is final at once.

Its *subject* (error key and payload, logged external id) is named by the
method's arguments, never read off the component:

- an external id first (else the ``external_id`` keyword); the payload is
  the ``record`` keyword (the external record already read);
- an Odoo record first (its binding's external id read on failure), several
  records: their count and ids;
- a list of items first (a page, a chunk): one item names its own (its Odoo
  record, external id and data: the first dict), several their count;
- without data the payload is the other arguments.
"""

import functools
import logging
import time
import traceback

from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

from odoo.addons.component.exception import NoComponentError
from odoo.addons.queue_job.exception import RetryableJobError

from . import secrets
from .exceptions import classify

_logger = logging.getLogger("odoo.addons.connector_base.process")

#: queue_job's longest wait between two attempts of a connector job
MAX_DELAY = 3600


def _context_of(target):
    """Backend, model and environment of a component or of a backend record."""
    work = getattr(target, "work", None)
    if work is not None:
        return target.env, work.collection, work.model_name
    return target.env, target, target._name


def backoff_seconds(first, attempt):
    """``first`` seconds, doubled at each attempt, at most ``MAX_DELAY``."""
    return int(min(first * 2 ** (attempt - 1), MAX_DELAY))


def _job_attempts(env):
    """(this attempt, the job's max_retries) inside a queue job, else None."""
    uuid = env.context.get("job_uuid")
    if not uuid:
        return None
    env.cr.execute("SELECT retry, max_retries FROM queue_job WHERE uuid = %s", (uuid,))
    row = env.cr.fetchone()
    return (row[0] + 1, row[1]) if row else (1, 0)


class ProcessRun:
    """One call of a method decorated with ``@process``."""

    def __init__(self, target, method, description, retries, backoff):
        self.target = target
        self.method = method
        self.description = description or method.__name__
        self.retries = retries
        self.backoff = backoff
        self.env, self.backend, self.model_name = _context_of(target)
        self.subject = None
        if hasattr(self.backend, "_http_secrets"):
            # known before anything of this step is logged or stored
            secrets.register(*self.backend._http_secrets())

    def log_extra(self, **more):
        return {
            "connector": {
                "step": self.description,
                "backend": f"{self.backend._name},{self.backend.id}",
                "model": self.model_name,
                "external_id": self.subject.external_id,
                **more,
            }
        }

    def __call__(self, args, kwargs):
        self.subject = Subject(self.target, args, kwargs)
        started = time.monotonic()
        _logger.info("%s: start", self.description, extra=self.log_extra(event="start"))
        try:
            result = self.method(self.target, *args, **kwargs)
        except RetryableJobError:
            raise  # already a retry decision (a lock, an inner @process)
        except Exception as error:
            self.on_error(error, time.monotonic() - started)
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

    def on_error(self, error, duration):
        if getattr(error, "_connector_recorded", False):
            return
        if getattr(error, "pgcode", None) in PG_CONCURRENCY_ERRORS_TO_RETRY:
            return  # queue_job retries the job; its transaction is aborted
        kind = classify(error)
        job = _job_attempts(self.env)
        attempt = job and job[0]
        extra = self.log_extra(
            event="error", kind=kind, attempt=attempt, duration=duration
        )
        if kind == "transient" and job and not self.last_attempt(*job):
            _logger.warning(
                "%s: %s, attempt %s, retried",
                self.description,
                secrets.redact(str(error)),
                attempt,
                extra=extra,
            )
            raise RetryableJobError(
                secrets.redact(str(error)), seconds=self.retry_seconds(error, attempt)
            ) from error
        _logger.error(
            "%s failed (%s): %s",
            self.description,
            kind,
            secrets.redact(str(error)),
            extra=extra,
        )
        self.record_error(error, kind, attempt or 1)
        error._connector_recorded = True

    def last_attempt(self, attempt, max_retries):
        """The job's ``max_retries`` (0: forever) or the step's ``retries``,
        the fewer, is reached."""
        limits = [limit for limit in (max_retries, self.retries) if limit]
        return bool(limits) and attempt >= min(limits)

    def retry_seconds(self, error, attempt):
        """The remote side's Retry-After, else the step's ``backoff``, else
        None (the job function's retry pattern)."""
        retry_after = getattr(error, "retry_after", None)
        if retry_after:
            return int(min(retry_after, MAX_DELAY))
        if self.backoff:
            return backoff_seconds(self.backoff, attempt)
        return None

    def error_key(self):
        """What names the step's errors: its external id, else its record."""
        key = {
            "backend_model": self.backend._name,
            "backend_id": self.backend.id,
            "model_name": self.model_name,
            "step": self.description,
        }
        record = self.subject.record
        if self.subject.external_id or record is None:
            key["external_id"] = str(self.subject.external_id or "")
        else:
            key["record_ref"] = f"{record._name},{record.id}"
        return key

    def record_error(self, error, kind, attempts):
        errors = self.env["connector.error"]
        errors._record(
            errors._values(
                self.backend,
                self.model_name,
                self.description,
                error,
                kind=kind,
                external_id=self.subject.external_id_for_error(),
                record=self.subject.record,
                payload=self.subject.payload,
                traceback=secrets.redact(traceback.format_exc()),
                attempts=attempts,
            )
        )

    def resolve_errors(self):
        key = self.error_key()
        if (
            key.get("external_id")
            or key.get("record_ref")
            or self.env.context.get("job_uuid")
        ):
            self.env["connector.error"]._resolve(key)


class Subject:
    """What one call of a step works on (see the module's docstring)."""

    def __init__(self, target, args, kwargs):
        self.target = target
        first = args[0] if args else None
        self.external_id, self.record, data = self._of(first)
        if self.external_id is None and kwargs.get("external_id") is not None:
            self.external_id = str(kwargs["external_id"])
        if data is None and self.external_id is not None:
            data = kwargs.get("record")
        if data is None:
            data = {
                "args": [a for a in args if not hasattr(a, "_name")],
                "kwargs": {k: v for k, v in kwargs.items() if k != "external_id"},
            }
        self.payload = data

    @staticmethod
    def _of(first):
        """(external id, record, data) named by a step's first argument."""
        if _is_id(first):
            return str(first), None, None
        if _is_one_record(first):
            return None, first, None
        if hasattr(first, "_name"):
            return None, None, {"count": len(first), "ids": first.ids}
        if isinstance(first, list | tuple) and first:
            item = first[0]
            if len(first) == 1 and isinstance(item, tuple):
                return (
                    next((str(v) for v in item if _is_id(v)), None),
                    next((v for v in item if _is_one_record(v)), None),
                    next((v for v in item if isinstance(v, dict)), None),
                )
            return None, None, {"count": len(first)}
        return None, None, None

    def external_id_for_error(self):
        """The external id, else that of the record's binding (read only on
        failure)."""
        binder_for = getattr(self.target, "binder_for", None)
        if self.external_id or self.record is None or binder_for is None:
            return self.external_id
        try:
            return binder_for(self.record._name).to_external(self.record)
        except NoComponentError:  # a model the backend does not bind
            return None


def _is_id(value):
    return isinstance(value, str | int) and not isinstance(value, bool)


def _is_one_record(value):
    return hasattr(value, "_name") and len(value) == 1


def process(description=None, retries=None, backoff=None):
    """Decorate a component (or backend) method as a tracked sync step.

    :param description: what the step does, in plain words (logs, errors, jobs)
    :param retries: at most this many attempts of the job for this step's
        transient failures (default: the job's own ``max_retries``, which
        connector jobs take from the "Retries" setting)
    :param backoff: first retry delay in seconds, doubled at each attempt
        (default: the job function's retry pattern, which for connector jobs
        is 10 s doubled at each attempt unless configured otherwise)
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
