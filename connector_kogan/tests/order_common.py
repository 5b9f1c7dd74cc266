# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A seller whose products carry the company's sale tax, mapped to a GST
included in Kogan's prices by a fiscal position per store: what the order
tests import against, set up here rather than taken from demo data."""

from odoo import Command

from .common import KoganSellingCase


class KoganGstCase(KoganSellingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        tax = env["account.tax"]
        cls.sales_tax = tax.create(
            {"name": "Sales 15% (excluded)", "amount": 15.0, "type_tax_use": "sale"}
        )
        cls.gst_au = tax.create(
            {
                "name": "GST 10% AU (included)",
                "amount": 10.0,
                "type_tax_use": "sale",
                "price_include_override": "tax_included",
            }
        )
        cls.gst_nz = tax.create(
            {
                "name": "GST 15% NZ (included)",
                "amount": 15.0,
                "type_tax_use": "sale",
                "price_include_override": "tax_included",
            }
        )
        cls.fp_au = cls.fiscal_position("Kogan AU", cls.gst_au)
        cls.fp_nz = cls.fiscal_position("Kogan NZ", cls.gst_nz)
        backend = cls.backend
        backend.write(
            {"fiscal_position_id": cls.fp_au.id, "nzd_fiscal_position_id": cls.fp_nz.id}
        )
        for product in (
            backend.shipping_product_id,
            backend.discount_product_id,
            backend.gift_product_id,
            backend.fees_product_id,  # taxed in Odoo, yet Kogan's fees are not
        ):
            product.taxes_id = cls.sales_tax

    @classmethod
    def fiscal_position(cls, name, gst):
        """Maps this case's sale tax and the company's default one (of the
        products imported from Kogan listings) to ``gst``."""
        sources = cls.sales_tax | cls.env.company.account_sale_tax_id
        return cls.env["account.fiscal.position"].create(
            {
                "name": name,
                "tax_ids": [
                    Command.create({"tax_src_id": tax.id, "tax_dest_id": gst.id})
                    for tax in sources
                ],
            }
        )

    def make_product(self, sku, name=None, price=19.95, **values):
        values.setdefault("taxes_id", [Command.set(self.sales_tax.ids)])
        return super().make_product(sku, name=name, price=price, **values)

    def order(self, items=(("DESK-1", 1, "199.00"),), **kwargs):
        order = self.sim.make_order(items=items, **kwargs)
        self.sim.seed_orders([order])
        return order

    def order_with_every_charge(self, items=(("DESK-1", 2, "199.00"),)):
        """An order carrying each of Kogan's charges and discounts besides
        its items: shipping and its discount, an order discount, a gift
        option, other fees."""
        return self.order(
            items=items,
            shipping="15.00",
            shipping_discount="5.00",
            discount="20.00",
            gift="4.95",
            fees="1.50",
        )

    def imported(self):
        return self.bound("sale.order")
