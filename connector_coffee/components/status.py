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


@for_version("1900")
@adapter("coffee.1900.status.adapter")
@apply_on("coffee.backend")
class Status1900Adapter(Dialect1900):
    def get_status(self):
        reply = self._request("GET", "status")
        try:
            return {
                "water_level": _level(reply["water_level"], "water_level"),
                "beans_level": _level(reply["beans_level"], "beans_level"),
                "cups_brewed": int(reply["cups_brewed"]),
                "machine_state": str(reply["state"]),
            }
        except (KeyError, TypeError, ValueError) as err:
            raise BadDataError(f"The machine's status is malformed: {reply!r}") from err


@for_version("2900")
@adapter("coffee.2900.status.adapter")
@apply_on("coffee.backend")
class Status2900Adapter(Dialect2900):
    def get_status(self):
        reply = self._request("GET", "machine")
        try:
            machine = reply["machine"]
            return {
                "water_level": _level(machine["levels"]["water"], "levels.water"),
                "beans_level": _level(machine["levels"]["beans"], "levels.beans"),
                "cups_brewed": int(machine["counters"]["cupsBrewed"]),
                "machine_state": str(machine["status"]).lower(),
            }
        except (KeyError, TypeError, ValueError) as err:
            raise BadDataError(f"The machine's status is malformed: {reply!r}") from err


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
