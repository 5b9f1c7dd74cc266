# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Offer data per store (RRP, Kogan First price, tax exemption), pack size,
images and tags of a listing, both ways."""

from odoo.exceptions import ValidationError

from .common import KoganCase


class TestListingOffers(KoganCase):
    def _pricelist(self, name, currency, rules):
        return self.env["product.pricelist"].create(
            {
                "name": name,
                "currency_id": self.env.ref(f"base.{currency}").id,
                "item_ids": [
                    (
                        0,
                        0,
                        {
                            "applied_on": "0_product_variant",
                            "product_id": product.id,
                            "compute_price": "fixed",
                            "fixed_price": price,
                        },
                    )
                    for product, price in rules
                ],
            }
        )

    def test_rrp_kogan_first_price_and_tax_exemption_per_store(self):
        desk = self.make_product("OFF-1", price=100.0, kogan_tax_exempt=True)
        lamp = self.make_product("OFF-2", price=20.0)
        self.env.ref("base.NZD").active = True
        nzd = self._pricelist("Kogan NZ", "NZD", [])
        self.backend.write(
            {
                "nzd_pricelist_id": nzd.id,
                "rrp_pricelist_id": self._pricelist("RRP", "AUD", [(desk, 149)]).id,
                "nzd_rrp_pricelist_id": self._pricelist(
                    "RRP NZ", "NZD", [(desk, 159.5)]
                ).id,
                "first_pricelist_id": self._pricelist(
                    "First", "AUD", [(desk, 95), (lamp, 18.4)]
                ).id,
            }
        )
        self.backend.export_batch("product.product")
        remote = self.remote_products()
        desk_aud, desk_nzd = (remote["OFF-1"]["offer_data"][c] for c in ("AUD", "NZD"))
        self.assertEqual(
            (desk_aud["rrp"], desk_aud["kogan_first_price"]), ("149.00", "95.00")
        )
        self.assertEqual(
            (desk_nzd["rrp"], desk_nzd["kogan_first_price"]), ("159.50", None)
        )
        self.assertTrue(desk_aud["tax_exempt"] and desk_nzd["tax_exempt"])
        lamp_aud = remote["OFF-2"]["offer_data"]["AUD"]
        # no rule for the lamp in the RRP pricelist: no RRP, not its sales price
        self.assertEqual(
            (lamp_aud["rrp"], lamp_aud["kogan_first_price"]), (None, "18.40")
        )
        self.assertFalse(lamp_aud["tax_exempt"])
        # the stock and price push sends them too
        self.backend.rrp_pricelist_id.item_ids.fixed_price = 139
        self.backend.action_push_stock_price()
        self.run_jobs("push_stock_price")
        self.assertEqual(
            self.remote_products()["OFF-1"]["offer_data"]["AUD"]["rrp"], "139.00"
        )

    def test_pack_images_and_tags_are_sent(self):
        tag = self.env["product.tag"].create({"name": "Eco"})
        kettle = self.make_product(
            "PK-1",
            kogan_multipack=6,
            kogan_image_urls="https://cdn.example.com/k/1.jpg\n\nhttps://cdn.example.com/k/2.jpg\n",
            product_tag_ids=[(6, 0, tag.ids)],
        )
        self.make_product("PK-2")
        self.backend.export_batch("product.product")
        remote = self.remote_products()
        self.assertEqual(remote["PK-1"]["product_multipack"], 6)
        self.assertEqual(
            remote["PK-1"]["images"],
            ["https://cdn.example.com/k/1.jpg", "https://cdn.example.com/k/2.jpg"],
        )
        self.assertEqual(remote["PK-1"]["tags"], ["Eco"])
        # nothing set: Kogan keeps what it has (the simulator's defaults)
        self.assertEqual((remote["PK-2"]["images"], remote["PK-2"]["tags"]), ([], []))
        self.assertEqual(remote["PK-2"]["product_multipack"], 1)
        self.assertTrue(kettle)

    def test_bad_images_and_pack_sizes_are_refused_on_save(self):
        product = self.make_product("PK-3")
        with self.assertRaisesRegex(ValidationError, "one public http or https URL"):
            product.kogan_image_urls = "file:///etc/passwd"
        with self.assertRaisesRegex(ValidationError, "at most 8 images"):
            product.kogan_image_urls = "\n".join(
                f"https://cdn.example.com/{i}.jpg" for i in range(9)
            )
        with self.assertRaisesRegex(ValidationError, "at least one unit"):
            product.kogan_multipack = 0

    def test_offer_pack_images_and_tags_are_imported(self):
        listing = self.sim.make_listing(
            "IMP-1",
            product_multipack=4,
            images=[
                "https://images.example.com/a.jpg",
                "https://images.example.com/b.jpg",
            ],
            tags=["Eco", "Outdoor"],
        )
        listing["offer_data"]["AUD"]["tax_exempt"] = True
        self.env["product.tag"].create({"name": "Eco"})
        self.sim.seed_products([listing, self.sim.make_listing("IMP-2")])
        self.backend.import_batch("product.product")
        product = self.bound("product.product")["IMP-1"]
        self.assertEqual(product.kogan_multipack, 4)
        self.assertTrue(product.kogan_tax_exempt)
        self.assertEqual(
            product.product_tmpl_id._kogan_images(),
            ["https://images.example.com/a.jpg", "https://images.example.com/b.jpg"],
        )
        self.assertEqual(
            sorted(product.product_tag_ids.mapped("name")), ["Eco", "Outdoor"]
        )
        # the existing tag is reused, not duplicated
        self.assertEqual(
            self.env["product.tag"].search_count([("name", "=", "Eco")]), 1
        )
        other = self.bound("product.product")["IMP-2"]
        self.assertFalse(other.kogan_tax_exempt or other.product_tag_ids)
        # exported back unchanged: Kogan's listing stays as it was
        self.later()
        product.name = "Renamed"
        self.backend.export_batch("product.product")
        remote = self.remote_products()["IMP-1"]
        self.assertEqual(remote["tags"], ["Eco", "Outdoor"])
        self.assertEqual(remote["product_multipack"], 4)
        self.assertEqual(len(remote["images"]), 2)
        self.assertTrue(remote["offer_data"]["AUD"]["tax_exempt"])
