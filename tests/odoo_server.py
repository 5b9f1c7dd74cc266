"""Real Odoo servers for the end-to-end tests, the soak run and the
benchmarks, started by ``scripts/serve.sh`` as the demo does."""

import ctypes
import os
import signal
import socket
import subprocess
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PR_SET_PDEATHSIG = 1


def waits():
    """connector_base's test waits (``tests/patience.py``), imported on first
    use: conftest and the scripts import this module before Odoo's addons
    path is set."""
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
