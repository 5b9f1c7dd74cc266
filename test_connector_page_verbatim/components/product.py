# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The product page's six pieces as printed (its "Title" keys, its adapter's
methods left as ``pass``), "kogan" read "shopify" (see the backend)."""

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


@import_mapper("shopify.product.import.mapper")
@apply_on("product.product")
@collection("connector.shopify.backend")
class ProductImportMapper:
    direct = [("Title", "name"), ("SKU", "default_code")]


@export_mapper("shopify.product.export.mapper")
@apply_on("product.product")
@collection("connector.shopify.backend")
class ProductExportMapper:
    direct = [("name", "Title"), ("default_code", "SKU")]


@importer("shopify.product.importer")
@apply_on("product.product")
@collection("connector.shopify.backend")
class ProductImporter:
    @process(description="Import product from Shopify")
    def create(self, *args, **kwargs):
        return super().create(*args, **kwargs)


@exporter("shopify.product.exporter")
@apply_on("product.product")
@collection("connector.shopify.backend")
class ProductExporter:
    @process(description="Export product to Shopify")
    def create(self, *args, **kwargs):
        return super().create(*args, **kwargs)


@adapter("shopify.product.adapter")
@apply_on("product.product")
class ProductAdapter:
    def get_records(self, since=None, **page):
        pass

    def get_record(self, external_id):
        pass

    def create_record(self, data):
        pass

    def update_record(self, external_id, data):
        pass
