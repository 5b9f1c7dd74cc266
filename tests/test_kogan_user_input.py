"""Bad input from users of a Kogan backend (wrong token, wrong URL, a server
too slow...): *Test connection* says what is wrong, never the token."""

from odoo.addons.connector_base.tests.common import ConnectorTransactionCase
from odoo.addons.connector_kogan.tests.common import (
    SELLER_TOKEN,
    backend_values,
    kogan_simulator,
)

from .transport_faults import TIMEOUT, TOO_SLOW


class TestKoganUserInput(ConnectorTransactionCase):
    """Bad input from users gets a clear message."""

    def setUp(self):
        super().setUp()
        self.sim = self.enterContext(kogan_simulator("me"))
        self.backend = self.env["connector.kogan.backend"].create(
            backend_values(self.sim, "Input", http_timeout=TIMEOUT)
        )

    def _notification(self):
        params = self.backend.action_test_connection()["params"]
        self.assertNotIn(SELLER_TOKEN, str(params))  # whatever the input
        return params

    def _refusal(self, *fragments):
        """The message of a failed test, which says ``fragments``."""
        params = self._notification()
        self.assertEqual(params["type"], "danger")
        for fragment in fragments:
            self.assertIn(fragment, params["message"])
        return params["message"]

    def test_good_credentials(self):
        self.assertEqual(self._notification()["type"], "success")

    def test_wrong_token(self):
        self.backend.seller_token = "not-the-token"
        message = self._refusal("401", "credentials were refused")
        self.assertNotIn("not-the-token", message)

    def test_nothing_listens_at_the_url(self):
        self.backend.base_url = "http://127.0.0.1:9/api/marketplace/v2/"
        self._refusal("Cannot reach http://127.0.0.1:9/")

    def test_not_an_api_url(self):
        self.backend.base_url = self.sim.base_url.replace("/api/marketplace/v2/", "/")
        self._refusal("404")

    def test_url_without_scheme(self):
        self.backend.base_url = "nimda.kogan.com/api/marketplace/v2/"
        self._refusal("No scheme supplied", "https://nimda.kogan.com/")

    def test_server_too_slow(self):
        self.sim.add_fault(match="GET orders", kind="slow", seconds=TOO_SLOW)
        self._refusal("did not answer in time")

    def test_no_credentials(self):
        self.backend.write({"seller_id": False, "seller_token": False})
        message = self._refusal("401 (the credentials were refused)")
        # what failed, not Kogan's reply (the reply names the missing header)
        self.assertNotIn("SellerID", message)
