"""Security suite, outbound surface: requests leave only for the https
origin of the backend's URL; plain http and local addresses only when an
administrator allows them; credentials never reach another host."""

from odoo.addons.connector_base.models.backend_http_mixin import (
    INSECURE_HTTP_PARAM,
    OriginRefused,
)

from .odoo_server import waits
from .security_case import CoffeeSecurityCase
from .security_suite import SECRET, attacks
from .tiny_host import TinyHost

TIMEOUT = waits().fault_timeouts()[0]
attack = attacks(
    "outbound requests",
    {
        "a redirect to another host": "not followed, the other host receives nothing",
        "a reply naming another host as next page (Kogan)": (
            "refused before any request; the other host receives nothing"
        ),
        "plain http to a remote host": "refused before any request, clear error",
        "a backend URL on this machine (a loopback-only service)": (
            "refused before any request unless an administrator allows it"
        ),
        "a host name resolving to a local address": (
            "refused on the resolved address, before any request"
        ),
        "Test connection showing the reply of any URL": (
            "says what failed (status, request), never the reply body"
        ),
        "a request past the URL check (a redirect) to a local address": (
            "checked again on its resolved address: refused, nothing sent"
        ),
        "a brew id retargeting the URL (`../status?x`)": (
            "quoted: one request, to the brew's own path"
        ),
    },
)


class TestOutbound(CoffeeSecurityCase):
    @attack("a redirect to another host")
    def test_redirect_to_another_host(self):
        with TinyHost() as elsewhere:
            self.sim.add_fault("redirect", location=f"{elsewhere.url}/collect")
            error = self.failure(self.backend.import_status)
            self.assertFalse(elsewhere.requests)
        self.assertIn("outside the backend's API", str(error))
        self.assertEqual(self.connector_errors(self.backend).kind, "permanent")

    def test_redirect_within_the_api_is_followed(self):
        """Not an attack: the API's own redirects still work."""
        self.sim.add_fault("redirect", location=f"{self.sim.url}/api/v1/status")
        self.backend.import_status()
        self.assertEqual(
            [call["path"] for call in self.sim.calls],
            ["/api/v1/status", "/api/v1/status"],
        )
        self.assertFalse(self.connector_errors(self.backend))

    @attack("a reply naming another host as next page (Kogan)")
    def test_kogan_next_page_on_another_host(self):
        with TinyHost() as elsewhere, TinyHost() as api_host:
            api_host.routes["/api/products/"] = {
                "status": "Complete",
                "body": {"next": f"{elsewhere.url}/p?cursor=2", "results": []},
            }
            backend = self.env["connector.kogan.backend"].create(
                {
                    "name": "Hostile Kogan",
                    "base_url": f"{api_host.url}/api/",
                    "seller_id": "seller",
                    "seller_token": SECRET,
                    "http_max_retries": 0,
                }
            )
            error = self.failure(backend.import_batch, "product.product")
            self.assertEqual(len(api_host.requests), 1)
            self.assertEqual(api_host.requests[0].headers.get("SellerToken"), SECRET)
            self.assertFalse(elsewhere.requests)
        self.assertIn("not on the API's host", str(error))
        self.assertTrue(self.connector_errors(backend, kind="permanent"))

    @attack("plain http to a remote host")
    def test_plain_http_to_a_remote_host(self):
        self.local_http(False)
        self.backend.location = "http://192.0.2.10:8080"  # TEST-NET: never routed
        error = self.failure(self.backend.import_status)
        self.assertIn("plain http", str(error))
        self.assertIn("https", str(error))
        self.assertEqual(self.connector_errors(self.backend).kind, "permanent")

    @attack("a backend URL on this machine (a loopback-only service)")
    def test_loopback_service(self):
        with TinyHost({"/api/v1/status": {"secret": "a loopback-only page"}}) as host:
            self.backend.location = host.url
            self.local_http(False)
            message = self.backend.action_test_connection()["params"]["message"]
            self.assertIn("plain http", message)
            self.assertFalse(host.requests)
            # https to this machine: refused on its address
            self.backend.location = host.url.replace("http:", "https:")
            message = self.backend.action_test_connection()["params"]["message"]
            self.assertIn("local or private address (127.0.0.1)", message)
            self.assertFalse(host.requests)
            # allowed by an administrator (test environments): it is reached
            self.local_http(True)
            self.backend.location = host.url
            self.backend.action_test_connection()
            self.assertEqual(len(host.requests), 1)

    @attack("a host name resolving to a local address")
    def test_name_resolving_to_loopback(self):
        self.local_http(False)
        self.backend.location = f"https://localhost:{self.sim.url.rsplit(':', 1)[1]}"
        error = self.failure(self.backend.import_status)
        self.assertIn("resolves to a local or private address", str(error))
        self.assertFalse(self.sim.calls)

    @attack("Test connection showing the reply of any URL")
    def test_test_connection_hides_the_reply(self):
        page = "<html>internal admin page: db password hunter22</html>"
        with TinyHost({"/api/v1/status": (403, {"page": page})}) as host:
            self.backend.location = host.url
            params = self.backend.action_test_connection()["params"]
        self.assertEqual(params["type"], "danger")
        self.assertIn("answered 403 (the credentials were refused)", params["message"])
        self.assertNotIn("hunter22", params["message"])
        self.assertNotIn("internal admin page", params["message"])

    @attack("a brew id retargeting the URL (`../status?x`)")
    def test_brew_id_retargeting_the_url(self):
        beverage = self.env["coffee.product"].create(
            {"backend_id": self.backend.id, "name": "Espresso", "coffee_id": "ESP"}
        )
        brew = self.env["coffee.brew"].create(
            {"backend_id": self.backend.id, "product_id": beverage.id}
        )
        self.env["connector.binding"].create(
            {
                "backend_model": "coffee.backend",
                "backend_id": self.backend.id,
                "res_model": "coffee.brew",
                "res_id": brew.id,
                "external_id": "../status?x",
            }
        )
        self.failure(self.backend.import_record, "coffee.brew", "../status?x", True)
        paths = [call["path"] for call in self.sim.calls]
        self.assertEqual(paths, ["/api/v1/brew/..%2Fstatus%3Fx"])

    # -- secrets -----------------------------------------------------------------

    def test_the_switch_is_shown_on_the_form(self):
        """Not an attack: the administrator's switch shows on every backend
        form while it is on (demo databases), and is off by default."""
        arch = self.env["coffee.backend"].get_views([(False, "form")])["views"]
        self.assertIn(
            "Plain http and local addresses are allowed", arch["form"]["arch"]
        )
        self.local_http(True)
        self.backend.invalidate_recordset(["http_local_allowed"])
        self.assertTrue(self.backend.http_local_allowed)
        self.env["ir.config_parameter"].search(
            [("key", "=", INSECURE_HTTP_PARAM)]
        ).unlink()
        self.backend.invalidate_recordset(["http_local_allowed"])
        self.assertFalse(self.backend.http_local_allowed)

    @attack("a request past the URL check (a redirect) to a local address")
    def test_every_request_checked_on_its_address(self):
        """The backend's URL passed its check; each request its session
        sends (a redirect's too) is checked again on the address its host
        resolves to."""
        self.local_http(False)
        self.backend.location = "https://api.example.com"
        session = self.backend._http_slot().session
        with TinyHost() as host:
            port = host.url.rsplit(":", 1)[1]
            with self.assertRaisesRegex(OriginRefused, "local or private address"):
                session.get(f"https://localhost:{port}/", timeout=TIMEOUT)
            with self.assertRaisesRegex(OriginRefused, "plain http is refused"):
                session.get(f"{host.url}/", timeout=TIMEOUT)
            self.assertFalse(host.requests)
