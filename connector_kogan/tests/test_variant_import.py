# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A Kogan variant group is imported as one product template with attributes."""

from .common import KoganCase


def boot(sim, sku, size, colour=None, **fields):
    variant = {
        "group_title": "Safety Boot",
        "group_id": "SFTY_BT_1",
        "vary_on": {"group": "Clothing", "type": "Size"},
    }
    items = [{"type": "Size", "value": size}]
    if colour:
        variant["vary_on_2"] = {"group": "Clothing", "type": "Colour"}
        items.append({"type": "Colour", "value": colour})
    return sim.make_listing(
        sku,
        product_title=f"Safety Boot {size}{' ' + colour if colour else ''}",
        variant=variant,
        facets=[{"group": "Clothing", "items": items}],
        **fields,
    )


class TestVariantImport(KoganCase):
    def test_a_variant_group_becomes_one_template(self):
        self.sim.seed_products(
            [boot(self.sim, "BOOT-S", "S"), boot(self.sim, "BOOT-L", "L")]
            + [self.sim.make_listing("SOLO-1")]
        )
        self.backend.import_batch("product.product")
        bound = self.bound("product.product")
        small, large = bound["BOOT-S"], bound["BOOT-L"]
        template = small.product_tmpl_id
        self.assertEqual(large.product_tmpl_id, template)
        self.assertEqual(template.name, "Safety Boot")
        self.assertEqual(template.kogan_variant_group, "SFTY_BT_1")
        self.assertEqual(template.product_variant_count, 2)
        self.assertEqual(small.product_template_attribute_value_ids.name, "S")
        self.assertEqual(
            (small.default_code, small.kogan_title), ("BOOT-S", "Safety Boot S")
        )
        self.assertNotEqual(bound["SOLO-1"].product_tmpl_id, template)
        # a new size listed later joins the template
        self.sim.seed_products([boot(self.sim, "BOOT-M", "M")])
        self.backend.import_batch("product.product")
        self.assertEqual(
            self.bound("product.product")["BOOT-M"].product_tmpl_id, template
        )
        self.assertEqual(template.product_variant_count, 3)
        # exported back as the same group, titles and facets unchanged
        before = self.remote_products()
        self.later()
        template.description_sale = "Steel toe"
        self.backend.export_batch("product.product")
        after = self.remote_products()
        for sku in ("BOOT-S", "BOOT-M", "BOOT-L"):
            for key in ("variant", "facets", "product_title"):
                self.assertEqual(after[sku][key], before[sku][key], (sku, key))
            self.assertIn("Steel toe", after[sku]["product_description"])

    def test_combinations_kogan_does_not_list_are_archived(self):
        self.sim.seed_products(
            [
                boot(self.sim, "B-S-BLK", "S", "Black"),
                boot(self.sim, "B-L-RED", "L", "Red"),
            ]
        )
        self.backend.import_batch("product.product")
        template = self.bound("product.product")["B-S-BLK"].product_tmpl_id
        # Odoo made the four combinations; the two Kogan lists are sold
        self.assertEqual(
            sorted(template.product_variant_ids.mapped("default_code")),
            ["B-L-RED", "B-S-BLK"],
        )
        self.assertEqual(
            len(template.with_context(active_test=False).product_variant_ids), 4
        )

    def test_a_listing_without_its_variant_value_is_an_error(self):
        broken = boot(self.sim, "BOOT-X", "XL")
        broken["facets"] = []
        self.sim.seed_products([broken, boot(self.sim, "BOOT-S", "S")])
        self.backend.import_batch("product.product")
        self.assertEqual(set(self.bound("product.product")), {"BOOT-S"})
        errors = self.connector_errors(self.backend, model_name="product.product")
        self.assertEqual(errors.mapped("external_id"), ["BOOT-X"])
        self.assertIn("no facet value for Size", errors.message)
        # fixed on Kogan: the next import binds it to the group's template
        self.sim.seed_products([boot(self.sim, "BOOT-X", "XL")])
        self.backend.import_batch("product.product")
        self.assertEqual(
            self.bound("product.product")["BOOT-X"].product_tmpl_id,
            self.bound("product.product")["BOOT-S"].product_tmpl_id,
        )
        self.assertEqual(errors.state, "resolved")

    def priced_boot(self, sku, size, price, colour=None):
        listing = boot(self.sim, sku, size, colour)
        listing["offer_data"]["AUD"]["price"] = price
        return listing

    def test_each_variant_costs_its_kogan_price(self):
        self.sim.seed_products(
            [
                self.priced_boot("BOOT-S", "S", "49.95"),
                self.priced_boot("BOOT-L", "L", "59.95"),
            ]
        )
        self.backend.import_batch("product.product")
        bound = self.bound("product.product")
        small, large = bound["BOOT-S"], bound["BOOT-L"]
        self.assertEqual((small.lst_price, large.lst_price), (49.95, 59.95))
        self.assertEqual(small.product_tmpl_id.list_price, 49.95)
        # one price changed on Kogan: only that variant's changes
        self.sim.seed_products([self.priced_boot("BOOT-S", "S", "44.95")])
        self.backend.import_batch("product.product")
        self.assertEqual((small.lst_price, large.lst_price), (44.95, 59.95))
        # a variant archived in Odoo that Kogan still lists keeps its price
        large.active = False
        self.sim.seed_products([self.priced_boot("BOOT-L", "L", "64.95")])
        self.backend.import_batch("product.product")
        self.assertEqual((small.lst_price, large.lst_price), (44.95, 64.95))

    def test_prices_extras_cannot_hold_are_an_error(self):
        # two attributes: each value adds one amount to every variant having it
        fitting = [
            self.priced_boot("B-S-RED", "S", "10.00", "Red"),
            self.priced_boot("B-S-BLU", "S", "12.00", "Blue"),
            self.priced_boot("B-L-RED", "L", "11.00", "Red"),
        ]
        self.sim.seed_products(fitting)
        self.backend.import_batch("product.product")
        bound = self.bound("product.product")
        self.assertEqual(
            [bound[sku].lst_price for sku in ("B-S-RED", "B-S-BLU", "B-L-RED")],
            [10.0, 12.0, 11.0],
        )
        # L/Blue at 15 would need Blue to add 2 to S and 4 to L
        self.sim.seed_products([self.priced_boot("B-L-BLU", "L", "15.00", "Blue")])
        self.backend.import_batch("product.product")
        errors = self.connector_errors(self.backend, model_name="product.product")
        self.assertEqual(errors.mapped("external_id"), ["B-L-BLU"])
        self.assertIn("cannot hold", errors.message)
        self.assertIn("15.00", errors.message)
        # nothing changed; priced by value on Kogan, it is imported
        self.assertEqual(
            [bound[sku].lst_price for sku in ("B-S-RED", "B-S-BLU", "B-L-RED")],
            [10.0, 12.0, 11.0],
        )
        self.assertFalse(
            self.env["product.product"].search([("default_code", "=", "B-L-BLU")])
        )
        self.sim.seed_products([self.priced_boot("B-L-BLU", "L", "13.00", "Blue")])
        self.backend.import_batch("product.product")
        self.assertEqual(self.bound("product.product")["B-L-BLU"].lst_price, 13.0)
        self.assertEqual(errors.state, "resolved")
