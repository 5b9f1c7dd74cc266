"""Fixtures for the cross-addon suites: the demo's server, started for real."""

import ctypes
import functools
import json
import os
import signal
import socket
import subprocess
import threading
import xmlrpc.client
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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


# -- the security suite's figure ------------------------------------------------

README = ROOT / "README.md"
SECURITY_START = "<!-- security-suite:start -->"
SECURITY_END = "<!-- security-suite:end -->"
#: surface -> {"outcomes": {attack: what stopped it}, "tried": set(),
#: "defended": {attack: outcome}}; filled by the tests/test_security_*.py files
SECURITY_SURFACES = {}


def attacks(surface, outcomes):
    """The ``attack(name)`` decorator of one surface of the security suite
    (``outcomes``: every attack of the surface and what stops it): a test so
    decorated is that attack, counted as defended once its assertions pass.
    Checks that are not attacks (configuration, clean-up) stay plain tests."""
    record = SECURITY_SURFACES.setdefault(
        surface, {"outcomes": outcomes, "tried": set(), "defended": {}}
    )

    def attack(name):
        assert name in outcomes, f"{name!r} is not an attack of {surface}"

        def decorate(test):
            @functools.wraps(test)
            def run(*args, **kwargs):
                record["tried"].add(name)
                test(*args, **kwargs)
                record["defended"][name] = outcomes[name]

            return run

        return decorate

    return attack


def _security_files():
    return sorted(ROOT.glob("tests/test_security_*.py"))


def security_figures():
    """The README's security section, or None unless every surface ran every
    one of its attacks in this session (not a -k selection, not one file)."""
    surfaces = SECURITY_SURFACES
    if (
        not surfaces
        or len(surfaces) != len(_security_files())
        or any(s["tried"] != set(s["outcomes"]) for s in surfaces.values())
    ):
        return None
    tried = sum(len(s["tried"]) for s in surfaces.values())
    succeeded = sum(len(s["tried"]) - len(s["defended"]) for s in surfaces.values())
    lines = [
        SECURITY_START,
        "Written by `tests/test_security_*.py` at each complete run: attacks "
        "only (configuration and clean-up checks are tests, not counted), run "
        "for real: hostile replies from local servers, curious users over "
        "XML-RPC and JSON-RPC on a real server, two companies.",
        "",
        f"- attacks tried: {tried}",
        f"- attacks that succeeded: {succeeded}",
        "",
        "| surface | attacks | succeeded |",
        "| --- | --- | --- |",
    ]
    for surface, s in sorted(surfaces.items()):
        lines.append(
            f"| {surface} | {len(s['tried'])} | "
            f"{len(s['tried']) - len(s['defended'])} |"
        )
    for surface, s in sorted(surfaces.items()):
        lines += ["", f"{surface}:", "", "| attack | outcome |", "| --- | --- |"]
        lines += [
            f"| {name} | {s['defended'].get(name, '**succeeded**')} |"
            for name in s["outcomes"]
        ]
    lines.append(SECURITY_END)
    return "\n".join(lines)


def pytest_sessionfinish(session, exitstatus):
    figures = security_figures()
    if not figures:
        return
    text = README.read_text()
    if SECURITY_START in text and SECURITY_END in text:
        before, rest = text.split(SECURITY_START, 1)
        README.write_text(before + figures + rest.split(SECURITY_END, 1)[1])


# -- the security suite's hosts and users ---------------------------------------

SECRET = "s3cret-security-token"
BUYER = "Jane Buyer, jane@example.com, +61 400 000 000, 1 Secret St"
RPC_ACCESS_ERROR = 4  # XML-RPC fault code of an AccessError


class TinyHost:
    """A local HTTP server answering ``routes`` (path -> JSON, or (status,
    JSON)) and keeping
    every request it receives, with its headers: a hostile API, or a host
    collecting whatever credentials reach it."""

    def __init__(self, routes=None):
        self.routes, self.requests = routes or {}, []
        host = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                host.requests.append((self.path, dict(self.headers)))
                route = host.routes.get(self.path.split("?")[0], {})
                # a route is a JSON reply, or (status, JSON reply)
                status, reply = route if isinstance(route, tuple) else (200, route)
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def xml_rpc(server, login, password):
    """call(model, method, *args, **kwargs) over XML-RPC as ``login``."""
    common = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/common")
    uid = common.authenticate(server.db, login, password, {})
    assert uid, login
    models = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object", allow_none=True)

    def call(model, method, *args, **kwargs):
        return models.execute_kw(
            server.db, uid, password, model, method, list(args), kwargs
        )

    return call


def json_rpc(server, login, password):
    """call(model, method, *args, **kwargs) -> the web client's JSON-RPC reply
    (``result`` or ``error``), in a session of ``login``."""
    session = requests.Session()

    def post(path, params):
        reply = session.post(
            f"{server.url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "params": params},
            timeout=waits().patience(waits().REQUEST),
        )
        reply.raise_for_status()
        return reply.json()

    post(
        "/web/session/authenticate",
        {"db": server.db, "login": login, "password": password},
    )

    def call(model, method, *args, **kwargs):
        return post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    return call


def fault_of(call, *args, **kwargs):
    """The XML-RPC fault a call raises (None if it succeeds); no fault may
    carry the secret or the buyer's data."""
    try:
        call(*args, **kwargs)
    except xmlrpc.client.Fault as fault:
        assert SECRET not in fault.faultString
        assert BUYER not in fault.faultString
        return fault
    return None


def refused(call, *args, **kwargs):
    """True when the XML-RPC call is refused as an access error."""
    fault = fault_of(call, *args, **kwargs)
    return bool(fault) and fault.faultCode == RPC_ACCESS_ERROR


def web_refused(reply):
    assert BUYER not in str(reply)
    error = reply.get("error")
    return bool(error) and error["data"]["name"] == "odoo.exceptions.AccessError"


SECURITY_LOGINS = {
    "plain": "security-plain-a",  # an employee of A, no connector rights
    "user_a": "security-user-a",
    "manager_a": "security-manager-a",
    "user_b": "security-user-b",  # a connector user of the other company
    "manager_b": "security-manager-b",
}


def as_security_user(server, who):
    login = SECURITY_LOGINS[who]
    return xml_rpc(server, login, f"{login}-pass")


@pytest.fixture(scope="session")
def two_companies(odoo_server):
    """Company A with a coffee machine (a binding, an error holding a buyer's
    data, a synchronisation state, a failed job) and a
    Kogan account with a category; an employee without connector rights, a
    connector user and a connector manager in A; a connector user and a
    connector manager in B."""
    from odoo.addons.connector_coffee.tests.simulator import CoffeeMachineSimulator
    from odoo.addons.connector_kogan.tests.simulator import KoganSimulator
    from odoo.addons.queue_job.job import Job

    sim = CoffeeMachineSimulator(version="1900", password=SECRET).start()
    kogan_sim = KoganSimulator(seller_id="a", seller_token=SECRET).start()
    with committed_env() as env:
        # companies are kept (their warehouses refer to them); found again
        companies = env["res.company"]
        for name in ("Security A", "Security B"):
            companies |= companies.search([("name", "=", name)]) or companies.create(
                {"name": name}
            )
        company_a, company_b = companies
        employee = env.ref("base.group_user")
        group_user = env.ref("connector_base.group_connector_user")
        group_manager = env.ref("connector.group_connector_manager")

        def user(who, company, groups):
            login = SECURITY_LOGINS[who]
            return env["res.users"].create(
                {
                    "name": login,
                    "login": login,
                    "password": f"{login}-pass",
                    "company_id": company.id,
                    "company_ids": [(6, 0, company.ids)],
                    "groups_id": [(6, 0, [g.id for g in groups])],
                }
            )

        users = (
            user("plain", company_a, employee)
            | user("user_a", company_a, employee | group_user)
            | user("manager_a", company_a, employee | group_manager)
            | user("user_b", company_b, employee | group_user)
            | user("manager_b", company_b, employee | group_manager)
        )
        backend = env["coffee.backend"].create(
            {
                "name": "Machine of A",
                "location": sim.url,
                "username": "barista",
                "password": SECRET,
                "company_id": company_a.id,
            }
        )
        kogan = env["connector.kogan.backend"].create(
            {
                "name": "Kogan of A",
                "base_url": kogan_sim.base_url,
                "seller_id": "a",
                "seller_token": SECRET,
                "company_id": company_a.id,
            }
        )
        # a wizard of the administrator's: another user's, whoever calls it
        recovery = env["kogan.order.recovery"].create(
            {"backend_id": kogan.id, "mode": "order", "order_ref": "ORDER-1"}
        )
        category = env["connector.kogan.category"].create(
            {"backend_id": kogan.id, "kogan_id": 7, "title": "Kettles of A"}
        )
        of_backend = {"backend_model": backend._name, "backend_id": backend.id}
        binding = env["connector.binding"].create(
            dict(
                of_backend,
                res_model="res.partner",
                res_id=company_a.partner_id.id,
                external_id="buyer-1",
            )
        )
        state = env["connector.sync.state"]._for(backend, "coffee.product", "import")
        job = backend.with_delay(eta=86400).import_status()  # never run here
        failed = Job.load(env, job.uuid)
        failed.set_failed(exc_info="Traceback", exc_message="failed")
        failed.store()
        error = env["connector.error"].create(
            dict(
                of_backend,
                model_name="sale.order",
                external_id="ORDER-1",
                kind="bad_data",
                message="An order to fix",
                payload=json.dumps({"buyer": BUYER}),
                traceback=f"Traceback: {BUYER}",
                job_uuid=job.uuid,
            )
        )
        beverage = env["coffee.product"].create(
            {"backend_id": backend.id, "name": "Espresso of A", "coffee_id": "ESP"}
        )
        brew = env["coffee.brew"].create(
            {"backend_id": backend.id, "product_id": beverage.id}
        )
        product = env["product.product"].create({"name": "Kettle of A"})
        review = env["connector.review"].create(
            dict(of_backend, res_model="product.product", res_id=product.id)
        )
        change = env["connector.sync.change"].create(
            dict(
                of_backend,
                res_model="coffee.product",
                res_id=beverage.id,
                direction="import",
                job_uuid=job.uuid,
            )
        )
        card = (
            env["connector.backend.health"]
            ._refresh()
            .filtered(
                lambda c: (c.backend_model, c.backend_id) == (backend._name, backend.id)
            )
        )
        wizard = env["connector.bulk.sync"].create(
            {
                "res_model": "coffee.product",
                "res_ids": beverage.ids,
                "backend_ref": f"coffee.backend,{backend.id}",
            }
        )
        export_wizard = env["connector.export.confirm"].create(
            {"backend_model": backend._name, "backend_id": backend.id, "counts": {}}
        )
        # an error of its own for the calls of every method (which resolve it)
        error_rpc = env["connector.error"].create(
            dict(
                of_backend,
                model_name="coffee.product",
                external_id="ESP",
                kind="bad_data",
                message="A beverage to fix",
                job_uuid=job.uuid,
            )
        )
        ids = {
            "error_rpc": error_rpc.id,
            "beverage": beverage.id,
            "brew": brew.id,
            "product": product.id,
            "review": review.id,
            "change": change.id,
            "card": card.id,
            "wizard": wizard.id,
            "export_wizard": export_wizard.id,
            "backend": backend.id,
            "kogan": kogan.id,
            "recovery": recovery.id,
            "category": category.id,
            "binding": binding.id,
            "state": state.id,
            "error": error.id,
            "job": job.uuid,
            "company_a": company_a.id,
            "company_b": company_b.id,
            "users": dict(zip(SECURITY_LOGINS, users.ids, strict=True)),
        }
    try:
        yield ids
    finally:
        sim.stop()
        kogan_sim.stop()
        with committed_env() as env:
            env["connector.review"].browse(ids["review"]).unlink()
            env["connector.sync.change"].browse(ids["change"]).unlink()
            env["queue.job"].search(
                [("user_id", "in", list(ids["users"].values()))]
            ).unlink()
            env["queue.job"].search([("uuid", "=", ids["job"])]).unlink()
            env["connector.kogan.backend"].browse(ids["kogan"]).unlink()
            env["res.users"].browse(list(ids["users"].values())).unlink()
            env["product.product"].browse(ids["product"]).unlink()
        _delete_coffee_backend(ids["backend"])


def coffee_values(sim, name, **values):
    """A coffee machine backend on ``sim`` (no HTTP retry: every fault
    reaches the connector)."""
    return {
        "name": name,
        "version": sim.version,
        "location": sim.url,
        "username": "barista",
        "password": SECRET,
        "http_timeout": waits().fault_timeouts()[0],
        "http_max_retries": 0,
        **values,
    }
