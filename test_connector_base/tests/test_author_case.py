# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The helpers connector authors get: the simulator case, the reply's
headers, an error record found, the clock moved past a sync."""

from odoo.addons.connector_base.tests.http_simulator import SimulatorServer, route
from odoo.addons.connector_base.tests.simulator_case import SimulatorCase

LINK = '<{url}/items?page=2>; rel="next"'


class PagedApi(SimulatorServer):
    """A page-numbered listing with its count of pages in a header, and no
    other path."""

    @route("GET", "/pages")
    def first_page(self, request):
        return 200, [{"id": "1"}], {"X-WP-TotalPages": "3", "Link": LINK}


class TestAuthorCase(SimulatorCase):
    simulator_class = PagedApi
    backend_model = "test.connector.backend"
    backend_values = {"api_key": "s3cret-api-key"}

    def test_the_backend_talks_to_the_simulator(self):
        self.assertEqual(self.backend.base_url, self.sim.url)
        reply = self.backend._http_response("GET", "pages", params={"page": 1})
        self.assertEqual((reply.data, reply.status), ([{"id": "1"}], 200))
        self.assertEqual(reply.headers["x-wp-totalpages"], "3")  # any case
        self.assertEqual(reply.headers["Link"], LINK)
        # the body alone, as before
        self.assertEqual(self.backend._http_request("GET", "pages"), [{"id": "1"}])
        (first, second) = self.sim.requests
        self.assertEqual((first.path, first.query), ("/pages", {"page": "1"}))
        self.assertEqual(second.headers["Authorization"], "Key s3cret-api-key")

    def test_a_missing_path_is_a_404_an_adapter_can_tell(self):
        error = self.failure(self.backend._http_request, "GET", "nowhere")
        self.assertEqual(error.status, 404)

    def test_assert_error_finds_the_error_record_of_a_failed_step(self):
        self.failure(self.backend.import_batch, "res.partner")  # no /items
        error = self.assert_error(self.backend, "404", model_name="res.partner")
        self.assertEqual(error.kind, "permanent")
        with self.assertRaises(AssertionError):
            self.assert_error(self.backend, kind="bad_data")

    def test_later_gives_the_next_write_a_later_date(self):
        partner = self.env["res.partner"].create({"name": "Synced"})
        synced_at = partner.write_date
        partner.name = "Changed in the same transaction"
        self.assertEqual(partner.write_date, synced_at)
        self.later()
        partner.name = "Changed later"
        self.assertGreater(partner.write_date, synced_at)
