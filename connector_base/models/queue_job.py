# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class QueueJob(models.Model):
    _inherit = "queue.job"

    @api.model
    def _connector_requeue_interrupted(self):
        """Requeue jobs left 'started' by a worker that died (killed, crashed,
        restarted): queue_job 18.0.1.x leaves them so forever. A job started
        longer ago than the configured timeout is taken as interrupted: keep
        the timeout above the longest job (and Odoo's limit_time_real). The
        connector's jobs are idempotent, so running one again is safe."""
        minutes = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("connector_base.started_job_timeout_minutes", 30)
        )
        return self.sudo().requeue_stuck_jobs(enqueued_delta=5, started_delta=minutes)
