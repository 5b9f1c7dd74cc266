"""Bad input from users of a Kogan backend (wrong token, wrong URL, a server
too slow...): *Test connection* says what is wrong, never the token."""

from odoo.addons.connector_base.tests.common import ConnectorTransactionCase

from .kogan_common import SECRET, TIMEOUT, TOO_SLOW, backend_values, start_simulator


class TestKoganUserInput(ConnectorTransactionCase):
    """Bad input from users gets a clear message."""

    def setUp(self):
        super().setUp()
        self.sim = start_simulator(self, "me")
        self.backend = self.env["connector.kogan.backend"].create(
            backend_values(self.sim, "Input", http_timeout=TIMEOUT)
        )

    def _notification(self):
        params = self.backend.action_test_connection()["params"]
        self.assertNotIn(SECRET, str(params))  # whatever the input
        return params

    def test_good_credentials(self):
        self.assertEqual(self._notification()["type"], "success")

    def test_wrong_token(self):
        self.backend.seller_token = "not-the-token"
        params = self._notification()
        self.assertEqual(params["type"], "danger")
        self.assertIn("401", params["message"])
        self.assertIn("credentials were refused", params["message"])
        self.assertNotIn("not-the-token", params["message"])

    def test_nothing_listens_at_the_url(self):
        self.backend.base_url = "http://127.0.0.1:9/api/marketplace/v2/"
        params = self._notification()
        self.assertEqual(params["type"], "danger")
        self.assertIn("Cannot reach http://127.0.0.1:9/", params["message"])

    def test_not_an_api_url(self):
        self.backend.base_url = self.sim.base_url.replace("/api/marketplace/v2/", "/")
        params = self._notification()
        self.assertEqual(params["type"], "danger")
        self.assertIn("404", params["message"])

    def test_url_without_scheme(self):
        self.backend.base_url = "nimda.kogan.com/api/marketplace/v2/"
        params = self._notification()
        self.assertEqual(params["type"], "danger")
        self.assertIn("No scheme supplied", params["message"])
        self.assertIn("https://nimda.kogan.com/", params["message"])

    def test_server_too_slow(self):
        self.sim.add_fault(match="GET orders", kind="slow", seconds=TOO_SLOW)
        params = self._notification()
        self.assertEqual(params["type"], "danger")
        self.assertIn("did not answer in time", params["message"])

    def test_no_credentials(self):
        self.backend.write({"seller_id": False, "seller_token": False})
        params = self._notification()
        self.assertEqual(params["type"], "danger")
        self.assertIn("401 (the credentials were refused)", params["message"])
        # what failed, not Kogan's reply (the reply names the missing header)
        self.assertNotIn("SellerID", params["message"])
