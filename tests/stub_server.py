"""A stand-in for an Odoo server, for the tests of the harness that starts
real ones (``odoo_server.OdooServer``): run through the simulator base,
``http_simulator.py tests/stub_server.py PORT BEHAVIOUR`` serves
``/web/health`` on 127.0.0.1:PORT as BEHAVIOUR says.

- ``slow-first``: the first request is answered after 2 s (a server loading
  its registry), the next ones at once;
- ``reset-first``: the first connection is closed without an answer;
- ``silent``: requests are accepted and never answered;
- ``exit``: the process ends at once, with status 3."""

import sys
import time

from odoo.addons.connector_base.tests.http_simulator import (
    HANG_UP,
    SimulatorServer,
    route,
)


class HealthStub(SimulatorServer):
    protocol_version = "HTTP/1.0"  # one request a connection, as before

    def __init__(self, port, behaviour):
        super().__init__(port=port)
        self.behaviour = behaviour

    @route("GET", "/web/health")
    def health(self, request):
        first = len(self.requests) == 1
        if self.behaviour == "silent" or (self.behaviour == "slow-first" and first):
            time.sleep(3600 if self.behaviour == "silent" else 2)
        if self.behaviour == "reset-first" and first:
            return HANG_UP
        return 200, b'{"status": "pass"}', {"Content-Type": None}


def main(port, behaviour):
    if behaviour == "exit":
        sys.exit(3)
    HealthStub(int(port), behaviour).serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:])
