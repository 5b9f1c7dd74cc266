# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Partner tags <-> the simulator's /tags, through a concrete binding model."""

from odoo.addons.component.core import Component
from odoo.addons.connector_base import (
    adapter,
    apply_on,
    collection,
    importer,
)

from .common import read_or_none

BINDING = "test.connector.category.binding"


@adapter("test.category.adapter")
@apply_on(BINDING)
@collection("test.connector.backend")
class CategoryAdapter:
    _lists_all = True

    def get_records(self, since=None, **filters):
        yield self.backend_record._http_request("GET", "tags")["items"]

    def get_record(self, external_id):
        return read_or_none(self.backend_record, f"tags/{external_id}")

    def delete_record(self, external_id):
        self.backend_record._http_request("DELETE", f"tags/{external_id}")


class CategoryImportMapper(Component):
    """A plain OCA component in the same collection as decorated ones."""

    _name = "test.category.import.mapper"
    _inherit = "connector.base.import.mapper"
    _collection = "test.connector.backend"
    _apply_on = BINDING
    direct = [("name", "name")]


@importer("test.category.importer")
@apply_on(BINDING)
@collection("test.connector.backend")
class CategoryImporter:
    pass
