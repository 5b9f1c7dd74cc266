# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The global settings of Settings → Connector: each one's key (a system
parameter ``connector_base.<name>``), default and range, and their one
reader."""

#: name -> (default, (lowest, highest) for a number)
SETTINGS = {
    "batch_size": (500, (1, 10000)),
    "default_retries": (5, (1, 100)),
    "overlap_seconds": (300, (0, 86400)),
    "log_retention_days": (30, (1, 3650)),
    "default_conflict_policy": ("newest", None),
    "started_job_timeout_minutes": (30, (1, 1440)),
    # not on the form: a job whose worker died this many times ends failed (a
    # reply that gets every worker reading it killed must not be retried forever)
    "max_interruptions": (3, (1, 100)),
    "health_error_threshold": (10, (0, 1000000)),
    "health_stale_hours": (24, (0, 8760)),
    # not on the form: records of one model that *Export* queues without
    # asking for confirmation first
    "export_confirmation_threshold": (500, (0, 1000000)),
    # not on the form: replies larger than this are refused (a worker reading
    # a 50 MB field, or a page of a million records, is killed by Odoo's limits)
    "max_reply_bytes": (20 * 1024 * 1024, (1, 2**31)),
}


def key(name):
    return f"connector_base.{name}"


def default(name):
    return SETTINGS[name][0]


def bounds(name):
    return SETTINGS[name][1]


def field_ranges(model):
    """``{field: (low, high)}`` of ``model``'s fields stored in a numeric
    setting's parameter (Settings → Connector): the setting's range."""
    by_key = {key(name): rng for name, (_value, rng) in SETTINGS.items() if rng}
    return {
        name: by_key[field.config_parameter]
        for name, field in model._fields.items()
        if getattr(field, "config_parameter", None) in by_key
    }


def setting(env, name):
    """The value of setting ``name``: its default when unset (or, for a
    number, unreadable), a number brought into its range (a parameter
    written by hand bypasses the form's check)."""
    fallback, bounds = SETTINGS[name]
    value = env["ir.config_parameter"].sudo().get_param(key(name), fallback)
    if bounds is None:
        return value
    try:
        number = int(value)
    except ValueError:
        return fallback
    return min(max(number, bounds[0]), bounds[1])
