# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Recorded exchanges with Kogan's API, replayed without any server: listing
two products (an asynchronous task polled until complete), then importing an
order for them.

Re-record against the simulator: delete the cassette, then run with
``VCR_RECORD_MODE=all`` (the SellerID and SellerToken headers are filtered
out of the cassette)."""

import os
import re
from pathlib import Path

import vcr

from .common import KoganCase

RECORD_MODE = os.environ.get("VCR_RECORD_MODE", "none")
CASSETTES = Path(__file__).parent / "fixtures" / "cassettes"
recorder = vcr.VCR(
    cassette_library_dir=str(CASSETTES),
    record_mode=RECORD_MODE,
    match_on=["method", "path", "query"],  # not the port of the recording
    filter_headers=["sellerid", "sellertoken"],
)


class TestRecordedExchanges(KoganCase):
    def setUp(self):
        super().setUp()
        if RECORD_MODE == "none":
            self.sim.stop()  # replayed: nothing listens there
            # the recording's own host: the replies name it (a task's
            # pending_url), and requests go only to the API's host
            text = (CASSETTES / "kogan_listing_and_order.yaml").read_text()
            origin = re.search(r"uri: (https?://[^/]+)/", text).group(1)
            self.backend.base_url = f"{origin}/api/marketplace/v2/"
        else:
            self.sim.seed_orders(
                [
                    self.sim.make_order(
                        order_id="5550001",
                        items=(("REC-1", 2, "30.00"), ("REC-2", 1, "12.50")),
                        shipping="7.50",
                        order_date="2026-11-20T01:02:03Z",
                    )
                ]
            )

    def test_list_products_then_import_an_order(self):
        products = self.make_product("REC-1", price=30.0) | self.make_product(
            "REC-2", price=12.5
        )
        with recorder.use_cassette("kogan_listing_and_order.yaml") as cassette:
            self.backend.export_batch("product.product")
            self.backend.import_batch("sale.order")
        self.assertTrue(cassette.all_played or RECORD_MODE != "none")
        self.assertEqual(
            {request.method for request in cassette.requests}, {"GET", "POST"}
        )
        self.assertEqual(set(self.bound("product.product")), {"REC-1", "REC-2"})
        sale = self.bound("sale.order")["5550001"]
        self.assertEqual(
            sale.order_line.product_id - products, self.backend.shipping_product_id
        )
        self.assertEqual(sale.amount_total, 80.0)
        self.assertEqual(sale.state, "sale")
        self.assertEqual(sale.partner_id.email, "buyer1@example.com")
