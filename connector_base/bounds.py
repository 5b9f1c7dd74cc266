# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Ranges of numeric settings, checked on save: a setting out of its range
holds a worker (a rate limit of 0.00001/s sleeps a day per request, a timeout
of 10^8 s never gives up) or breaks a run."""

from odoo import _
from odoo.exceptions import ValidationError


def check_ranges(records, ranges, off=()):
    """Refuse, with a message naming the record, the setting and its range,
    a value of ``records`` outside ``ranges``: ``{field: (low, high)}``; the
    fields named in ``off`` may also be 0, which turns them off."""
    for record in records:
        for name, (low, high) in ranges.items():
            value = record[name]
            if not (low <= value <= high or (name in off and not value)):
                message = out_of_range(record, name, low, high, off=name in off)
                raise ValidationError(message)


def check_off_or_range(records, name, low, high):
    """Like ``check_ranges`` for a setting where 0 means "off"."""
    check_ranges(records, {name: (low, high)}, off=(name,))


def out_of_range(record, name, low, high, off=False):
    field = record._fields[name]
    message = _(
        "%(field)s of %(record)s must be between %(low)s and %(high)s; "
        "%(value)s is out of range.",
        field=field._description_string(record.env),
        record=record.display_name,
        low=low,
        high=high,
        value=record[name],
    )
    if off:
        message += " " + _("0 turns it off.")
    return message
