# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The simulator server base: routes, replies, what it recorded, transport
faults, and a stop that leaves no thread and no socket behind."""

import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests

from .http_simulator import HANG_UP, RESET, Reply, SimulatorServer, route
from .patience import REQUEST, patience, wait_until


class ItemsApi(SimulatorServer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.items = {"a/b": {"id": "a/b"}}

    @route("GET", "/items/([^/]+)")
    def get_item(self, request, item_id):
        with self.lock:
            item = self.items.get(item_id)
        return (200, item) if item else (404, {"error": f"no item {item_id}"})

    @route("POST", "/items/([^/]+)")
    def put_item(self, request, item_id):
        with self.lock:
            self.items[item_id] = dict(request.json(), id=item_id)
        return Reply(201, {"id": item_id}, {"Location": f"/items/{item_id}"})

    @route("GET", "/raw")
    def raw(self, request):
        return 200, b"not json", {"Content-Type": "text/plain", "X-Page": "1"}

    @route("GET", "/redirect")
    def redirect(self, request):
        return 302, None, {"Location": "/raw", "Content-Type": None}

    @route("GET", "/hang-up")
    def hang_up(self, request):
        return HANG_UP

    @route("GET", "/reset")
    def reset(self, request):
        return RESET

    @route("GET", "/boom")
    def boom(self, request):
        raise KeyError("boom")


def get(api, path, **kwargs):
    return requests.get(f"{api.url}{path}", timeout=patience(REQUEST), **kwargs)


@pytest.fixture
def api():
    with ItemsApi() as server:
        yield server


def test_routes_get_unquoted_groups_and_record_requests(api):
    reply = get(api, "/items/a%2Fb", params={"q": "1"}, headers={"X-Key": "k"})
    assert (reply.status_code, reply.json()) == (200, {"id": "a/b"})
    assert reply.headers["Content-Type"] == "application/json"
    created = requests.post(
        f"{api.url}/items/c", json={"name": "C"}, timeout=patience(REQUEST)
    )
    assert (created.status_code, created.headers["Location"]) == (201, "/items/c")
    assert api.items["c"] == {"id": "c", "name": "C"}
    first, second = api.requests
    assert (first.method, first.path, first.body) == ("GET", "/items/a%2Fb", b"")
    assert (first.query, first.query_string) == ({"q": "1"}, "q=1")
    assert first.headers["x-key"] == "k"
    assert (second.method, second.json()) == ("POST", {"name": "C"})
    api.clear_requests()
    assert api.requests == []


def test_unknown_path_and_method(api):
    assert get(api, "/nothing").status_code == 404
    assert get(api, "/items/zz").json() == {"error": "no item zz"}
    refused = requests.delete(f"{api.url}/items/a", timeout=patience(REQUEST))
    assert refused.status_code == 405


def test_bytes_headers_and_left_out_headers(api):
    raw = get(api, "/raw")
    assert (raw.content, raw.headers["Content-Type"]) == (b"not json", "text/plain")
    assert raw.headers["X-Page"] == "1"
    moved = get(api, "/redirect", allow_redirects=False)
    assert (moved.status_code, moved.headers["Location"]) == (302, "/raw")
    assert "Content-Type" not in moved.headers


def test_transport_faults_and_handler_errors(api):
    for path in ("/hang-up", "/reset"):
        with pytest.raises(requests.ConnectionError):
            get(api, path)
    failed = get(api, "/boom")
    assert (failed.status_code, failed.json()) == (500, {"error": "KeyError('boom')"})
    # the server still answers after each of them
    assert get(api, "/items/a%2Fb").status_code == 200


def test_stop_joins_threads_closes_sockets_even_with_idle_connections():
    threads_before = set(threading.enumerate())
    api = ItemsApi().start()
    session = requests.Session()  # keeps its connection open and idle
    assert session.get(f"{api.url}/items/a%2Fb", timeout=patience(REQUEST)).ok
    port = api.port
    api.stop()
    api.stop()  # a second stop is harmless
    assert set(threading.enumerate()) <= threads_before
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=patience(REQUEST))
    session.close()


def test_stop_without_start_frees_the_port():
    api = ItemsApi()
    port = api.port
    api.stop()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=patience(REQUEST))


def test_runs_a_simulator_module_as_a_program():
    """What the demo does: the base sets Odoo's addons path, then runs the
    simulator module, which imports the base through ``odoo.addons``."""
    base = Path(__file__).with_name("http_simulator.py")
    module = "odoo.addons.connector_coffee.tests.simulator"
    command = [sys.executable, str(base), module, "--port", "0"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as program:
        try:
            banner = wait_until(program.stdout.readline, REQUEST, "the banner")
            url = banner.split(" on ")[-1].strip()
            reply = requests.get(f"{url}/_sim/state", timeout=patience(REQUEST))
            assert reply.json()["version"] == "2900"
        finally:
            program.terminate()
            program.wait(timeout=patience(REQUEST))
