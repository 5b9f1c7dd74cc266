# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A reply's JSON is decoded by orjson, and what orjson refuses is read as the
``json`` module reads it: the faster decoder changes no value."""

import json

from odoo.addons.connector_base.exceptions import BadDataError
from odoo.addons.connector_base.tests.http_simulator import SimulatorServer, route
from odoo.addons.connector_base.tests.simulator_case import SimulatorCase

#: what orjson refuses and ``json`` reads: an integer past 64 bits, NaN
BEYOND_ORJSON = b'{"id": 123456789012345678901234567890, "price": NaN}'
PAGE = (
    '{"results": [{"sku": "K-1", "title": "Caf\u00e9 \u2615", "price": 12.5,'
    ' "stock": -0, "tags": [], "next": null}], "ratio": 1e-7}'
).encode()


class RawApi(SimulatorServer):
    @route("GET", "/page")
    def page(self, request):
        return 200, PAGE

    @route("GET", "/beyond")
    def beyond(self, request):
        return 200, BEYOND_ORJSON

    @route("GET", "/broken")
    def broken(self, request):
        return 200, b'{"results": ['


class TestHttpDecode(SimulatorCase):
    simulator_class = RawApi
    backend_model = "test.connector.backend"
    backend_values = {"api_key": "s3cret-api-key"}

    def test_a_reply_decodes_as_the_json_module_decodes_it(self):
        self.assertEqual(self.backend._http_request("GET", "page"), json.loads(PAGE))

    def test_what_orjson_refuses_is_read_as_the_json_module_reads_it(self):
        data = self.backend._http_request("GET", "beyond")
        self.assertEqual(data["id"], 123456789012345678901234567890)
        self.assertNotEqual(data["price"], data["price"])  # NaN

    def test_a_reply_that_is_not_json_is_bad_data(self):
        with self.assertRaisesRegex(BadDataError, "not JSON"):
            self.backend._http_request("GET", "broken")
