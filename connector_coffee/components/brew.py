# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Brew orders: exported to the machine, then followed until done."""

from odoo.addons.connector.components.mapper import mapping
from odoo.addons.connector_base import (
    BadDataError,
    adapter,
    apply_on,
    export_mapper,
    exporter,
    import_mapper,
    importer,
    quote_path,
)

from .common import Dialect1900, Dialect2900, for_version

STATES_1900 = {
    "queued": "queued",
    "brewing": "brewing",
    "done": "done",
    "error": "failed",
}
STATES_2900 = {
    "QUEUED": "queued",
    "BREWING": "brewing",
    "DONE": "done",
    "FAILED": "failed",
}


def _state(states, value):
    if value not in states:
        raise BadDataError(f"Unknown brew state {value!r} from the machine")
    return {"state": states[value]}


@for_version("1900")
@adapter("coffee.1900.brew.adapter")
@apply_on("coffee.brew")
class Brew1900Adapter(Dialect1900):
    _id_key = "brew_id"

    def create_record(self, data):
        return str(self._request("POST", "brew", json=data)["brew_id"])

    def get_record(self, external_id):
        return self._request("GET", quote_path("brew", external_id))


@for_version("2900")
@adapter("coffee.2900.brew.adapter")
@apply_on("coffee.brew")
class Brew2900Adapter(Dialect2900):
    def external_id_of(self, record):
        return str(record["order"]["id"])

    def create_record(self, data):
        return str(self._request("POST", "orders", json=data)["order"]["id"])

    def get_record(self, external_id):
        return self._request("GET", quote_path("orders", external_id))


@for_version("1900")
@export_mapper("coffee.1900.brew.export.mapper")
@apply_on("coffee.brew")
class Brew1900ExportMapper:
    @mapping
    def order(self, record):
        return {"code": record.product_id.coffee_id, "cups": record.cups}


@for_version("2900")
@export_mapper("coffee.2900.brew.export.mapper")
@apply_on("coffee.brew")
class Brew2900ExportMapper:
    @mapping
    def order(self, record):
        return {"beverageId": record.product_id.coffee_id, "quantity": record.cups}


@for_version("1900")
@import_mapper("coffee.1900.brew.import.mapper")
@apply_on("coffee.brew")
class Brew1900ImportMapper:
    @mapping
    def state(self, record):
        return _state(STATES_1900, record.get("state"))


@for_version("2900")
@import_mapper("coffee.2900.brew.import.mapper")
@apply_on("coffee.brew")
class Brew2900ImportMapper:
    @mapping
    def state(self, record):
        return _state(STATES_2900, (record.get("order") or {}).get("status"))


@exporter("coffee.brew.exporter")
@apply_on("coffee.brew")
class BrewExporter:
    def _validate_create_data(self, brew, data):
        if not brew.product_id.coffee_id:
            raise BadDataError(
                f"{brew.product_id.display_name} is not on the machine's menu"
            )

    def _must_skip(self, brew, external_id):
        """A brew order is sent once; its state then comes from the machine."""
        return bool(external_id)

    def _after_export(self, brew, external_id):
        brew.with_context(connector_no_export=True).state = "queued"
        brew._follow()


@importer("coffee.brew.importer")
@apply_on("coffee.brew")
class BrewImporter:
    """Reads a brew's state; keeps following it until it is final."""

    def _after_import(self, record, data, created):
        record._follow()
