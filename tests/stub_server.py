"""A stand-in for an Odoo server, for the tests of the harness that starts
real ones (``conftest.OdooServer``): ``stub_server.py PORT BEHAVIOUR`` serves
``/web/health`` on 127.0.0.1:PORT as BEHAVIOUR says.

- ``slow-first``: the first request is answered after 2 s (a server loading
  its registry), the next ones at once;
- ``reset-first``: the first connection is closed without an answer;
- ``silent``: requests are accepted and never answered;
- ``exit``: the process ends at once, with status 3."""

import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, behaviour = int(sys.argv[1]), sys.argv[2]
if behaviour == "exit":
    sys.exit(3)
requests_seen = []


class Health(BaseHTTPRequestHandler):
    def do_GET(self):
        requests_seen.append(self.path)
        first = len(requests_seen) == 1
        if behaviour == "silent" or (behaviour == "slow-first" and first):
            time.sleep(3600 if behaviour == "silent" else 2)
        if behaviour == "reset-first" and first:
            self.close_connection = True
            return
        body = b'{"status": "pass"}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", port), Health).serve_forever()
