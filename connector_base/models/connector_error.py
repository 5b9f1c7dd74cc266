# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import secrets
from ..exceptions import classify
from .actions import CLOSE, form_action, notification
from .queue_job import running_job_uuid

_logger = logging.getLogger(__name__)


class ConnectorError(models.Model):
    """A synchronisation step that failed for good (or a logged conflict), kept
    for a person to read, fix the data and retry. Secrets are masked before
    anything is stored here (see connector_base.secrets)."""

    _name = "connector.error"
    _inherit = "connector.backend.reference"
    _description = "Connector Error"
    _order = "create_date desc, id desc"
    _rec_name = "message"

    model_name = fields.Char(string="Model", index=True, readonly=True)
    external_id = fields.Char(string="External ID", index=True, readonly=True)
    record_ref = fields.Char(string="Odoo Record", readonly=True)
    step = fields.Char(readonly=True, help="The step that failed, in plain words")
    kind = fields.Selection(
        [
            ("transient", "Temporary problem (retries exhausted)"),
            ("permanent", "Refused by the remote side"),
            ("bad_data", "Data to fix"),
            ("conflict", "Conflict (both sides changed)"),
        ],
        required=True,
        readonly=True,
    )
    message = fields.Text(required=True, readonly=True)
    error_type = fields.Char(readonly=True)
    # the data of a failed step holds personal data (a buyer's name, e-mail,
    # address): connector managers only
    payload = fields.Text(
        readonly=True,
        help="The data being synchronised",
        groups="connector.group_connector_manager",
    )
    traceback = fields.Text(readonly=True, groups="connector.group_connector_manager")
    attempts = fields.Integer(readonly=True, default=1)
    job_uuid = fields.Char(string="Job UUID", readonly=True, index=True)
    # the job's arguments hold the same data: the job itself for job queue
    # managers, its state for whoever sees the error
    job_id = fields.Many2one(
        "queue.job", compute="_compute_job", groups="queue_job.group_queue_job_manager"
    )
    job_state = fields.Char(compute="_compute_job")
    state = fields.Selection(
        [("open", "Open"), ("retried", "Retried"), ("resolved", "Resolved")],
        default="open",
        required=True,
        index=True,
    )

    def _jobs_by_uuid(self):
        uuids = [uuid for uuid in self.mapped("job_uuid") if uuid]
        jobs = self.env["queue.job"].sudo().search([("uuid", "in", uuids)])
        return {job.uuid: job for job in jobs}

    @api.depends("job_uuid")
    def _compute_job(self):
        by_uuid = self._jobs_by_uuid()
        states = dict(self.env["queue.job"]._fields["state"].selection)
        for error in self:
            job = by_uuid.get(error.job_uuid)
            error.job_id = job.with_env(self.env) if job else False
            error.job_state = states.get(job.state, job.state) if job else False

    #: an open error is one per backend, model, record, step and kind: a run
    #: failing again on the same record updates it instead of adding another
    _dedupe_key = (
        "backend_model",
        "backend_id",
        "model_name",
        "external_id",
        "record_ref",
        "step",
        "kind",
    )

    @api.model_create_multi
    def create(self, vals_list):
        """Errors in the order of ``vals_list``; an error already open for
        the same key is updated and returned instead of a new one."""
        pairs = [(vals, self._open_twin(vals)) for vals in vals_list]
        new_vals = [vals for vals, twin in pairs if not twin]
        created = iter(super().create(new_vals) if new_vals else self.browse())
        errors = self.browse()
        for vals, twin in pairs:
            if twin:
                twin.write(self._twin_update(vals, twin))
            errors |= twin or next(created)
        return errors

    @api.model
    def _open_twin(self, vals):
        if vals.get("state", "open") != "open" or not vals.get("backend_model"):
            return self.browse()
        domain = [("state", "in", ("open", "retried"))]
        domain += [(name, "=", vals.get(name) or False) for name in self._dedupe_key]
        return self.sudo().search(domain, limit=1).with_env(self.env)

    @api.model
    def _twin_update(self, vals, twin):
        values = {
            name: vals[name]
            for name in ("message", "error_type", "payload", "traceback", "job_uuid")
            # a failure outside any job keeps the job that can retry the error
            if vals.get(name) or (name in vals and name != "job_uuid")
        }
        values["attempts"] = twin.attempts + (vals.get("attempts") or 1)
        values["state"] = "open"
        return values

    @api.model
    def _values(
        self,
        backend,
        model_name,
        step,
        error,
        kind=None,
        external_id=None,
        record=None,
        payload=None,
        **more,
    ):
        """The values of an error record of ``backend`` and ``model_name``
        about ``step``: ``error`` is the exception (kind classified, type kept)
        or a message (bad data unless ``kind`` says otherwise); ``record`` the
        Odoo record concerned; ``payload`` the data that was sent or read.
        Secrets are masked; the running job is noted. ``more``: other fields."""
        is_exception = isinstance(error, BaseException)
        values = {
            "backend_model": backend._name,
            "backend_id": backend.id,
            "model_name": model_name,
            "external_id": external_id or False,
            "record_ref": record and f"{record._name},{record.id}" or False,
            "step": step,
            "kind": kind or (classify(error) if is_exception else "bad_data"),
            "message": secrets.redact(str(error))[:2000] or error.__class__.__name__,
            "error_type": is_exception and error.__class__.__name__,
            "payload": payload is not None and secrets.redacted_json(payload),
            "job_uuid": running_job_uuid(self.env, backend),
        }
        values.update(more)
        return values

    @api.model
    def _record(self, values):
        """Store an error in a transaction of its own: the failing job's own
        transaction is rolled back, and the error must outlive it. Under tests
        running in the registry's test mode, the shared test cursor is used."""
        if self.env.registry.in_test_mode():
            return self.sudo().create(values).id
        with self.env.registry.cursor() as cr:
            error = self.with_env(self.env(cr=cr)).sudo().create(values)
            return error.id

    @api.model
    def _resolve(self, key):
        """The step succeeded: its open or retried errors are resolved."""
        domain = [("state", "in", ("open", "retried"))]
        # False: no value, stored as NULL or ''
        domain += [(field, "=", value or False) for field, value in key.items()]
        self.sudo().search(domain).state = "resolved"

    @api.model
    def _open_of(self, backend, model_name, external_ids=None, records=None):
        """The open (or retried) errors of these external ids, or of these
        Odoo records, of ``backend`` and ``model_name``; conflicts (logs,
        resolved when made) aside."""
        domain = backend._backend_domain() + [
            ("model_name", "=", model_name),
            ("kind", "!=", "conflict"),
            ("state", "in", ("open", "retried")),
        ]
        if external_ids is not None:
            domain.append(("external_id", "in", list(external_ids)))
        if records is not None:
            refs = [f"{record._name},{record.id}" for record in records]
            domain.append(("record_ref", "in", refs))
        return self.sudo().search(domain)

    @api.model
    def _resolve_many(self, backend, model_name, records):
        """``records`` synchronised fine: their open errors are resolved."""
        self._open_of(backend, model_name, records=records).state = "resolved"

    def action_retry(self):
        """Run the failed jobs again (their arguments are those of the
        failures), each job once however many of the selected errors it
        made; an error is resolved when its step succeeds. Whoever sees the
        error may retry it: only a job of the error's own backend, run as
        the user pressing *Retry* (the synchronisation checks that user's
        rights), never as the user who first queued it."""
        self.check_access("read")
        by_uuid = self._jobs_by_uuid()
        errors = self.sudo()  # the user may not write errors: the buttons may
        retried, gone, jobs = errors.browse(), errors.browse(), set()
        for error in errors.filtered(lambda e: e.state != "resolved"):
            job = by_uuid.get(error.job_uuid)
            # a job of another backend or model, named by a forged error, is not run
            if not job or not job._synchronises(error.backend_model, error.backend_id):
                gone |= error
                continue
            if job not in jobs:
                self._requeue_as_user(job)
                jobs.add(job)
            retried |= error
        if not retried and gone:
            raise UserError(
                _(
                    "The jobs of these errors no longer exist; start the "
                    "synchronisation again from the backend."
                )
            )
        retried.state = "retried"
        message = _("%(errors)s errors queued again (%(jobs)s jobs).") % {
            "errors": len(retried),
            "jobs": len(jobs),
        }
        if gone:
            message += " " + _(
                "%(count)s errors whose job no longer exists were left open: "
                "start the synchronisation again from the backend."
            ) % {"count": len(gone)}
        return notification(message, "warning" if gone else "success", CLOSE)

    def _requeue_as_user(self, job):
        """``job`` queued again, to run as this environment's user."""
        if not self.env.su and job.user_id != self.env.user:
            job.sudo().user_id = self.env.user
        job.sudo().requeue()

    def action_resolve(self):
        self.check_access("read")
        errors = self.sudo().filtered(lambda e: e.state != "resolved")
        errors.state = "resolved"
        message = _("%s errors marked as resolved.") % len(errors)
        return notification(message, next_action=CLOSE)

    def action_open_record(self):
        self.ensure_one()
        if not self.record_ref:
            raise UserError(_("This error is not linked to an Odoo record."))
        model, res_id = self.record_ref.split(",")
        return form_action(model, int(res_id))

    @api.autovacuum
    def _gc_resolved_errors(self):
        self._gc_older_than_retention("write_date", [("state", "=", "resolved")])
