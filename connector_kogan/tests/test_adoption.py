# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A Kogan listing adopts the unbound product whose Internal Reference is its
SKU only if that product can be a listing: storable, saleable, of the
backend's company or shared, never a service nor one of the connector's own
order line products. Otherwise the listing is refused with an error record,
the product is left as it was, and no second product is made."""

from .common import KoganCase


class TestAdoption(KoganCase):
    def import_listing(self, sku, price="999.00"):
        """Kogan lists ``sku`` (and an ordinary listing beside it); import."""
        listing = self.sim.make_listing(sku)
        listing["offer_data"]["AUD"]["price"] = price
        self.sim.seed_products([listing, self.sim.make_listing("FINE-1")])
        self.backend.import_batch("product.product")

    def assert_refused(self, product, *texts):
        """The listing of ``product``'s SKU is neither adopted nor a new
        product; the product is unchanged; one error names SKU and product."""
        sku = product.default_code
        before = product.read(["type", "is_storable", "sale_ok", "list_price"])
        self.import_listing(sku)
        bound = self.bound("product.product")
        self.assertNotIn(sku, bound)
        self.assertIn("FINE-1", bound)  # the others of the page are imported
        self.assertEqual(
            self.env["product.product"]
            .with_context(active_test=False)
            .search([("default_code", "=", sku)]),
            product,
        )
        self.assertEqual(
            product.read(["type", "is_storable", "sale_ok", "list_price"]), before
        )
        error = self.connector_errors(self.backend, external_id=sku)
        self.assertEqual(len(error), 1)
        self.assertEqual(error.kind, "bad_data")
        for text in (sku, product.display_name, *texts):
            self.assertIn(text, error.message)
        return error

    def test_a_storable_saleable_product_is_adopted(self):
        mine = self.make_product("MINE-1", price=10.0, company_id=False)
        self.import_listing("MINE-1", price="12.00")
        self.assertEqual(self.bound("product.product")["MINE-1"], mine)
        self.assertEqual(mine.list_price, 12.0)

    def test_a_service_is_refused(self):
        service = self.env["product.product"].create(
            {"name": "Installation", "default_code": "SVC-1", "type": "service"}
        )
        self.assert_refused(service, "not a storable product")

    def test_the_connectors_shipping_product_is_refused(self):
        shipping = self.backend.shipping_product_id
        self.assertEqual(shipping.default_code, "KOGAN-SHIPPING")
        self.assert_refused(shipping, "connector's own")

    def test_a_storable_product_set_as_fees_product_is_refused(self):
        fees = self.make_product("FEES-1")
        self.backend.fees_product_id = fees
        self.assert_refused(fees, "connector's own")

    def test_a_consumable_not_tracked_is_refused(self):
        product = self.make_product("CONS-1", is_storable=False)
        self.assert_refused(product, "not a storable product")

    def test_a_product_that_cannot_be_sold_is_refused(self):
        product = self.make_product("PART-1", sale_ok=False)
        self.assert_refused(product, "cannot be sold")

    def test_another_companys_product_is_refused(self):
        other = self.env["res.company"].create({"name": "Other Shop"})
        product = self.make_product("OTHER-1", company_id=other.id)
        self.assert_refused(product, "Other Shop")

    def test_an_adoptable_product_is_preferred_to_a_refused_one(self):
        service = self.env["product.product"].create(
            {"name": "Old service", "default_code": "TWIN-1", "type": "service"}
        )
        mine = self.make_product("TWIN-1")
        self.import_listing("TWIN-1")
        self.assertEqual(self.bound("product.product")["TWIN-1"], mine)
        self.assertEqual(service.type, "service")
        self.assertFalse(self.connector_errors(self.backend, external_id="TWIN-1"))

    def test_a_single_listing_import_is_refused_too(self):
        service = self.env["product.product"].create(
            {"name": "Gift wrap", "default_code": "WRAP-1", "type": "service"}
        )
        self.sim.seed_products([self.sim.make_listing("WRAP-1")])
        self.failure(self.backend.import_record, "product.product", "WRAP-1")
        self.assertNotIn("WRAP-1", self.bound("product.product"))
        self.assertEqual(service.type, "service")
        error = self.connector_errors(self.backend, external_id="WRAP-1")
        self.assertIn("Gift wrap", error.message)
