# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One base for the local HTTP simulators of external systems that tests run.

A simulator is a subclass of ``SimulatorServer`` that says how it answers;
the base serves it on a free loopback port, in threads, and records what it
received. Standard library only, so that a simulator also runs as a program
(the demo's, see "As a program" below).

Declaring routes, for a small API::

    class ItemsApi(SimulatorServer):
        @route("GET", "/items/(?P<item_id>[^/]+)")
        def get_item(self, request, item_id):
            with self.lock:
                return 200, {"id": item_id}

A route's pattern is a regular expression matched against the whole path as
sent (still quoted: ``%2F`` in an id is no separator); its groups are passed,
unquoted, as arguments. The default ``handle``
answers 405 to a known path with another method, 404 to an unknown one.
For a full dialect (authentication, faults, a routing table of its own),
override ``handle(request)`` instead, and call ``self.dispatch(request)``
for the routes when that helps.

What a handler returns: a ``Reply``, or a tuple ``(status, body)`` or
``(status, body, headers)``. A body is JSON-encoded, unless it is ``bytes``
(sent as they are) or ``None`` (no body). Every reply carries
``Content-Type: application/json`` and ``Content-Length``, then the extra
headers in their order; a header given as ``None`` is left out (a redirect,
a server that is not JSON). ``HANG_UP`` closes the connection without a
reply, ``RESET`` resets it (TCP RST): transport faults. An exception in a
handler answers 500 ``{"error": "..."}`` and is printed on stderr.

What a handler receives, a ``Request``: ``method``, ``path`` (as sent, still
quoted), ``query`` (each parameter's first value), ``query_string`` (raw),
``headers`` (an ``email.message.Message``, case-insensitive), ``body``
(``bytes``) and ``json()`` (the body decoded, ``None`` when empty; raises
``ValueError`` when it is not JSON).

Life cycle::

    with ItemsApi() as api:          # or api = ItemsApi().start() ... api.stop()
        requests.get(f"{api.url}/items/1")
        assert [r.path for r in api.requests] == ["/items/1"]

- ``ItemsApi(host="127.0.0.1", port=0, verbose=False)``: binds at once
  (port 0 is a free port); ``url`` (``http://host:port``, no trailing
  slash), ``host``, ``port``.
- ``start()`` serves in a background thread and returns the simulator;
  ``serve_forever()`` serves in the calling thread (a program's main loop).
- ``stop()`` stops serving, drops kept-alive connections (as an outage
  would), joins every thread and closes every socket; it may be called
  twice, or without ``start()``. The context manager calls it whatever
  happens; in a test, ``self.addCleanup(api.stop)`` right after creating it.
- ``requests`` is a copy of the requests received so far, oldest first;
  ``clear_requests()`` forgets them. Each is recorded before it is handled.
- ``lock``: an ``RLock`` for the subclass's state (handlers run in
  parallel threads).
- Class attributes: ``protocol_version`` (``"HTTP/1.1"``: keep-alive, as
  real clients reuse connections), ``error_status`` (500).

As a program: a simulator module imports this one as
``odoo.addons.connector_base.tests.http_simulator``, which needs the repository
on Odoo's addons path. Running this file as a program sets that path, then
runs the module named (as ``python -m`` would) or the file given, with the
arguments that follow::

    python connector_base/tests/http_simulator.py \\
        odoo.addons.connector_kogan.tests.simulator --port 8072
    python connector_base/tests/http_simulator.py tests/stub_server.py 8069 silent
"""

import contextlib
import json
import re
import socket
import struct
import sys
import threading
import traceback
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

STOP_POLL = 0.02  # seconds between checks for a stop request: stop() is quick


@dataclass
class Request:
    """One HTTP request as received."""

    method: str
    path: str
    query: dict
    query_string: str
    headers: Message
    body: bytes = b""

    def json(self):
        """The body decoded from JSON; ``None`` when there is none."""
        return json.loads(self.body) if self.body else None


@dataclass
class Reply:
    """A reply: status, body (JSON-able, ``bytes`` or ``None``), headers."""

    status: int
    body: object = None
    headers: dict = field(default_factory=dict)

    def encoded_body(self):
        if self.body is None:
            return b""
        if isinstance(self.body, bytes):
            return self.body
        return json.dumps(self.body).encode()


class _Hangup:
    def __init__(self, name, reset):
        self.name, self.reset = name, reset

    def __repr__(self):
        return self.name


HANG_UP = _Hangup("HANG_UP", reset=False)  # close without a reply
RESET = _Hangup("RESET", reset=True)  # a TCP reset, no reply


def route(method, pattern):
    """Declares a method of a ``SimulatorServer`` subclass as the handler of
    ``method`` on the paths matching ``pattern`` (a whole-path regex)."""

    def declare(func):
        func.simulator_route = (method.upper(), re.compile(pattern))
        return func

    return declare


class SimulatorServer:
    """A threaded HTTP server on loopback that answers through ``handle``."""

    protocol_version = "HTTP/1.1"
    error_status = 500
    _routes = ()  # (method, compiled pattern, function name), see route()

    def __init_subclass__(cls, **kwargs):
        cls._routes = tuple(
            (*func.simulator_route, name)
            for klass in reversed(cls.__mro__)
            for name, func in vars(klass).items()
            if hasattr(func, "simulator_route")
        )
        return super().__init_subclass__(**kwargs)

    def __init__(self, host="127.0.0.1", port=0, verbose=False):
        self.lock = threading.RLock()
        self._requests = []
        self._requests_lock = threading.Lock()
        self._thread = None
        self._server = _Server((host, port), self, verbose)

    # life cycle

    @property
    def host(self):
        return self._server.server_address[0]

    @property
    def port(self):
        return self._server.server_address[1]

    @property
    def url(self):
        return f"http://{self.host}:{self.port}"

    def start(self):
        """Serves in a background thread; returns the simulator."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self.serve_forever, name=type(self).__name__, daemon=True
            )
            self._thread.start()
        return self

    def serve_forever(self):
        """Serves in the calling thread until ``stop()`` (or Ctrl-C)."""
        self._server.serve_forever(poll_interval=STOP_POLL)

    def stop(self):
        """Stops serving, drops open connections, joins the threads."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.close_connections()
        self._server.server_close()  # joins the handler threads

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    # what was received

    @property
    def requests(self):
        with self._requests_lock:
            return list(self._requests)

    def clear_requests(self):
        with self._requests_lock:
            self._requests.clear()

    def _keep_request(self, request):
        with self._requests_lock:
            self._requests.append(request)

    # answering

    def handle(self, request):
        """The reply to ``request``; by default the declared routes'."""
        return self.dispatch(request)

    def dispatch(self, request):
        """Calls the route matching the request; 405 or 404 if none."""
        path = request.path
        path_known = False
        for method, pattern, name in self._routes:
            match = pattern.fullmatch(path)
            if match and method == request.method:
                groups = (unquote(group or "") for group in match.groups())
                return getattr(self, name)(request, *groups)
            path_known = path_known or match is not None
        if path_known:
            return 405, {"error": f"method {request.method} not allowed on {path}"}
        return 404, {"error": f"no such path {path}"}


class _Server(ThreadingHTTPServer):
    """Carries the simulator to the handlers; tracks the open connections to
    drop them on stop (a kept-alive idle one blocks its thread otherwise)."""

    daemon_threads = False  # server_close() joins them
    block_on_close = True

    def __init__(self, address, simulator, verbose):
        self.simulator = simulator
        self.verbose = verbose
        self._connections = set()
        self._connections_lock = threading.Lock()
        handler = type(
            "Handler",
            (_Handler,),
            {"protocol_version": simulator.protocol_version},
        )
        super().__init__(address, handler)

    def track(self, connection, alive):
        with self._connections_lock:
            if alive:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def close_connections(self):
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by the client
                connection.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    """HTTP plumbing only: the simulator decides the replies."""

    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms stall
    server: _Server

    def setup(self):
        result = super().setup()
        self.server.track(self.connection, alive=True)
        return result

    def finish(self):
        self.server.track(self.connection, alive=False)
        return super().finish()

    def do_GET(self):
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        request = Request(
            method=self.command,
            path=url.path,
            query={k: v[0] for k, v in parse_qs(url.query).items()},
            query_string=url.query,
            headers=self.headers,
            body=self.rfile.read(length) if length else b"",
        )
        simulator = self.server.simulator
        simulator._keep_request(request)
        try:
            reply = simulator.handle(request)
        except Exception as error:
            traceback.print_exc()
            reply = Reply(simulator.error_status, {"error": repr(error)})
        if isinstance(reply, _Hangup):
            return self._hang_up(reply.reset)
        if not isinstance(reply, Reply):
            reply = Reply(*reply)
        self._send(reply)

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def _send(self, reply):
        body = reply.encoded_body()
        headers = {"Content-Type": "application/json", "Content-Length": len(body)}
        headers.update(reply.headers)
        try:
            self.send_response(reply.status)
            for name, value in headers.items():
                if value is not None:
                    self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up, e.g. on a slow reply

    def _hang_up(self, reset):
        if reset:  # a zero linger makes closing send a TCP reset
            linger = struct.pack("ii", 1, 0)
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        else:
            self.connection.shutdown(socket.SHUT_RDWR)
        self.close_connection = True

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        if self.server.verbose:
            return super().log_message(format, *args)
        return None


def run_program(argv=None):
    """``http_simulator.py MODULE|FILE [ARGS...]``: runs a simulator module
    (as ``python -m`` would) or file, with this repository on Odoo's addons
    path."""
    import runpy
    from pathlib import Path

    import odoo

    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        raise SystemExit(run_program.__doc__)
    config = odoo.tools.config
    config["addons_path"] = (
        f"{Path(__file__).resolve().parents[2]},{config['addons_path']}"
    )
    config["test_enable"] = True  # a simulator is test tooling (odoo.tests imports)
    odoo.modules.module.initialize_sys_path()
    sys.argv = list(argv)
    if argv[0].endswith(".py"):
        runpy.run_path(argv[0], run_name="__main__")
    else:
        runpy.run_module(argv[0], run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    run_program()
