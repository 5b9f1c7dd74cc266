# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _, api, models, tools

from odoo.addons.queue_job.job import Job
from odoo.addons.queue_job.models.queue_job_function import regex_job_function_name

from .. import secrets
from ..jobrunner_restart import restart_runner_thread
from ..process import backoff_seconds
from ..settings import setting

_logger = logging.getLogger(__name__)

#: what a failed job stores about its failure, masked of secrets (the final
#: failure is re-raised as it happened, and queue_job stores its traceback)
REDACTED_FIELDS = ("exc_info", "exc_message", "result")
RUNNING_LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('connector_job:' || %s))"
#: a connector job function's retry pattern unless it has its own: 10 s,
#: doubled at each attempt, at most an hour (not queue_job's flat 10 minutes)
CONNECTOR_RETRY_PATTERN = {n: backoff_seconds(10, n) for n in range(1, 11)}


def hold_running_lock(cr, uuid):
    """Taken by a connector job when it starts, held until its transaction
    ends: a started job whose lock is free has lost its worker. Whether the
    lock was free."""
    cr.execute(RUNNING_LOCK, (uuid,))
    return cr.fetchone()[0]


def running_job_uuid(env, backend):
    """The uuid of the job running this step, or False: the context's
    ``job_uuid`` (any RPC call may set it) is trusted only for superuser code
    or a started job of this backend run as this user (else *Retry* would run
    another user's job as that user)."""
    uuid = env.context.get("job_uuid")
    if not uuid or env.su:
        return uuid or False
    job = env["queue.job"].sudo().search([("uuid", "=", uuid)], limit=1)
    trusted = job.state == "started" and job.user_id.id == env.uid
    return uuid if trusted and job._synchronises(backend._name, backend.id) else False


class QueueJob(models.Model):
    _inherit = "queue.job"

    def _synchronises(self, backend_model, backend_id):
        """This job runs a method of that one backend."""
        return self.model_name == backend_model and self.records.ids == [backend_id]

    def _register_hook(self):
        """A registry load that installed queue_job restarts the jobrunner
        thread, which then serves this database too."""
        result = super()._register_hook()
        if "queue_job" in self.env.registry.updated_modules:
            # the modules' state is committed: the new thread sees it
            restart_runner_thread()
        return result

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._connector_redacted(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._connector_redacted(vals))

    @api.model
    def _connector_redacted(self, vals):
        masked = {
            name: secrets.redact(vals[name])
            for name in REDACTED_FIELDS
            if isinstance(vals.get(name), str)
        }
        return dict(vals, **masked) if masked else vals

    @api.model
    def _connector_requeue_interrupted(self):
        """Requeue jobs left 'started' by a worker that died (queue_job
        18.0.1.x leaves them so forever): past the timeout, one whose lock is
        free is queued again, the interruption counted as a try, and after
        ``max_interruptions`` fails with an error record (connector jobs are
        idempotent)."""
        minutes = setting(self.env, "started_job_timeout_minutes")
        stuck = self.sudo()._get_stuck_jobs_to_requeue(
            enqueued_delta=5, started_delta=minutes
        )
        started = stuck.filtered(lambda job: job.state == "started")
        (stuck - started).requeue()
        limit = setting(self.env, "max_interruptions")
        for job in started:
            if not hold_running_lock(self.env.cr, job.uuid):
                continue  # still running
            stored = Job.load(self.env, job.uuid)
            stored.retry += 1
            if stored.retry >= limit:
                job._connector_fail_interrupted(stored, limit)
            else:
                stored.set_pending(reset_retry=False)
            stored.store()
        return True

    def _connector_fail_interrupted(self, stored, limit):
        message = _(
            "The worker running this job stopped %(count)s times (killed, out of "
            "memory, restarted); the job is not run again. A reply too large for "
            "a worker is a usual cause."
        ) % {"count": limit}
        stored.set_failed(exc_name="WorkerInterrupted", exc_message=message)
        _logger.error("Job %s: %s", self.uuid, message)
        backend = self.records
        if getattr(backend, "_connector_base_backend", False) and len(backend) == 1:
            model_name = self.args[0] if self.args else None
            errors = self.env["connector.error"]
            errors.sudo().create(
                errors._values(
                    backend,
                    model_name if isinstance(model_name, str) else backend._name,
                    self.name,
                    message,
                    kind="permanent",
                    error_type="WorkerInterrupted",
                    attempts=stored.retry,
                    job_uuid=self.uuid,
                )
            )


class QueueJobFunction(models.Model):
    _inherit = "queue.job.function"

    @tools.ormcache("name")
    def job_config(self, name):
        config = super().job_config(name)
        match = regex_job_function_name.match(name)
        model = match and self.env.get(match.group(1))
        if config.retry_pattern or not getattr(model, "_connector_base_backend", False):
            return config
        return config._replace(retry_pattern=CONNECTOR_RETRY_PATTERN)
