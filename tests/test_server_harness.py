"""The harness that starts real Odoo servers for the end-to-end tests and the
benchmarks (``odoo_server.OdooServer``), against a stand-in server
(``stub_server.py``): it waits for readiness whatever the request error, and
no process it starts outlives a failure, nor the test process itself."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import odoo

from .odoo_server import ROOT, OdooServer, free_port, waits

HERE = Path(__file__).resolve().parent
# the stub runs through the simulator base, which puts connector_base on
# Odoo's addons path first
SIMULATOR = HERE.parent / "connector_base" / "tests" / "http_simulator.py"


def stub(behaviour, tmp_path):
    port = free_port()
    return OdooServer(
        "no-database",
        port,
        tmp_path / "stub.log",
        command=[sys.executable, str(SIMULATOR), str(HERE / "stub_server.py")]
        + [str(port), behaviour],
    )


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead, waiting for its parent to read its status
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"


def test_a_first_answer_slower_than_the_request_timeout_is_waited_for(tmp_path):
    server = stub("slow-first", tmp_path)
    server.request_timeout = 0.5  # the first answer takes 2 s: a read timeout
    server.start()
    try:
        assert server.process.poll() is None
    finally:
        server.stop()
    assert server.process.poll() is not None


def test_a_connection_closed_without_answer_is_waited_for(tmp_path):
    server = stub("reset-first", tmp_path)
    server.start()
    server.stop()
    assert server not in OdooServer.started


def test_a_server_that_never_answers_is_stopped(tmp_path):
    server = stub("silent", tmp_path)
    server.request_timeout = 0.5
    with pytest.raises(TimeoutError, match="to answer"):
        server.start(timeout=3 / waits().wait_factor())
    assert server.process.poll() is not None
    assert not alive(server.process.pid)
    assert server not in OdooServer.started


def test_a_server_that_exits_is_reported(tmp_path):
    server = stub("exit", tmp_path)
    with pytest.raises(RuntimeError, match="exited with 3"):
        server.start()
    assert server not in OdooServer.started


def test_no_server_outlives_a_killed_test_process(tmp_path):
    """The test process killed (SIGKILL: no finalizer runs): its server ends."""
    port = free_port()
    script = textwrap.dedent(
        f"""
        import sys, time
        import odoo
        odoo.tools.config.parse_config(["-c", {odoo.tools.config.rcfile!r}])
        from tests.odoo_server import OdooServer
        server = OdooServer("no-database", {port}, {str(tmp_path / "stub.log")!r},
            command=[sys.executable, {str(SIMULATOR)!r},
                     {str(HERE / "stub_server.py")!r}, "{port}", "slow-first"])
        server.start()
        print(server.process.pid, flush=True)
        time.sleep(3600)
        """
    )
    tests = subprocess.Popen(  # from the repository: this package is importable
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        server_pid = int(tests.stdout.readline())
        assert alive(server_pid)
    finally:
        tests.send_signal(signal.SIGKILL)
        tests.wait()
    waits().wait_until(
        lambda: not alive(server_pid), 30, "the orphaned server to end", 0.1
    )


def run_leftovers(mark):
    return subprocess.run(
        ["bash", "-c", f'source "{HERE.parent}/scripts/lib.sh"; leftovers {mark} 1'],
        capture_output=True,
        text=True,
        check=False,
    )


def test_processes_left_by_a_test_run_are_named_and_killed():
    """What scripts/test.sh checks once pytest has ended."""
    mark = f"harness-{os.getpid()}"
    assert run_leftovers(mark).returncode == 0
    left = subprocess.Popen(
        ["sleep", "600"], env=dict(os.environ, CONNECTOR_SUITE_RUN=mark)
    )
    try:
        check = run_leftovers(mark)
        assert check.returncode == 1
        assert "left running" in check.stderr
        assert f"{left.pid} sleep 600" in check.stderr
        assert left.wait(waits().patience(waits().REQUEST)) == -signal.SIGKILL
    finally:
        left.kill()
        left.wait()
