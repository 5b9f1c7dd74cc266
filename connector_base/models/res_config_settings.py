# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .backend_crud_mixin import CONFLICT_POLICIES


class ResConfigSettings(models.TransientModel):
    """Settings → Connector: defaults for new backends and housekeeping."""

    _inherit = "res.config.settings"

    connector_batch_size = fields.Integer(
        string="Batch Size",
        config_parameter="connector_base.batch_size",
        default=500,
    )
    connector_retries = fields.Integer(
        string="Retries",
        config_parameter="connector_base.default_retries",
        default=5,
    )
    connector_overlap_seconds = fields.Integer(
        string="Overlap Window (s)",
        config_parameter="connector_base.overlap_seconds",
        default=300,
    )
    connector_log_retention_days = fields.Integer(
        string="Keep Resolved Errors (days)",
        config_parameter="connector_base.log_retention_days",
        default=30,
    )
    connector_conflict_policy = fields.Selection(
        CONFLICT_POLICIES,
        string="Default Conflict Policy",
        config_parameter="connector_base.default_conflict_policy",
        default="newest",
    )
    connector_started_job_timeout = fields.Integer(
        string="Interrupted Job Timeout (min)",
        config_parameter="connector_base.started_job_timeout_minutes",
        default=30,
        help="A job still 'started' after this long is taken as interrupted by "
        "a stopped worker and queued again",
    )
