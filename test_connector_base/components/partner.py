# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Partners <-> the simulator's /items, with decorators only (generic bindings)."""

from odoo.addons.connector.components.mapper import mapping
from odoo.addons.connector_base import (
    adapter,
    apply_on,
    collection,
    export_mapper,
    exporter,
    import_mapper,
    importer,
    process,
)

from .common import read_or_none


@adapter("test.partner.adapter")
@apply_on("res.partner")
@collection("test.connector.backend")
class PartnerAdapter:
    _updated_at_key = "updated_at"
    _lists_all = True

    def get_records(self, since=None, **filters):
        params = {"since": since.isoformat() if since else ""}
        while True:
            page = self.backend_record._http_request("GET", "items", params=params)
            yield page["items"]
            if not page.get("next"):
                return
            params["cursor"] = page["next"]

    def get_record(self, external_id):
        return read_or_none(self.backend_record, f"items/{external_id}")

    def create_record(self, data):
        return self.backend_record._http_request("POST", "items", json=data)["id"]

    def update_record(self, external_id, data):
        self.backend_record._http_request("PUT", f"items/{external_id}", json=data)

    def delete_record(self, external_id):
        self.backend_record._http_request("DELETE", f"items/{external_id}")

    def find_record(self, data):
        found = self.backend_record._http_request(
            "GET", "items", params={"email": data.get("email") or ""}
        )["items"]
        return found[0]["id"] if found else None


@import_mapper("test.partner.import.mapper")
@collection("test.connector.backend")
@apply_on("res.partner")
class PartnerImportMapper:
    direct = [("name", "name"), ("email", "email")]

    @mapping
    def ref(self, record):
        return {"ref": f"SIM-{record['id']}"}


@collection("test.connector.backend")
@apply_on("res.partner")
@importer("test.partner.importer")
class PartnerImporter:
    def _must_skip(self, data):
        return data.get("archived", False)

    def _is_gone_remotely(self, data):
        return data.get("deleted", False)

    @process(description="Import partner from the simulator")
    def run(self, external_id, force=False, record=None):
        return super().run(external_id, force=force, record=record)


@export_mapper("test.partner.export.mapper")
@apply_on("res.partner")
@collection("test.connector.backend")
class PartnerExportMapper:
    direct = [("name", "name"), ("email", "email")]


@exporter("test.partner.exporter")
@apply_on("res.partner")
@collection("test.connector.backend")
class PartnerExporter:
    pass
