# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Values an external system sends, checked as they are read: a value that is
not what the field needs is a clear bad-data error naming the field and what
was sent (the record gets an error record; the others go on)."""

import math
from datetime import UTC, datetime

from .exceptions import BadDataError


def number(value, what, sender="the external system", minimum=None, maximum=None):
    """``value`` as a finite float (a number or numeric text; not a boolean,
    NaN or infinity), within ``minimum`` and ``maximum`` when given: remote
    data never widens what Odoo holds (a negative price, a quantity of
    10^12)."""
    error = BadDataError(f"{what} should be a number, {sender} sent {value!r}")
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise error from None
    if isinstance(value, bool) or not math.isfinite(result):
        raise error
    too_low = minimum is not None and result < minimum
    if too_low or (maximum is not None and result > maximum):
        limits = (("at least", minimum), ("at most", maximum))
        bounds = " and ".join(
            f"{word} {limit}" for word, limit in limits if limit is not None
        )
        raise BadDataError(f"{what} should be {bounds}, {sender} sent {value!r}")
    return result


def utc_datetime(value, what, sender="the external system"):
    """``value``, ISO 8601 text (``T`` or a space, ``Z`` or an offset, a
    fraction of a second), as the naive UTC datetime Odoo stores, to the
    second; text without an offset is taken as UTC."""
    try:
        moment = datetime.fromisoformat(str(value).strip())
    except ValueError:
        raise BadDataError(
            f"{what} should be a date and time, {sender} sent {value!r}"
        ) from None
    if moment.tzinfo:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0)
