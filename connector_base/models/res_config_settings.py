# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..bounds import check_ranges
from ..settings import default, field_ranges, key
from .backend_crud_mixin import CONFLICT_POLICIES
from .backend_http_mixin import INSECURE_HTTP_PARAM


def _setting_field(name, field_class=fields.Integer, *args, **kwargs):
    """A field of the form holding setting ``name``: its parameter, its default."""
    return field_class(
        *args, config_parameter=key(name), default=default(name), **kwargs
    )


class ResConfigSettings(models.TransientModel):
    """Settings → Connector: defaults for new backends and housekeeping."""

    _inherit = "res.config.settings"

    connector_batch_size = _setting_field("batch_size", string="Batch Size")
    connector_retries = _setting_field("default_retries", string="Retries")
    connector_overlap_seconds = _setting_field(
        "overlap_seconds", string="Overlap Window (s)"
    )
    connector_log_retention_days = _setting_field(
        "log_retention_days", string="Keep Resolved Errors (days)"
    )
    connector_conflict_policy = _setting_field(
        "default_conflict_policy",
        fields.Selection,
        CONFLICT_POLICIES,
        string="Default Conflict Policy",
    )
    connector_started_job_timeout = _setting_field(
        "started_job_timeout_minutes",
        string="Interrupted Job Timeout (min)",
        help="A job still 'started' after this long is taken as interrupted by "
        "a stopped worker and queued again",
    )
    connector_health_error_threshold = _setting_field(
        "health_error_threshold",
        string="Open Errors Threshold",
        help="A backend with this many open errors gets an activity for its "
        "responsible (0: never)",
    )
    connector_health_stale_hours = _setting_field(
        "health_stale_hours",
        string="Stale After (h)",
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

    @api.constrains(lambda self: list(field_ranges(self)))
    def _check_connector_settings(self):
        check_ranges(self, field_ranges(self))
