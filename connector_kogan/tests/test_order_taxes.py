# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Order lines are taxed by Odoo's own machinery (the products' customer
taxes, mapped by the store's fiscal position), and each order's taxes are
checked against Kogan's."""

from odoo import Command

from .order_common import KoganGstCase


def kogan_taxes(order):
    return sum(
        order[key]
        for key in ("TotalTaxPrice", "TotalShippingTaxPrice", "TotalGiftOptionTaxPrice")
    )


class TestOrderTaxes(KoganGstCase):
    def test_lines_take_the_products_taxes_mapped_by_the_stores_position(self):
        order = self.order_with_every_charge(
            items=(("DESK-1", 2, "199.00"), ("LAMP-1", 1, "25.00"))
        )
        self.backend.import_batch("sale.order")
        sale = self.imported()[order["ID"]]
        self.assertEqual(sale.fiscal_position_id, self.fp_au)
        taxes = {line.product_id: line.tax_id for line in sale.order_line}
        backend = self.backend
        for product in (
            self.desk,
            self.lamp,
            backend.shipping_product_id,
            backend.gift_product_id,
            backend.discount_product_id,
        ):
            self.assertEqual(taxes[product], self.gst_au, product.display_name)
        self.assertFalse(taxes[backend.fees_product_id])  # Kogan's fees
        self.assertAlmostEqual(sale.amount_tax, kogan_taxes(order), delta=0.03)
        self.assertAlmostEqual(sale.amount_total, order["TotalPrice"])
        self.assertAlmostEqual(sale.kogan_tax_total, kogan_taxes(order))
        self.assertFalse(sale.kogan_tax_mismatch)
        self.assertEqual(sale.state, "sale")
        # Odoo's own recomputation of the taxes agrees with the import's
        lines = sale.order_line.filtered("tax_id")
        lines._compute_tax_id()
        self.assertEqual(lines.tax_id, self.gst_au)

    def test_an_nzd_order_gets_the_nz_gst(self):
        self.env.ref("base.NZD").active = True
        self.backend.nzd_pricelist_id = self.env["product.pricelist"].create(
            {"name": "Kogan NZ", "currency_id": self.env.ref("base.NZD").id}
        )
        order = self.order(items=(("DESK-1", 1, "230.00"),), currency="NZD")
        self.backend.import_batch("sale.order")
        sale = self.imported()[order["ID"]]
        self.assertEqual(sale.fiscal_position_id, self.fp_nz)
        self.assertEqual(sale.order_line.tax_id, self.gst_nz)
        self.assertAlmostEqual(order["TotalTaxPrice"], 30.0)
        self.assertAlmostEqual(sale.amount_tax, 30.0)
        self.assertEqual(sale.state, "sale")

    def test_a_tax_exempt_listing_carries_no_tax(self):
        self.lamp.kogan_tax_exempt = True
        self.later()
        self.backend.export_batch("product.product")
        self.assertTrue(
            self.remote_products()["LAMP-1"]["offer_data"]["AUD"]["tax_exempt"]
        )
        order = self.order(items=(("DESK-1", 1, "199.00"), ("LAMP-1", 2, "25.00")))
        self.assertAlmostEqual(order["TotalTaxPrice"], 18.09)  # the desk's only
        self.backend.import_batch("sale.order")
        sale = self.imported()[order["ID"]]
        lamp_line = sale.order_line.filtered(lambda x: x.product_id == self.lamp)
        desk_line = sale.order_line.filtered(lambda x: x.product_id == self.desk)
        self.assertFalse(lamp_line.tax_id)
        self.assertEqual(desk_line.tax_id, self.gst_au)
        self.assertAlmostEqual(sale.amount_tax, 18.09)
        self.assertEqual(sale.state, "sale")

    def test_vat_inclusive_must_agree_with_the_mapped_taxes(self):
        order = self.order(items=(("DESK-1", 1, "180.00"),), vat_inclusive=False)
        self.backend.import_batch("sale.order")
        self.assertFalse(self.imported())
        error = self.connector_errors(self.backend, external_id=order["ID"])
        self.assertIn(f"Order {order['ID']}", error.message)
        self.assertIn("VatInclusive", error.message)
        # a fiscal position to a GST on top of the price: imported
        gst_on_top = self.env["account.tax"].create(
            {"name": "GST 10% AU (excluded)", "amount": 10.0, "type_tax_use": "sale"}
        )
        self.backend.fiscal_position_id = self.fiscal_position("On top", gst_on_top)
        self.backend.import_batch("sale.order")
        sale = self.imported()[order["ID"]]
        self.assertAlmostEqual(order["TotalPrice"], 198.0)
        self.assertAlmostEqual(sale.amount_total, 198.0)
        self.assertAlmostEqual(sale.amount_tax, order["TotalTaxPrice"])
        self.assertEqual(sale.state, "sale")

    def test_a_tax_difference_is_held_for_review_with_both_figures(self):
        order = self.order()
        order["TotalTaxPrice"] = 5.0  # Kogan says 5.00 of GST, Odoo finds 18.09
        self.sim.seed_orders([order])
        self.backend.import_batch("sale.order")
        sale = self.imported()[order["ID"]]
        self.assertTrue(sale.kogan_tax_mismatch)
        self.assertTrue(sale.kogan_held)
        self.assertEqual(sale.state, "draft")
        self.assertFalse(sale.picking_ids)
        review = self.env["connector.review"].search(
            self.backend._backend_domain() + [("res_id", "=", sale.id)]
        )
        self.assertEqual(review.state, "to_review")
        self.assertIn("5.00", review.reason)
        self.assertIn("18.09", review.reason)

    def test_the_rounding_of_each_line_is_allowed(self):
        # Odoo rounds each line's GST (0.10 each), Kogan the sum (5.25 / 11)
        order = self.order(items=(("LAMP-1", 1, "1.05"),) * 5)
        self.assertAlmostEqual(order["TotalTaxPrice"], 0.48)
        self.backend.import_batch("sale.order")
        sale = self.imported()[order["ID"]]
        self.assertAlmostEqual(sale.amount_tax, 0.50)
        self.assertFalse(sale.kogan_tax_mismatch)
        self.assertEqual(sale.state, "sale")

    def test_a_product_without_taxes_is_held_when_kogan_taxed_it(self):
        self.desk.taxes_id = [Command.clear()]
        order = self.order()
        self.backend.import_batch("sale.order")
        sale = self.imported()[order["ID"]]
        self.assertFalse(sale.order_line.tax_id)
        self.assertTrue(sale.kogan_tax_mismatch)
        self.assertEqual(sale.state, "draft")
