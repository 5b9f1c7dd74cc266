# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..bounds import check_ranges
from ..settings import SETTINGS, default, key
from .backend_crud_mixin import CONFLICT_POLICIES
from .backend_http_mixin import INSECURE_HTTP_PARAM


class ResConfigSettings(models.TransientModel):
    """Settings → Connector: defaults for new backends and housekeeping."""

    _inherit = "res.config.settings"

    connector_batch_size = fields.Integer(
        string="Batch Size",
        config_parameter=key("batch_size"),
        default=default("batch_size"),
    )
    connector_retries = fields.Integer(
        string="Retries",
        config_parameter=key("default_retries"),
        default=default("default_retries"),
    )
    connector_overlap_seconds = fields.Integer(
        string="Overlap Window (s)",
        config_parameter=key("overlap_seconds"),
        default=default("overlap_seconds"),
    )
    connector_log_retention_days = fields.Integer(
        string="Keep Resolved Errors (days)",
        config_parameter=key("log_retention_days"),
        default=default("log_retention_days"),
    )
    connector_conflict_policy = fields.Selection(
        CONFLICT_POLICIES,
        string="Default Conflict Policy",
        config_parameter=key("default_conflict_policy"),
        default=default("default_conflict_policy"),
    )
    connector_started_job_timeout = fields.Integer(
        string="Interrupted Job Timeout (min)",
        config_parameter=key("started_job_timeout_minutes"),
        default=default("started_job_timeout_minutes"),
        help="A job still 'started' after this long is taken as interrupted by "
        "a stopped worker and queued again",
    )
    connector_health_error_threshold = fields.Integer(
        string="Open Errors Threshold",
        config_parameter=key("health_error_threshold"),
        default=default("health_error_threshold"),
        help="A backend with this many open errors gets an activity for its "
        "responsible (0: never)",
    )
    connector_health_stale_hours = fields.Integer(
        string="Stale After (h)",
        config_parameter=key("health_stale_hours"),
        default=default("health_stale_hours"),
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
        field: SETTINGS[name][1]
        for field, name in (
            ("connector_batch_size", "batch_size"),
            ("connector_retries", "default_retries"),
            ("connector_overlap_seconds", "overlap_seconds"),
            ("connector_log_retention_days", "log_retention_days"),
            ("connector_started_job_timeout", "started_job_timeout_minutes"),
            ("connector_health_error_threshold", "health_error_threshold"),
            ("connector_health_stale_hours", "health_stale_hours"),
        )
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
