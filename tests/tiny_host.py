"""A local HTTP server for the security suites: a hostile API, or a host
collecting whatever credentials reach it."""

from odoo.addons.connector_base.tests.http_simulator import SimulatorServer


class TinyHost(SimulatorServer):
    """Answers ``routes`` (path -> JSON, or (status, JSON)), else 200 ``{}``,
    and keeps every request it receives (``requests``)."""

    def __init__(self, routes=None):
        super().__init__()
        self.routes = routes or {}

    def handle(self, request):
        route = self.routes.get(request.path, {})
        return route if isinstance(route, tuple) else (200, route)
