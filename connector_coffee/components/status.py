# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The machine's levels and counters, read onto the backend form."""

from odoo import fields

from odoo.addons.component.core import Component
from odoo.addons.connector_base import (
    BadDataError,
    adapter,
    apply_on,
    process,
)

from .common import Dialect1900, Dialect2900, for_version


def _level(value, what):
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise BadDataError(f"{what} should be a percentage, the machine sent {value!r}")
    return value


def _at(reply, place):
    """The value at ``place`` (``"machine.levels.water"``) of a reply."""
    for key in place.split("."):
        reply = reply[key]
    return reply


class StatusAdapter:
    """The machine's status, read the same way in both dialects: each one's
    adapter only says where its reply holds what (``_status_places``)."""

    #: the path requested, then where its reply holds the water level, the
    #: beans level, the cups brewed and the machine's state
    _status_places = ()

    def get_status(self):
        path, water, beans, cups, state = self._status_places
        reply = self._request("GET", path)
        try:
            return {
                "water_level": _level(_at(reply, water), water),
                "beans_level": _level(_at(reply, beans), beans),
                "cups_brewed": int(_at(reply, cups)),
                # 2900 says READY, 1900 ready
                "machine_state": str(_at(reply, state)).lower(),
            }
        except (KeyError, TypeError, ValueError) as err:
            raise BadDataError(f"The machine's status is malformed: {reply!r}") from err


@for_version("1900")
@adapter("coffee.1900.status.adapter")
@apply_on("coffee.backend")
class Status1900Adapter(Dialect1900, StatusAdapter):
    _status_places = ("status", "water_level", "beans_level", "cups_brewed", "state")


@for_version("2900")
@adapter("coffee.2900.status.adapter")
@apply_on("coffee.backend")
class Status2900Adapter(Dialect2900, StatusAdapter):
    _status_places = (
        "machine",
        "machine.levels.water",
        "machine.levels.beans",
        "machine.counters.cupsBrewed",
        "machine.status",
    )


class StatusImporter(Component):
    """A plain OCA component next to the decorated ones: reads the status
    through the version's adapter and writes it on the backend, all or nothing."""

    _name = "coffee.status.importer"
    _inherit = "connector.base"
    _collection = "coffee.backend"
    _apply_on = "coffee.backend"
    _usage = "status.importer"

    @process(description="Import the machine's status")
    def run(self):
        status = self.component(usage="backend.adapter").get_status()
        self.backend_record.write(dict(status, status_date=fields.Datetime.now()))
        return status
