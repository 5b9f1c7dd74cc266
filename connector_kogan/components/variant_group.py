# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A Kogan variant group is one product template with attributes.

Kogan lists each variant on its own; the listings of a group share a
``variant`` section ``{group_title, group_id, vary_on, vary_on_2, vary_on_3}``
and each names its own values in its facets ([D-var]: "the facet named in
vary_on must exist on all of them"). On import, the group becomes (or finds)
the template whose *Kogan Variant Group* is ``group_id``, with one attribute
per ``vary_on`` type, and each listing is bound to the variant of its values.
Kogan prices each listing: its price becomes the variant's (the template's
price plus its values' extra prices).
"""

from odoo.tools import float_compare, float_is_zero

from odoo.addons.connector_base import BadDataError

VARY_ON = ("vary_on", "vary_on_2", "vary_on_3")


def variant_of(record):
    """``(group_id, group_title, facet group, {attribute: value})`` of a
    listing in a variant group, None for a listing on its own; BadDataError
    when the group names an attribute the listing has no value for."""
    variant = record.get("variant")
    if not isinstance(variant, dict) or not variant.get("group_id"):
        return None
    varies = [variant[key] for key in VARY_ON if isinstance(variant.get(key), dict)]
    types = [vary.get("type") for vary in varies if vary.get("type")]
    if not types:
        return None
    facet_values = {
        item.get("type"): item.get("value")
        for facet in record.get("facets") or []
        if isinstance(facet, dict)
        for item in facet.get("items") or []
        if isinstance(item, dict)
    }
    missing = [kind for kind in types if not facet_values.get(kind)]
    if missing:
        raise BadDataError(
            f"Kogan listing {record.get('product_sku')} is in the variant group "
            f"{variant['group_id']} varying on {', '.join(types)} but has no "
            f"facet value for {', '.join(missing)}."
        )
    return (
        str(variant["group_id"]),
        variant.get("group_title") or str(variant["group_id"]),
        varies[0].get("group") or "Details",
        {kind: str(facet_values[kind]) for kind in types},
    )


class VariantGroups:
    """Finds or makes the templates of the variant groups of a page of
    listings, and the variant of each listing."""

    def __init__(self, env):
        self.env = env
        self.attributes = env["product.attribute"]
        self.refused = {}  # {sku: why its listing has no variant}

    def match(self, listings):
        """``{sku: product.product}`` of the listings in a variant group (the
        malformed ones are left out: their import fails on its own)."""
        groups = {}
        for sku, record in listings.items():
            try:
                variant = variant_of(record)
            except BadDataError:
                continue
            if variant:
                groups.setdefault(variant[:3], []).append((sku, variant[3]))
        matches = {}
        for (group_id, title, facet_group), members in groups.items():
            template = self._template(group_id, title, facet_group)
            self._add_values(template, [values for __, values in members])
            for sku, values in members:
                variant = self._variant(template, values)
                if variant:
                    matches[sku] = variant
                else:
                    self.refused[sku] = (
                        f"{template.display_name} has no variant {values}: its "
                        "attributes differ from those of the Kogan variant group "
                        f"{group_id}."
                    )
            self._archive_unlisted(template, matches.values())
        return matches

    def _template(self, group_id, title, facet_group):
        templates = self.env["product.template"].with_context(active_test=False)
        template = templates.search([("kogan_variant_group", "=", group_id)], limit=1)
        return template or templates.create(
            {
                "name": title,
                "kogan_variant_group": group_id,
                "kogan_facet_group": facet_group,
                "kogan_listed": True,
                "type": "consu",
                "is_storable": True,
            }
        )

    def _attribute(self, name):
        # an attribute of that name that makes no variants (e.g. a "Size"
        # only printed on quotes) cannot hold a Kogan variant group
        attribute = self.attributes.search(
            [("name", "=", name), ("create_variant", "=", "always")], limit=1
        )
        return attribute or self.attributes.create(
            {"name": name, "create_variant": "always"}
        )

    def _add_values(self, template, values_list):
        """Give the template a line per attribute holding every value of its
        listings (Odoo makes the variants)."""
        commands = []
        lines = {line.attribute_id.name: line for line in template.attribute_line_ids}
        for name in dict.fromkeys(n for values in values_list for n in values):
            attribute = self._attribute(name)
            wanted = set(values[name] for values in values_list)
            known = {value.name: value for value in attribute.value_ids}
            missing = [v for v in wanted if v not in known]
            created = self.env["product.attribute.value"].create(
                [{"attribute_id": attribute.id, "name": v} for v in missing]
            )
            value_ids = [known[v].id for v in wanted if v in known] + created.ids
            line = lines.get(name)
            if not line:
                commands.append(
                    (0, 0, {"attribute_id": attribute.id, "value_ids": value_ids})
                )
            elif set(value_ids) - set(line.value_ids.ids):
                commands.append(
                    (1, line.id, {"value_ids": [(4, i) for i in value_ids]})
                )
        if commands:
            template.write({"attribute_line_ids": commands})

    def _variant(self, template, values):
        variants = template.with_context(active_test=False).product_variant_ids
        for variant in variants:
            names = {
                value.attribute_id.name: value.name
                for value in variant.product_template_attribute_value_ids
            }
            if names == values:
                if not variant.active:
                    variant.active = True
                return variant
        return None

    def _archive_unlisted(self, template, listed):
        """Odoo makes every combination of the values; one Kogan does not list
        (no SKU, not bound, not matched) is archived, not sold."""
        listed_ids = {variant.id for variant in listed}
        unlisted = template.product_variant_ids.filtered(
            lambda v: v.id not in listed_ids and not v.default_code
        )
        if unlisted:
            unlisted.active = False


def variant_prices(template, prices):
    """The template's sales price and ``{template attribute value: extra
    price}`` that make each variant of ``prices`` (``{variant: price}``) cost
    its price and leave the other variants' prices as they are.

    Odoo prices a variant as its template's price plus the extras of its
    values: the cheapest variant gives the template's price, then each
    variant with one value not priced yet gives that value's extra (the
    variants with the fewest first, Kogan's new prices last). Kogan may
    price combinations of two attributes in a way no extras can hold (S/Red
    10, S/Blue 12, L/Red 11, L/Blue 15): BadDataError then, nothing
    written."""
    # an archived variant Kogan still lists is priced too
    variants = template.product_variant_ids.union(*prices)
    wanted = {variant: prices.get(variant, variant.lst_price) for variant in variants}
    cheapest = min(variants, key=lambda variant: (wanted[variant], variant.id))
    base = wanted[cheapest]
    extras = dict.fromkeys(cheapest.product_template_attribute_value_ids, 0.0)
    pending = {v: list(v.product_template_attribute_value_ids) for v in variants}
    rounding = template.currency_id.rounding
    while pending:
        # the new prices last: an error names the listing that cannot be held
        variant = min(
            pending,
            key=lambda v: (
                sum(value not in extras for value in pending[v]),
                v in prices,
            ),
        )
        values = pending.pop(variant)
        unknown = [value for value in values if value not in extras]
        rest = wanted[variant] - base - sum(extras.get(value, 0.0) for value in values)
        if unknown:  # a free choice when several: the first value takes it
            extras.update(dict.fromkeys(unknown, 0.0))
            extras[unknown[0]] = rest
        elif not float_is_zero(rest, precision_rounding=rounding):
            raise BadDataError(
                f"Kogan prices the variants of {template.display_name} in a way "
                "Odoo's attribute extra prices cannot hold (each value adds the "
                f"same amount to every variant having it): {variant.display_name} "
                f"should cost {wanted[variant]:.2f}. Price them on Kogan by "
                "value, or list them as separate products."
            )
    return base, extras


def set_variant_prices(template, prices):
    """Price the variants of ``prices`` (see ``variant_prices``), writing
    only what differs."""
    base, extras = variant_prices(template, prices)
    rounding = template.currency_id.rounding
    if float_compare(template.list_price, base, precision_rounding=rounding):
        template.list_price = base
    for value, extra in extras.items():
        if float_compare(value.price_extra, extra, precision_rounding=rounding):
            value.price_extra = extra
