# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..bounds import check_ranges
from .backend_crud_mixin import CONFLICT_POLICIES
from .backend_http_mixin import INSECURE_HTTP_PARAM


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
    connector_health_error_threshold = fields.Integer(
        string="Open Errors Threshold",
        config_parameter="connector_base.health_error_threshold",
        default=10,
        help="A backend with this many open errors gets an activity for its "
        "responsible (0: never)",
    )
    connector_health_stale_hours = fields.Integer(
        string="Stale After (h)",
        config_parameter="connector_base.health_stale_hours",
        default=24,
        help="An import that has not succeeded for this long gets an activity "
        "for the backend's responsible (0: never)",
    )
    connector_allow_insecure_http = fields.Boolean(
        string="Allow Plain HTTP and Local Addresses (test environments)",
        config_parameter=INSECURE_HTTP_PARAM,
        help="Lets backends use plain http (credentials in clear) and reach this "
        "machine or private networks (its own services): test environments only.",
        groups="base.group_system",
    )

    #: each setting's range (a day of minutes, ten years of days...)
    _connector_ranges = {
        "connector_batch_size": (1, 10000),
        "connector_retries": (1, 100),
        "connector_overlap_seconds": (0, 86400),
        "connector_log_retention_days": (1, 3650),
        "connector_started_job_timeout": (1, 1440),
        "connector_health_error_threshold": (0, 1000000),
        "connector_health_stale_hours": (0, 8760),
    }

    @api.constrains(
        "connector_batch_size",
        "connector_retries",
        "connector_overlap_seconds",
        "connector_log_retention_days",
        "connector_started_job_timeout",
        "connector_health_error_threshold",
        "connector_health_stale_hours",
    )
    def _check_connector_settings(self):
        for settings in self:
            if settings.connector_batch_size < 1:
                raise ValidationError(_("The batch size is at least 1 record."))
            if settings.connector_retries < 1:
                raise ValidationError(_("Retries: at least 1 attempt."))
            if settings.connector_overlap_seconds < 0:
                raise ValidationError(
                    _(
                        "The overlap window cannot be negative: it would put the "
                        "next import's starting point in the future."
                    )
                )
            if settings.connector_log_retention_days < 1:
                raise ValidationError(_("Keep resolved errors for at least 1 day."))
            if (
                min(
                    settings.connector_health_error_threshold,
                    settings.connector_health_stale_hours,
                )
                < 0
            ):
                raise ValidationError(
                    _("The health thresholds cannot be negative (0: never warn).")
                )
            if settings.connector_started_job_timeout < 1:
                raise ValidationError(
                    _("The interrupted job timeout is at least 1 minute.")
                )
        check_ranges(self, self._connector_ranges)
