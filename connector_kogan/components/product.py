# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Products: Odoo's are listed on Kogan (export); Kogan's listings are
adopted by SKU (import)."""

import re
from urllib.parse import parse_qs, urlsplit

from odoo.tools import float_round, html2plaintext, plaintext2html

from odoo.addons.connector.components.mapper import mapping
from odoo.addons.connector_base import (
    BadDataError,
    PermanentError,
    TransientError,
    adapter,
    apply_on,
    batch_exporter,
    collection,
    export_mapper,
    exporter,
    import_mapper,
    importer,
)
from odoo.addons.connector_base.components.batch_importer import Page, page_limit

from .common import KoganApi, short
from .stock_levels import stock_levels
from .variant_group import VariantGroups, set_variant_prices, variant_of

PAGE_SIZE = 500  # Kogan's largest page
SKU_RE = re.compile(r"[A-Za-z0-9_.-]{1,45}")
MAX_TITLE = 230
# facet group of the attributes a variant group varies on ([D-facets]' example
# group; Kogan's list of groups is not published in the sources)
VARIANT_FACET_GROUP = "Details"


def check_sku(sku, product):
    if not sku:
        raise BadDataError(
            f"{product.display_name} has no Internal Reference: Kogan needs it "
            "as the SKU."
        )
    if not SKU_RE.fullmatch(sku):
        raise BadDataError(
            f"The SKU {sku!r} of {product.display_name} is not valid on Kogan: "
            "at most 45 letters, digits, '_', '.' or '-'."
        )


def offers(backend, products):
    """``{product id: offer_data}``: the offer of each Kogan store (AUD, NZD)."""
    result = {product.id: {} for product in products}
    stores = [
        (
            "AUD",
            backend.pricelist_id,
            backend.rrp_pricelist_id,
            backend.first_pricelist_id,
        ),
        (
            "NZD",
            backend.nzd_pricelist_id,
            backend.nzd_rrp_pricelist_id,
            backend.nzd_first_pricelist_id,
        ),
    ]
    for currency, pricelist, rrp_pricelist, first_pricelist in stores:
        if currency == "NZD" and not pricelist:
            continue
        if pricelist:
            prices = pricelist._get_products_price(products, 1.0)
            rounding = pricelist.currency_id.rounding
        else:
            prices = {product.id: product.lst_price for product in products}
            rounding = 0.01
        rrps = _ruled_prices(rrp_pricelist, products)
        firsts = _ruled_prices(first_pricelist, products)
        for product in products:
            price = float_round(prices[product.id], precision_rounding=rounding)
            result[product.id][currency] = {
                "price": f"{price:.2f}",
                "rrp": rrps.get(product.id),
                "kogan_first_price": firsts.get(product.id),
                "tax_exempt": product.kogan_tax_exempt,
                "handling_days": backend.handling_days,
                "shipping": backend[f"shipping_{currency.lower()}"] or "0",
            }
    return result


def _ruled_prices(pricelist, products):
    """``{product id: "12.34"}`` for the products one of the pricelist's rules
    applies to (its fallback, the sales price, is not an RRP or member price)."""
    if not pricelist:
        return {}
    rounding = pricelist.currency_id.rounding
    return {
        product_id: f"{float_round(price, precision_rounding=rounding):.2f}"
        for product_id, (price, rule_id) in pricelist._compute_price_rule(
            products, 1.0
        ).items()
        if rule_id
    }


@adapter("kogan.product.adapter")
@apply_on("product.product")
@collection("connector.kogan.backend")
class ProductAdapter(KoganApi):
    _id_key = "product_sku"
    # Kogan sends no modification time (only ``created``): a listing changed
    # on Kogan is found by the digest of its content (connector.binding's
    # external_hash), compared by the batch and record importers
    _updated_at_key = None
    # what the import mapper reads: a stock level (Kogan's sales, the
    # connector's own pushes), store links or Kogan's slugs are no change
    _digest_keys = (
        "product_sku",
        "product_title",
        "product_subtitle",
        "product_description",
        "product_inbox",
        "product_gtin",
        "product_dimensions",
        "product_condition",
        "product_multipack",
        "images",
        "brand",
        "category",
        "offer_data",
        "facets",
        "variant",
        "enabled",
        "tags",
    )
    _bulk_write = True
    _page_size = PAGE_SIZE

    def get_records(self, since=None, page_url=None, cursors=(), **filters):
        """Every listing, page by page: Kogan has no "changed since" filter,
        the batch importer skips the unchanged ones. Each page says where
        the next starts (``Page.resume``): Kogan's ``next`` URL and the
        cursors read so far, which a next call takes back to go on there."""
        params = {"detail": "true", "size": self._page_size, **filters}
        url, cursors = "products/", set(cursors)
        if page_url:
            url, params = page_url, None
        ahead = {}  # the next page's ``ReplyAhead``, once the importer asks
        while url:
            if url in ahead:
                reply = self._checked("GET", url, ahead.pop(url).response().data)
            else:
                reply = self._call("GET", url, params=params)
            body = self._body(reply, dict, "product page")
            results = body.get("results")
            if not isinstance(results, list):
                raise BadDataError(
                    f"Kogan's product page has no results: {short(body)}"
                )
            url, params = body.get("next"), None
            if url:
                cursor = parse_qs(urlsplit(url).query).get("cursor", [url])[0]
                if cursor in cursors:
                    raise TransientError(
                        f"Kogan sent the page cursor {cursor!r} twice; the listing "
                        "is read again later."
                    )
                cursors.add(cursor)
            resume = {"page_url": url, "cursors": sorted(cursors)} if url else None
            read_ahead = None
            if url:

                def read_ahead(url=url):
                    ahead[url] = self.backend_record._http_ahead("GET", url)

            yield Page(results, resume=resume, read_ahead=read_ahead)

    def get_records_by_ids(self, external_ids):
        # the sku filter is a comma list: a SKU holding a comma would name
        # other listings (Kogan's SKUs never hold one)
        invalid = [sku for sku in external_ids if not SKU_RE.fullmatch(str(sku))]
        if invalid:
            raise BadDataError(
                f"Not Kogan SKUs (at most 45 letters, digits, '_', '.' or '-'): "
                f"{', '.join(map(repr, invalid[:5]))}"
            )
        found = {}
        size = self._page_size
        for start in range(0, len(external_ids), size):
            skus = ",".join(external_ids[start : start + size])
            for page in self.get_records(sku=skus):
                found.update((str(r.get("product_sku")), r) for r in page)
        return found

    def get_record(self, external_id):
        return self.get_records_by_ids([external_id]).get(external_id)

    def find_records(self, datas):
        existing = self.get_records_by_ids([data["product_sku"] for data in datas])
        return {
            index: data["product_sku"]
            for index, data in enumerate(datas)
            if data["product_sku"] in existing
        }

    def find_record(self, data):
        return self.find_records([data]).get(0)

    def create_records(self, datas):
        errors = self._write("POST", "products/", datas)
        if errors:
            errors = self._adopt_refused(datas, errors)
        return [
            (None, f"Kogan refused {sku}: {errors[sku]}")
            if sku in errors
            else (sku, None)
            for sku in (data["product_sku"] for data in datas)
        ]

    def _adopt_refused(self, datas, errors):
        """Creates refused because the listing exists (made by an earlier
        attempt whose reply was lost, and missed by the look before the
        create) are sent as updates; returns the errors left."""
        refused = [data for data in datas if data["product_sku"] in errors]
        existing = [refused[index] for index in self.find_records(refused)]
        if not existing:
            return errors
        update_errors = self._write("PATCH", "products/", existing)
        errors = dict(errors)
        for data in existing:
            sku = data["product_sku"]
            if sku in update_errors:
                errors[sku] = update_errors[sku]
            else:
                del errors[sku]
        return errors

    def update_records(self, items):
        errors = self._write("PATCH", "products/", [data for __, data in items])
        return [
            f"Kogan refused {external_id}: {errors[external_id]}"
            if external_id in errors
            else None
            for external_id, __ in items
        ]

    def create_record(self, data):
        external_id, error = self.create_records([data])[0]
        if error:
            raise BadDataError(error)
        return external_id

    def update_record(self, external_id, data):
        error = self.update_records([(external_id, data)])[0]
        if error:
            raise BadDataError(error)

    def push_stock_price(self, items):
        """``{sku: error}`` of ``POST products/stockprice/``."""
        return self._write("POST", "products/stockprice/", items)

    def set_enabled(self, skus, enabled):
        items = [{"product_sku": sku, "enabled": enabled} for sku in skus]
        try:
            return self._write("POST", "products/status/", items)
        except PermanentError as error:
            if "403" not in str(error):
                raise
            raise PermanentError(
                "Kogan has not granted this seller account the product status "
                "API (enable/disable): ask Kogan's marketplace support to grant "
                f"it, then retry. ({error})"
            ) from error


# -- import: Kogan listing -> product.product ---------------------------------


def aud_price(record):
    """The listing's AUD price, None when it has none."""
    offer = (record.get("offer_data") or {}).get("AUD") or {}
    if "price" not in offer:
        return None
    try:
        return float(offer["price"])
    except (TypeError, ValueError) as error:
        raise BadDataError(
            f"Kogan listing {record.get('product_sku')}: the AUD price "
            f"{offer['price']!r} is not a number"
        ) from error


@import_mapper("kogan.product.import.mapper")
@apply_on("product.product")
@collection("connector.kogan.backend")
class ProductImportMapper:
    direct = [("product_sku", "default_code")]

    @mapping
    def name(self, record):
        """A listing of a variant group names its template by the group's
        title and keeps its own title on its variant."""
        title = record.get("product_title")
        if not isinstance(title, str) or not title.strip():
            raise BadDataError(
                f"Kogan listing {record.get('product_sku')} has no title"
            )
        variant = variant_of(record)
        if variant:
            return {"name": variant[1], "kogan_title": title.strip()}
        return {"name": title.strip(), "kogan_title": False}

    @mapping
    def description(self, record):
        html = record.get("product_description") or ""
        return {"description_sale": html2plaintext(html) if html else False}

    @mapping
    def barcode(self, record):
        return {"barcode": record.get("product_gtin") or False}

    @mapping
    def kogan(self, record):
        return {
            "kogan_listed": True,
            "kogan_brand": record.get("brand") or False,
            "kogan_category": record.get("category") or False,
        }

    @mapping
    def price(self, record):
        # a variant's price is its template's plus extras: the importer
        # prices the variants of a page together (set_variant_prices)
        price = aud_price(record)
        if price is None or variant_of(record):
            return {}
        return {"list_price": price}

    @mapping
    def details(self, record):
        """Subtitle, condition, box contents, dimensions (cm) and weight (kg,
        inferred units: Kogan does not state them)."""
        values = {
            "kogan_subtitle": record.get("product_subtitle") or False,
            "kogan_inbox": record.get("product_inbox") or False,
            "kogan_enabled": record.get("enabled") is not False,
        }
        if record.get("product_condition"):
            values["kogan_condition"] = record["product_condition"]
        dimensions = record.get("product_dimensions")
        if isinstance(dimensions, dict):
            try:
                values.update(
                    kogan_length=int(dimensions.get("length") or 0),
                    kogan_width=int(dimensions.get("width") or 0),
                    kogan_height=int(dimensions.get("height") or 0),
                    weight=float(dimensions.get("weight") or 0.0),
                )
            except (TypeError, ValueError) as error:
                raise BadDataError(
                    f"Kogan listing {record.get('product_sku')}: dimensions "
                    f"{dimensions!r} are not numbers"
                ) from error
        return values

    @mapping
    def pack_images_tags(self, record):
        """Units per pack, tax exemption (one flag for every store), image
        URLs and tags (Odoo product tags, made when missing)."""
        sku = record.get("product_sku")
        multipack = record.get("product_multipack") or 1
        images = record.get("images") or []
        tags = record.get("tags") or []
        if (
            isinstance(multipack, bool)
            or not isinstance(multipack, int)
            or multipack < 1
        ):
            raise BadDataError(
                f"Kogan listing {sku}: multipack {multipack!r} is not a count"
            )
        if not (isinstance(images, list) and all(isinstance(u, str) for u in images)):
            raise BadDataError(
                f"Kogan listing {sku}: images {short(images)} are not URLs"
            )
        if not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
            raise BadDataError(f"Kogan listing {sku}: tags {short(tags)} are not names")
        offer = (record.get("offer_data") or {}).get("AUD") or {}
        return {
            "kogan_multipack": multipack,
            "kogan_tax_exempt": offer.get("tax_exempt") is True,
            "kogan_image_urls": "\n".join(images) or False,
            "product_tag_ids": [(6, 0, self._tags(tags).ids)],
        }

    def _tags(self, names):
        names = list(dict.fromkeys(name.strip() for name in names if name.strip()))
        if not names:  # most listings: no query for them
            return self.env["product.tag"]
        tags = self.env["product.tag"].search([("name", "in", names)])
        missing = [name for name in names if name not in tags.mapped("name")]
        return tags | self.env["product.tag"].create([{"name": n} for n in missing])

    @mapping
    def product_type(self, record):
        return {"type": "consu", "is_storable": True, "sale_ok": True}


@importer("kogan.product.importer")
@apply_on("product.product")
@collection("connector.kogan.backend")
class ProductImporter:
    _shared_defaults = ("has_available_route_ids",)

    def _match_existing(self, records_by_id):
        """A listing whose SKU is the Internal Reference of an unbound product
        is that product: adopt it rather than make a duplicate, when it can be
        a listing (``_adoption_refusal``). Otherwise the listing is refused
        (``_before_import``): neither adopted nor duplicated, the product
        left untouched."""
        products = self.model.with_context(active_test=False).search(
            [("default_code", "in", list(records_by_id))]
        )
        bound = self.binder.bindings_by_record(products)
        matches, refused = {}, {}
        for product in products.filtered(lambda p: p.id not in bound):
            sku = product.default_code
            refusal = self._adoption_refusal(product)
            if refusal:
                refused.setdefault(sku, BadDataError(refusal))
            else:
                matches.setdefault(sku, product)
        refused = {sku: error for sku, error in refused.items() if sku not in matches}
        # the listings of a variant group are the variants of one template
        groups = VariantGroups(self.model.with_context(**self._write_context()).env)
        others = {
            sku: record
            for sku, record in records_by_id.items()
            if sku not in matches and sku not in refused
        }
        matches.update(groups.match(others))
        # a listing whose variant group is malformed is not made a product
        # on its own: it fails, and the others of the page are imported
        refused.update((sku, BadDataError(why)) for sku, why in groups.refused.items())
        return {**matches, **refused}

    def _adoption_refusal(self, product):
        """Why ``product`` cannot become a listing (None: it can): importing
        a listing makes its product storable and saleable at Kogan's price,
        which must never happen to a service, to the connector's own order
        line products or to another company's product."""
        backend = self.backend_record
        own = (
            backend.shipping_product_id
            | backend.discount_product_id
            | backend.gift_product_id
            | backend.fees_product_id
        )
        if product in own:
            why = "is one of the connector's own order line products"
        elif product.type != "consu" or not product.is_storable:
            why = "is not a storable product"
        elif not product.sale_ok:
            why = "cannot be sold"
        elif product.company_id and product.company_id != backend.company_id:
            why = f"belongs to {product.company_id.name}"
        else:
            return None
        return (
            f"Kogan listing {product.default_code}: {product.display_name}, "
            f"the product with this Internal Reference, {why}: the listing is "
            "not adopted, nor made a second product. Give the product or the "
            "listing another reference (or fix the product), then retry."
        )

    def _update_all(self, items):
        """Odoo looks up a template's variants after each write of it (the
        variants' write dates follow it): read them for the page at once,
        not with one query per listing."""
        templates = self.model.browse(
            [state.res_id for __, __, state, __ in items]
        ).product_tmpl_id
        templates.fetch(["product_variant_ids"])
        return super()._update_all(items)

    def _bind_imported(self, items, records, created):
        """The variants of a group cost what Kogan asks for each."""
        prices = {}
        for item, record in zip(items, records, strict=True):
            price = aud_price(item[1])
            if price is not None and variant_of(item[1]):
                prices.setdefault(record.product_tmpl_id, {})[record] = price
        for template, variant_prices in prices.items():
            set_variant_prices(
                template.with_context(**self._write_context()), variant_prices
            )
        return super()._bind_imported(items, records, created)

    def _before_import(self, data):
        # a listing naming a variant group without its values fails alone
        variant_of(data)


# -- export: product.product -> Kogan listing ---------------------------------


@export_mapper("kogan.product.export.mapper")
@apply_on("product.product")
@collection("connector.kogan.backend")
class ProductExportMapper:
    @mapping
    def sku(self, record):
        check_sku(record.default_code, record)
        return {"product_sku": record.default_code}

    @mapping
    def title(self, record):
        title = record.kogan_title or record.name
        if len(title) > MAX_TITLE:
            raise BadDataError(
                f"The name of {record.default_code} has {len(title)} "
                f"characters; Kogan takes at most {MAX_TITLE}: shorten it."
            )
        return {"product_title": title}

    @mapping
    def description(self, record):
        text = record.description_sale or ""
        return {"product_description": plaintext2html(text) if text else ""}

    @mapping
    def brand_category(self, record):
        backend = self.backend_record
        category = record.kogan_category or backend.default_category
        if not category:
            raise BadDataError(
                f"{record.default_code} has no Kogan category and the backend "
                "has no default one."
            )
        return {
            "brand": record.kogan_brand or backend.default_brand or "",
            "category": category,
        }

    @mapping
    def gtin(self, record):
        return {"product_gtin": record.barcode or ""}

    @mapping
    def variant(self, record):
        """A product with attributes is one Kogan variant group: each variant
        is a listing varying on the attributes (at most three, [V-old]), whose
        values are facets ([D-var]: the variant section is the same on all
        listings of the group, its vary_on facets on each)."""
        template = record.product_tmpl_id
        values = record.product_template_attribute_value_ids
        if template.product_variant_count <= 1 or not values:
            return {}
        attributes = values.attribute_id
        if len(attributes) > 3:
            raise BadDataError(
                f"{record.default_code}: Kogan varies on at most three attributes, "
                f"{template.name} has {len(attributes)}."
            )
        facet_group = template.kogan_facet_group or VARIANT_FACET_GROUP
        variant = {
            "group_title": template.name,
            "group_id": template.kogan_variant_group or f"odoo-{template.id}",
        }
        for key, attribute in zip(
            ("vary_on", "vary_on_2", "vary_on_3"), attributes, strict=False
        ):
            variant[key] = {"group": facet_group, "type": attribute.name}
        items = [
            {"type": value.attribute_id.name, "value": value.name} for value in values
        ]
        return {
            "variant": variant,
            "facets": [{"group": facet_group, "items": items}],
        }

    @mapping
    def details(self, record):
        values = {
            "product_subtitle": record.kogan_subtitle or "",
            "product_inbox": record.kogan_inbox or "",
            "product_condition": record.kogan_condition or "New",
            "product_multipack": record.kogan_multipack or 1,
        }
        # sent only when set: Kogan keeps the images and tags it has
        if images := record.product_tmpl_id._kogan_images():
            values["images"] = images
        if record.all_product_tag_ids:
            values["tags"] = record.all_product_tag_ids.mapped("name")
        sizes = (record.kogan_length, record.kogan_width, record.kogan_height)
        if all(sizes) and record.weight:
            values["product_dimensions"] = {
                "length": record.kogan_length,
                "width": record.kogan_width,
                "height": record.kogan_height,
                "weight": record.weight,
            }
        return values

    @mapping
    def offer_and_stock(self, record):
        # computed for the whole chunk by the exporter (a few queries for 500
        # products instead of a few per product), else here
        chunk = self.options.offer_stock or {}
        if record.id in chunk:
            return chunk[record.id]
        backend = self.backend_record
        return {
            "offer_data": offers(backend, record)[record.id],
            "stock": stock_levels(backend, record)[record.id],
        }


@exporter("kogan.product.exporter")
@apply_on("product.product")
@collection("connector.kogan.backend")
class ProductExporter:
    def _chunk_mapper_options(self, records):
        """Prices and stock of the chunk in one go (the mapper reads them)."""
        backend = self.backend_record
        prices, stock = offers(backend, records), stock_levels(backend, records)
        offer_stock = {
            product.id: {"offer_data": prices[product.id], "stock": stock[product.id]}
            for product in records
        }
        return {"offer_stock": offer_stock}

    def _validate_update_data(self, record, external_id, data):
        if data.get("product_sku") != external_id:
            raise BadDataError(
                f"{record.display_name} is listed on Kogan as {external_id}; a "
                "Kogan SKU never changes: set the Internal Reference back to "
                f"{external_id}."
            )


@batch_exporter("kogan.product.batch.exporter")
@apply_on("product.product")
@collection("connector.kogan.backend")
class ProductBatchExporter:
    def _domain(self, domain):
        return super()._domain(domain) + [("kogan_listed", "=", True)]


@adapter("kogan.category.adapter")
@apply_on("connector.kogan.category")
@collection("connector.kogan.backend")
class CategoryAdapter(KoganApi):
    """Kogan's category list of a store (au, nz), page after page."""

    _id_key = "id"

    #: Kogan lists a few thousand categories: more is not a category list
    _max_categories = 100_000

    def get_categories(self, store_code):
        url, params, categories = "category/", {"store_code": store_code}, []
        pages, limit = 0, None
        while url:
            body = self._body(
                self._call("GET", url, params=params), dict, "category list"
            )
            pages += 1
            limit = limit or self._page_limit(body)
            if pages > limit:
                raise BadDataError(
                    f"Kogan's category list of {store_code} goes on past {limit} "
                    f"pages, more than its count ({body.get('count')!r}) explains: "
                    "stopped; try again later."
                )
            results = body.get("results")
            if not isinstance(results, list):
                raise BadDataError(f"Kogan's category list is malformed: {short(body)}")
            for category in results:
                if not (
                    isinstance(category, dict)
                    and isinstance(category.get("id"), int)
                    and isinstance(category.get("title"), str)
                ):
                    raise BadDataError(
                        f"A Kogan category is malformed: {short(category)}"
                    )
                categories.append(category)
            url, params = body.get("next"), None
        return categories

    def _page_limit(self, first_page):
        """The most pages the list may take: connector_base's bound of a
        listing, for its ``count`` at the first page's size; an API that
        keeps sending fresh pages stops there."""
        count = first_page.get("count")
        if not isinstance(count, int) or not 0 <= count <= self._max_categories:
            count = self._max_categories
        return page_limit(count, len(first_page.get("results") or ()))
