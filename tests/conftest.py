"""Fixtures for the cross-addon suites: the demo's server, started for real."""

import os
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

import odoo
from odoo.tests.common import get_db_name

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OdooServer:
    """Odoo started by scripts/serve.sh (as the demo does), on the test database."""

    def __init__(self, db, port, logfile):
        self.db, self.port, self.logfile = db, port, logfile
        self.url = f"http://127.0.0.1:{port}"
        self.process = None

    def start(self, timeout=120):
        env = dict(os.environ, ODOO_LOGFILE=str(self.logfile))
        self.process = subprocess.Popen(
            ["bash", str(ROOT / "scripts/serve.sh"), self.db, str(self.port)],
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Odoo server exited, see {self.logfile}")
            try:
                if requests.get(f"{self.url}/web/health", timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise RuntimeError(
            f"Odoo server did not answer in {timeout}s, see {self.logfile}"
        )

    def kill(self):
        """Kill the server at once (SIGKILL), as a crash or an OOM killer would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@pytest.fixture(scope="session")
def odoo_server(tmp_path_factory):
    server = OdooServer(
        get_db_name(), free_port(), tmp_path_factory.mktemp("odoo") / "odoo.log"
    )
    server.start()
    yield server
    server.stop()


@contextmanager
def committed_env():
    """An environment whose changes are committed, so another process sees them."""
    registry = odoo.modules.registry.Registry(get_db_name())
    with registry.cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})


def wait_for(predicate, timeout=60, interval=0.3, what="condition"):
    """Polls predicate() in fresh transactions until it returns a truthy value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with committed_env() as env:
            result = predicate(env)
            if result:
                return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@contextmanager
def committed_coffee_backend(sim, name, **values):
    """A coffee machine backend on ``sim``, committed so that the server's
    jobrunner sees it; it and all it synchronised are deleted afterwards."""
    with committed_env() as env:
        backend_id = (
            env["coffee.backend"]
            .create(
                {
                    "name": name,
                    "version": sim.version,
                    "location": sim.url,
                    "username": "barista",
                    "password": "brew-s3cret",
                    **values,
                }
            )
            .id
        )
    try:
        yield backend_id
    finally:
        with committed_env() as env:
            of_backend = [
                ("backend_model", "=", "coffee.backend"),
                ("backend_id", "=", backend_id),
            ]
            brews = env["coffee.brew"].search([("backend_id", "=", backend_id)])
            env["connector.binding"].search(
                [("res_model", "=", "coffee.brew"), ("res_id", "in", brews.ids)]
            ).unlink()
            brews.unlink()
            products = env["coffee.product"].search([("backend_id", "=", backend_id)])
            templates = products.mapped("product_tmpl_id")
            products.unlink()
            templates.unlink()
            env["connector.error"].search(of_backend).unlink()
            env["connector.sync.state"].search(of_backend).unlink()
            env["coffee.backend"].browse(backend_id).unlink()
