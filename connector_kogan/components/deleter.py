# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Deletions both ways for Kogan listings. Kogan deletes no listing: a
product archived or deleted in Odoo has its listing disabled; a listing no
longer in Kogan's product list is gone, and the backend's policy archives
(deletes, keeps) its product."""

from odoo.addons.connector_base import (
    BadDataError,
    apply_on,
    batch_importer,
    collection,
    deleter,
)


@batch_importer("kogan.product.batch.importer")
@apply_on("product.product")
@collection("connector.kogan.backend")
class ProductBatchImporter:
    def _listing_is_complete(self, since, filters):
        # Kogan has no "changed since" filter: every run lists every listing
        return not filters


@deleter("kogan.product.deleter")
@apply_on("product.product")
@collection("connector.kogan.backend")
class ProductDeleter:
    def _delete_remotely(self, external_id, record):
        errors = self.backend_adapter.set_enabled([external_id], False)
        if errors:
            raise BadDataError(
                f"Kogan refused to disable {external_id}: {errors[external_id]}"
            )
        if record:
            record.with_context(connector_no_export=True).kogan_enabled = False
