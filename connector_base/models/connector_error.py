# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

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
    payload = fields.Text(readonly=True, help="The data being synchronised")
    traceback = fields.Text(readonly=True)
    attempts = fields.Integer(readonly=True, default=1)
    job_uuid = fields.Char(string="Job UUID", readonly=True, index=True)
    job_id = fields.Many2one("queue.job", compute="_compute_job_id")
    state = fields.Selection(
        [("open", "Open"), ("retried", "Retried"), ("resolved", "Resolved")],
        default="open",
        required=True,
        index=True,
    )

    @api.depends("job_uuid")
    def _compute_job_id(self):
        jobs = self.env["queue.job"].search([("uuid", "in", self.mapped("job_uuid"))])
        by_uuid = {job.uuid: job for job in jobs}
        for error in self:
            error.job_id = by_uuid.get(error.job_uuid, False)

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
        domain += [(field, "=", value) for field, value in key.items()]
        errors = self.sudo().search(domain)
        if errors:
            errors.state = "resolved"

    @api.model
    def _resolve_many(self, backend, model_name, records):
        """``records`` synchronised fine: their open errors are resolved."""
        refs = [f"{record._name},{record.id}" for record in records]
        errors = self.sudo().search(
            [
                ("backend_model", "=", backend._name),
                ("backend_id", "=", backend.id),
                ("model_name", "=", model_name),
                ("record_ref", "in", refs),
                ("kind", "!=", "conflict"),
                ("state", "in", ("open", "retried")),
            ]
        )
        if errors:
            errors.state = "resolved"

    def action_retry(self):
        """Run the failed job again (its arguments are those of the failure);
        the error is resolved when the step succeeds."""
        for error in self:
            if error.state == "resolved":
                continue
            job = error.job_id
            if not job:
                raise UserError(
                    _(
                        "The job of this error no longer exists; start the "
                        "synchronisation again from the backend."
                    )
                )
            job.sudo().requeue()
            error.state = "retried"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("The synchronisation is queued again."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_resolve(self):
        self.state = "resolved"

    def action_open_record(self):
        self.ensure_one()
        if not self.record_ref:
            raise UserError(_("This error is not linked to an Odoo record."))
        model, res_id = self.record_ref.split(",")
        return {
            "type": "ir.actions.act_window",
            "res_model": model,
            "res_id": int(res_id),
            "view_mode": "form",
        }

    @api.autovacuum
    def _gc_resolved_errors(self):
        days = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("connector_base.log_retention_days", 30)
        )
        limit = fields.Datetime.now() - timedelta(days=days)
        self.sudo().search(
            [("state", "=", "resolved"), ("write_date", "<", limit)]
        ).unlink()
