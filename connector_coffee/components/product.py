# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The machine's menu, imported as products (``coffee.product`` bindings)."""

from odoo.addons.connector.components.mapper import mapping
from odoo.addons.connector_base import (
    BadDataError,
    adapter,
    apply_on,
    import_mapper,
    importer,
)

from .common import Dialect1900, Dialect2900, boolean, for_version, number

PAGE_SIZE = 50
#: a menu of 50,000 beverages at most
MAX_PAGES = 1000


@for_version("1900")
@adapter("coffee.1900.product.adapter")
@apply_on("coffee.product")
class Menu1900Adapter(Dialect1900):
    _id_key = "code"
    _updated_at_key = "updated_at"

    def _menu(self):
        reply = self._request("GET", "menu")
        if not isinstance(reply, dict) or not isinstance(reply.get("beverages"), list):
            raise BadDataError(
                f"The machine's menu is not a list of beverages: {reply!r}"
            )
        return reply["beverages"]

    def get_records(self, since=None, **filters):
        yield self._menu()

    def get_record(self, external_id):
        return next((b for b in self._menu() if b.get("code") == external_id), None)


@for_version("2900")
@adapter("coffee.2900.product.adapter")
@apply_on("coffee.product")
class Menu2900Adapter(Dialect2900):
    _id_key = "id"
    _updated_at_key = "modifiedAt"

    def _page(self, page):
        reply = self._request(
            "GET", "beverages", params={"page": page, "pageSize": PAGE_SIZE}
        )
        if not isinstance(reply, dict) or not isinstance(reply.get("data"), list):
            raise BadDataError(f"The machine's menu page is malformed: {reply!r}")
        return reply

    def get_records(self, since=None, **filters):
        page, page_count = 1, 1
        while page <= page_count:
            reply = self._page(page)
            yield reply["data"]
            page_count = self._page_count(reply)
            page += 1

    def _page_count(self, reply):
        """The machine's page count, within reason: a reply claiming a
        billion pages would keep a lookup of one beverage (``get_record``)
        reading forever."""
        meta = reply.get("meta") if isinstance(reply.get("meta"), dict) else {}
        count = number(meta.get("pageCount") or 1, "meta.pageCount", 1, MAX_PAGES)
        return int(count)

    def get_record(self, external_id):
        for records in self.get_records():
            for record in records:
                if record.get("id") == external_id:
                    return record
        return None


#: a machine's price is never negative, nor a fortune
PRICE_RANGE = {"minimum": 0, "maximum": 10000}


class MenuImportMapperBase:
    """Fields common to both dialects."""

    @mapping
    def backend_id(self, record):
        return {"backend_id": self.backend_record.id}

    @mapping
    def product_type(self, record):
        return {"type": "consu", "sale_ok": True, "purchase_ok": False}


@for_version("1900")
@import_mapper("coffee.1900.product.import.mapper")
@apply_on("coffee.product")
class Menu1900ImportMapper(MenuImportMapperBase):
    @mapping
    def values(self, record):
        if not record.get("name"):
            raise BadDataError(f"Beverage {record.get('code')} has no name")
        if not isinstance(record["name"], str):
            # a dict would be taken for translations of the name
            raise BadDataError(f"Beverage {record.get('code')}: its name is not text")
        return {
            "name": record["name"],
            "list_price": number(record.get("price"), "price", **PRICE_RANGE),
            "available": boolean(record.get("available"), "available"),
        }


@for_version("2900")
@import_mapper("coffee.2900.product.import.mapper")
@apply_on("coffee.product")
class Menu2900ImportMapper(MenuImportMapperBase):
    @mapping
    def values(self, record):
        labels = record.get("label")
        if not isinstance(labels, dict) or not labels:
            raise BadDataError(f"Beverage {record.get('id')} has no label")
        lang = (self.backend_record.default_lang_id.code or "en_US").split("_")[0]
        pricing = record.get("pricing") or {}
        return {
            "name": labels.get(lang) or labels.get("en") or next(iter(labels.values())),
            "list_price": number(
                pricing.get("amount"), "pricing.amount", **PRICE_RANGE
            ),
            "available": boolean(record.get("isAvailable"), "isAvailable"),
        }


@importer("coffee.product.importer")
@apply_on("coffee.product")
class MenuImporter:
    def _write_context(self):
        """Names are written in the backend's default language."""
        context = super()._write_context()
        lang = self.backend_record.default_lang_id.code
        return dict(context, lang=lang) if lang else context

    def _after_import(self, record, data, created):
        """The 2900 sends a label per language: every active language of
        Odoo gets its own (``fr`` serves ``fr_FR`` and ``fr_BE``), the others
        keep the backend's language's name."""
        labels = data.get("label")
        if not isinstance(labels, dict):
            return
        context = self._write_context()
        for lang in self.env["res.lang"].search([]).mapped("code"):
            name = labels.get(lang) or labels.get(lang.split("_")[0])
            if isinstance(name, str) and name.strip() and lang != context.get("lang"):
                product = record.odoo_id.with_context(context, lang=lang)
                if product.name != name.strip():
                    product.name = name.strip()
