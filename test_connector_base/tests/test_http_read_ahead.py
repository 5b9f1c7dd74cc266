# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A read sent ahead (``_http_ahead``): it leaves at once, its reply is the
one ``_http_response`` gives, its errors are raised when the reply is asked
for, classified the same way."""

import threading

from odoo.addons.connector_base.exceptions import PermanentError, TransientError
from odoo.addons.connector_base.tests.http_simulator import SimulatorServer, route
from odoo.addons.connector_base.tests.patience import REQUEST, wait_until
from odoo.addons.connector_base.tests.simulator_case import SimulatorCase


class GatedApi(SimulatorServer):
    """``/gated`` answers once the test opens the gate; ``/down`` is down."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.gate = threading.Event()

    @route("GET", "/gated")
    def gated(self, request):
        self.gate.wait(REQUEST)
        return 200, {"page": 2}, {"X-Page": "2"}

    @route("GET", "/down")
    def down(self, request):
        return 503, {"error": "maintenance"}


class TestHttpReadAhead(SimulatorCase):
    simulator_class = GatedApi
    backend_model = "test.connector.backend"
    backend_values = {"api_key": "s3cret-api-key"}

    def setUp(self):
        super().setUp()
        self.addCleanup(self.sim.gate.set)  # no handler left waiting

    def _received(self, path):
        return [request for request in self.sim.requests if request.path == path]

    def test_a_read_ahead_leaves_before_its_reply_is_asked_for(self):
        ahead = self.backend._http_ahead("GET", "gated", params={"page": 2})
        # the simulator holds its reply: only a request already sent is seen
        (request,) = wait_until(
            lambda: self._received("/gated"), REQUEST, "the read sent ahead"
        )
        self.assertEqual(request.query, {"page": "2"})
        self.assertEqual(request.headers["Authorization"], "Key s3cret-api-key")
        self.sim.gate.set()
        reply = ahead.response()
        self.assertEqual((reply.data, reply.status), ({"page": 2}, 200))
        self.assertEqual(reply.headers["x-page"], "2")
        self.assertEqual(len(self._received("/gated")), 1)  # sent once

    def test_a_failed_read_ahead_raises_when_its_reply_is_asked_for(self):
        ahead = self.backend._http_ahead("GET", "down")
        wait_until(lambda: self._received("/down"), REQUEST, "the read sent ahead")
        with self.assertRaisesRegex(TransientError, "answered 503"):
            ahead.response()

    def test_a_read_ahead_off_the_api_is_refused_when_asked_for(self):
        ahead = self.backend._http_ahead("GET", "https://elsewhere.example/x")
        with self.assertRaisesRegex(PermanentError, "not on the API's host"):
            ahead.response()
        self.assertFalse(self.sim.requests)

    def test_only_reads_are_sent_ahead(self):
        with self.assertRaisesRegex(ValueError, "only a read"):
            self.backend._http_ahead("POST", "gated", json={})
        self.assertFalse(self.sim.requests)
