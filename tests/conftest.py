"""Fixtures for the cross-addon suites: the demo's server, started for real."""

import ctypes
import os
import signal
import socket
import subprocess
from contextlib import contextmanager
from pathlib import Path

import psycopg2
import pytest
import requests

import odoo
from odoo.tests.common import get_db_name

ROOT = Path(__file__).resolve().parent.parent
PR_SET_PDEATHSIG = 1


def waits():
    """connector_base's test waits (``tests/patience.py``), imported on first
    use: this file is loaded before pytest-odoo has set Odoo's addons path."""
    from odoo.addons.connector_base.tests import patience

    return patience


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _end_with_the_tests():
    """In the child, before it runs serve.sh (which execs Odoo): SIGTERM when
    the process that started it dies, even by SIGKILL, so that no server
    outlives an interrupted or killed test run."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class OdooServer:
    """Odoo started by scripts/serve.sh (as the demo does), on the test database.

    ``start()`` returns once the server answers, or stops it and raises; every
    server started is stopped by ``stop()``, at the latest when the test
    session ends (``stop_all``), and by the kernel if the tests are killed."""

    started = set()  # servers not yet stopped, for stop_all

    def __init__(self, db, port, logfile, command=None, workers=0):
        self.db, self.port, self.logfile = db, port, Path(logfile)
        self.workers = workers  # worker processes; 0: the threaded server
        self.url = f"http://127.0.0.1:{port}"
        self.command = command or [
            "bash",
            str(ROOT / "scripts/serve.sh"),
            db,
            str(port),
        ]
        self.process = None
        self.request_timeout = None  # of each readiness request; default REQUEST

    def start(self, timeout=None):
        env = dict(
            os.environ, ODOO_LOGFILE=str(self.logfile), ODOO_WORKERS=str(self.workers)
        )
        self.process = subprocess.Popen(
            self.command,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            preexec_fn=_end_with_the_tests,
        )
        OdooServer.started.add(self)
        try:
            waits().wait_until(
                self._answers,
                timeout or waits().SERVER_START,
                f"the Odoo server on port {self.port} to answer (log: {self.logfile})",
            )
        except BaseException:
            self.stop()
            raise
        return self

    def _answers(self):
        if self.process.poll() is not None:
            raise RuntimeError(
                f"the Odoo server exited with {self.process.returncode}, "
                f"see {self.logfile}"
            )
        # a new server answers once its registry is loaded: seconds, not a
        # failure; any error of the request means "not yet"
        try:
            timeout = self.request_timeout or waits().patience(waits().REQUEST)
            return requests.get(f"{self.url}/web/health", timeout=timeout).ok
        except requests.RequestException:
            return False

    def kill(self):
        """Kill the server at once (SIGKILL), as a crash or an OOM killer would."""
        self._signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        """Stop the server and every process of its group (SIGTERM, then
        SIGKILL if it has not ended in time)."""
        OdooServer.started.discard(self)
        if not self.process:
            return
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(waits().patience(30))
        except subprocess.TimeoutExpired:
            pass
        self._signal(signal.SIGKILL)  # what is left of the group, if anything
        self.process.wait()

    def _signal(self, signum):
        try:
            os.killpg(self.process.pid, signum)
        except ProcessLookupError:
            pass

    @classmethod
    def stop_all(cls):
        for server in list(cls.started):
            server.stop()


def pytest_unconfigure(config):
    """Whatever ended the session (a failure, Ctrl-C), no server is left."""
    OdooServer.stop_all()


@pytest.fixture(scope="session")
def odoo_server(tmp_path_factory):
    server = OdooServer(
        get_db_name(), free_port(), tmp_path_factory.mktemp("odoo") / "odoo.log"
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def committed_env():
    """An environment whose changes are committed, so another process sees them."""
    registry = odoo.modules.registry.Registry(get_db_name())
    with registry.cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})


def wait_for(predicate, timeout=None, interval=0.3, what="condition"):
    """Polls predicate(env) in fresh transactions until it returns a truthy
    value, for ``patience(timeout)`` seconds (default: the time a queued job
    takes to run)."""

    def in_a_fresh_transaction():
        with committed_env() as env:
            return predicate(env)

    return waits().wait_until(
        in_a_fresh_transaction, timeout or waits().JOB_RUN, what, interval
    )


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
        # the server may still be finishing a job of the backend: once none
        # is left, delete; a last write of the server's (a cron, a job's end)
        # can still collide with the deletion, which is then simply run again
        wait_for(
            lambda env: not _unfinished_jobs(env, backend_id),
            what=f"the jobs of coffee backend {backend_id} to end",
        )
        waits().wait_until(
            lambda: _delete_coffee_backend(backend_id),
            waits().JOB_RUN,
            f"coffee backend {backend_id} to be deleted",
            interval=1,
        )


def _unfinished_jobs(env, backend_id):
    channel = env["coffee.backend"].browse(backend_id)._connector_channel()
    return env["queue.job"].search_count(
        [("channel", "=", channel), ("state", "in", ("pending", "enqueued", "started"))]
    )


def _delete_coffee_backend(backend_id):
    """Deletes the backend and all it synchronised; False when a concurrent
    write of the server's made the transaction fail (nothing is deleted)."""
    try:
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
    except (psycopg2.errors.SerializationFailure, psycopg2.errors.LockNotAvailable):
        return False
    return True
