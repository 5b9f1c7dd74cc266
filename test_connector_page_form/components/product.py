# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Products <-> the simulator's /products, in the product page's form: two
mappers, an importer and an exporter overriding ``create``, and an adapter
without ``@collection`` (this addon declares one backend)."""

from odoo.addons.connector_base import (
    adapter,
    apply_on,
    collection,
    export_mapper,
    exporter,
    import_mapper,
    importer,
    process,
    quote_path,
)


@import_mapper("test.page.form.product.import.mapper")
@apply_on("product.product")
@collection("test.page.form.backend")
class ProductImportMapper:
    direct = [("title", "name"), ("sku", "default_code")]


@export_mapper("test.page.form.product.export.mapper")
@apply_on("product.product")
@collection("test.page.form.backend")
class ProductExportMapper:
    direct = [("name", "title"), ("default_code", "sku")]


@importer("test.page.form.product.importer")
@apply_on("product.product")
@collection("test.page.form.backend")
class ProductImporter:
    @process(description="Import product from the simulator")
    def create(self, *args, **kwargs):
        return super().create(*args, **kwargs)


@exporter("test.page.form.product.exporter")
@apply_on("product.product")
@collection("test.page.form.backend")
class ProductExporter:
    @process(description="Export product to the simulator")
    def create(self, *args, **kwargs):
        return super().create(*args, **kwargs)


@adapter("test.page.form.product.adapter")
@apply_on("product.product")
class ProductAdapter:
    def get_records(self, since=None, **page):
        params = {}
        while True:
            reply = self.backend_record._http_request("GET", "products", params=params)
            yield reply["products"]
            if not reply["next"]:
                return
            params["cursor"] = reply["next"]

    def get_record(self, external_id):
        return self.backend_record._http_request(
            "GET", quote_path("products", external_id)
        )

    def create_record(self, data):
        return self.backend_record._http_request("POST", "products", json=data)["id"]

    def update_record(self, external_id, data):
        self.backend_record._http_request(
            "PUT", quote_path("products", external_id), json=data
        )
