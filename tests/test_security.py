"""Security suite: each scenario is one attack, run for real against the
connectors, and checks that it fails the attacker:

- hostile replies, from the coffee machine simulator and from tiny local HTTP
  servers playing a hostile API and a host collecting credentials;
- curious users, over XML-RPC and the web client's JSON-RPC on a real server,
  in two companies;
- hostile configuration and records.

The figures of a complete run (attacks tried, attacks that succeeded, and
each attack's outcome) are written into the README's security section by the
suite itself."""

import functools
import json
import threading
import traceback
import xmlrpc.client
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from conftest import committed_env

from odoo.exceptions import AccessError, ValidationError
from odoo.sql_db import db_connect
from odoo.tests.common import get_db_name

from odoo.addons.connector_base import secrets
from odoo.addons.connector_base.models.backend_http_mixin import (
    INSECURE_HTTP_PARAM,
    MAX_REPLY_BYTES_PARAM,
)
from odoo.addons.connector_base.models.queue_job import hold_running_lock
from odoo.addons.connector_base.tests.common import ConnectorTransactionCase
from odoo.addons.connector_base.tests.patience import REQUEST, fault_timeouts, patience
from odoo.addons.connector_coffee.tests.simulator import CoffeeMachineSimulator
from odoo.addons.queue_job.job import Job

SECRET = "s3cret-security-token"
TIMEOUT = fault_timeouts()[0]
README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- security-suite:start -->", "<!-- security-suite:end -->"
BUYER = "Jane Buyer, jane@example.com, +61 400 000 000, 1 Secret St"

# attack -> what stopped it; filled by the scenarios that pass
OUTCOMES = {
    "a redirect to another host": "not followed, the other host receives nothing",
    "a reply naming another host as next page (Kogan)": (
        "refused before any request; the other host receives nothing"
    ),
    "plain http to a remote host": "refused before any request, clear error",
    "a brew id retargeting the URL (`../status?x`)": (
        "quoted: one request, to the brew's own path"
    ),
    "a secret used before the worker's first request": (
        "known from the registry's start: masked"
    ),
    "a token ending in CR/LF": "refused on save; a stored one is masked in errors",
    "a secret too short to be masked": "refused on save",
    "the final failure in the job's exc_info": "masked in the job",
    "a record nested 600 levels deep": (
        "an error record for it, the other records imported"
    ),
    "a reply larger than the limit": "cut while read, clean error record",
    "a job that keeps killing its worker": (
        "failed with an error record after 3 tries"
    ),
    "a long job taken for an interrupted one": "left running, not run twice",
    "deleting a bound Odoo record": "its binding goes with it",
    "deleting a backend": "its bindings, errors, states and pending jobs go",
    "negative overlap window": "refused with a clear message",
    "batch size 0": "refused with a clear message",
    "negative timeout": "refused with a clear message",
    "error retention of 0 days": "refused with a clear message",
    "the same bad record at every run": "one open error, attempts counted",
    "made-up records under a real job's id": "refused (AccessError)",
    "RPC: made-up records bound by `import_records`": "refused (AccessError)",
    "RPC: export a model the user may not change": "refused (AccessError)",
    "RPC: delete a remote record": "refused (AccessError)",
    "RPC: another company's backends, bindings, errors, states": (
        "not found; refused by id"
    ),
    "RPC: another company's Kogan account": "not found; refused by id",
    "RPC: a connector user reads error payloads and tracebacks": (
        "refused; managers read them"
    ),
    "RPC: a connector user edits an error record": ("refused; Retry and Resolve work"),
    "RPC: a connector user reads job arguments": (
        "refused; the job's state shown; the job in the backend's company"
    ),
}
tried, defended = set(), {}


def attack(name):
    """Decorator: the test is the attack ``name``; it counts as defended once
    its assertions passed."""
    assert name in OUTCOMES, name

    def decorate(test):
        @functools.wraps(test)
        def run(*args, **kwargs):
            tried.add(name)
            test(*args, **kwargs)
            defended[name] = OUTCOMES[name]

        return run

    return decorate


@pytest.fixture(scope="module", autouse=True)
def security_figures():
    """Once the module ran whole (not a -k selection), the README's figures."""
    yield
    if tried != set(OUTCOMES):
        return
    rows = "\n".join(
        f"| {name} | {defended.get(name, '**succeeded**')} |" for name in OUTCOMES
    )
    figures = (
        f"{START}\n"
        "Written by `tests/test_security.py` at each complete run (hostile "
        "replies from local servers, curious users over XML-RPC and JSON-RPC "
        "on a real server, two companies):\n\n"
        f"- attacks tried: {len(tried)}\n"
        f"- attacks that succeeded: {len(tried) - len(defended)}\n\n"
        "| attack | outcome |\n| --- | --- |\n"
        f"{rows}\n{END}"
    )
    text = README.read_text()
    if START in text and END in text:
        before, rest = text.split(START, 1)
        README.write_text(before + figures + rest.split(END, 1)[1])


class TinyHost:
    """A local HTTP server answering ``routes`` (path -> JSON) and keeping
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
                body = json.dumps(host.routes.get(self.path.split("?")[0], {}))
                data = body.encode()
                self.send_response(200)
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


def _deep(levels):
    value = "bottom"
    for __ in range(levels):
        value = {"inner": value}
    return value


class TestHostileReplies(ConnectorTransactionCase):
    """Replies, records and settings made to hurt, in one transaction each."""

    def setUp(self):
        super().setUp()
        self.sim = CoffeeMachineSimulator(version="1900", password=SECRET).start()
        self.addCleanup(self.sim.stop)
        self.backend = self.env["coffee.backend"].create(
            {
                "name": "Security 1900",
                "version": "1900",
                "location": self.sim.url,
                "username": "barista",
                "password": SECRET,
                "http_timeout": TIMEOUT,
                "http_max_retries": 0,
            }
        )

    def assertNoSecret(self, *texts):
        for text in texts:
            self.assertNotIn(SECRET.strip(), str(text))

    def stored_texts(self, backend):
        errors = self.connector_errors(backend)
        jobs = self.env["queue.job"].search([])
        return [(e.message, e.payload, e.traceback) for e in errors] + [
            (j.args, j.kwargs, j.exc_info, j.exc_message) for j in jobs
        ]

    # -- credentials stay on their host ---------------------------------------

    @attack("a redirect to another host")
    def test_redirect_to_another_host(self):
        with TinyHost() as elsewhere:
            self.sim.add_fault("redirect", location=f"{elsewhere.url}/collect")
            error = self.failure(self.backend.import_status)
            self.assertFalse(elsewhere.requests)
        self.assertIn("outside the backend's API", str(error))
        self.assertEqual(self.connector_errors(self.backend).kind, "permanent")

    def test_redirect_within_the_api_is_followed(self):
        """Not an attack: the API's own redirects still work."""
        self.sim.add_fault("redirect", location=f"{self.sim.url}/api/v1/status")
        self.backend.import_status()
        self.assertEqual(
            [call["path"] for call in self.sim.calls],
            ["/api/v1/status", "/api/v1/status"],
        )
        self.assertFalse(self.connector_errors(self.backend))

    @attack("a reply naming another host as next page (Kogan)")
    def test_kogan_next_page_on_another_host(self):
        with TinyHost() as elsewhere, TinyHost() as api_host:
            api_host.routes["/api/products/"] = {
                "status": "Complete",
                "body": {"next": f"{elsewhere.url}/p?cursor=2", "results": []},
            }
            backend = self.env["connector.kogan.backend"].create(
                {
                    "name": "Hostile Kogan",
                    "base_url": f"{api_host.url}/api/",
                    "seller_id": "seller",
                    "seller_token": SECRET,
                    "http_max_retries": 0,
                }
            )
            error = self.failure(backend.import_batch, "product.product")
            self.assertEqual(len(api_host.requests), 1)
            self.assertEqual(api_host.requests[0][1].get("SellerToken"), SECRET)
            self.assertFalse(elsewhere.requests)
        self.assertIn("not on the API's host", str(error))
        self.assertTrue(self.connector_errors(backend, kind="permanent"))

    @attack("plain http to a remote host")
    def test_plain_http_to_a_remote_host(self):
        self.backend.location = "http://192.0.2.10:8080"  # TEST-NET: never routed
        error = self.failure(self.backend.import_status)
        self.assertIn("plain http", str(error))
        self.assertIn("https", str(error))
        # loopback stays allowed (the simulators), and so does the explicit switch
        self.env["ir.config_parameter"].set_param(INSECURE_HTTP_PARAM, "True")
        self.assertTrue(self.backend._http_insecure_allowed())
        self.backend._http_check_transport()

    @attack("a brew id retargeting the URL (`../status?x`)")
    def test_brew_id_retargeting_the_url(self):
        beverage = self.env["coffee.product"].create(
            {"backend_id": self.backend.id, "name": "Espresso", "coffee_id": "ESP"}
        )
        brew = self.env["coffee.brew"].create(
            {"backend_id": self.backend.id, "product_id": beverage.id}
        )
        self.env["connector.binding"].create(
            {
                "backend_model": "coffee.backend",
                "backend_id": self.backend.id,
                "res_model": "coffee.brew",
                "res_id": brew.id,
                "external_id": "../status?x",
            }
        )
        self.failure(self.backend.import_record, "coffee.brew", "../status?x", True)
        paths = [call["path"] for call in self.sim.calls]
        self.assertEqual(paths, ["/api/v1/brew/..%2Fstatus%3Fx"])

    # -- secrets -----------------------------------------------------------------

    @attack("a secret used before the worker's first request")
    def test_secret_known_from_start(self):
        known = set(secrets._known)
        self.addCleanup(secrets._known.update, known)
        secrets._known.clear()
        self.assertIn(SECRET, secrets.redact(f"token {SECRET}"))
        self.env["coffee.backend"]._register_hook()  # what a starting worker runs
        self.assertEqual(secrets.redact(f"token {SECRET}"), "token ***")

    @attack("a token ending in CR/LF")
    def test_token_with_line_break(self):
        self.backend.version = "2900"  # the token goes in a header
        with self.assertRaisesRegex(ValidationError, "line breaks"):
            self.backend.password = SECRET + "\r\n"
        # one stored before the check (an older version, SQL): masked anyway
        self.env.cr.execute(
            "UPDATE coffee_backend SET password = %s WHERE id = %s",
            (SECRET + "\r\n", self.backend.id),
        )
        self.backend.invalidate_recordset()
        error = self.failure(self.backend.import_status)
        self.assertIn("***", str(self.connector_errors(self.backend).message))
        self.assertNoSecret(*self.stored_texts(self.backend))
        self.assertTrue(error)

    @attack("a secret too short to be masked")
    def test_short_secret(self):
        with self.assertRaisesRegex(ValidationError, "at least 8 characters"):
            self.backend.password = "abc"

    @attack("the final failure in the job's exc_info")
    def test_final_failure_masked_in_job(self):
        self.env.cr.execute(
            "UPDATE coffee_backend SET password = %s WHERE id = %s",
            (SECRET + "\n", self.backend.id),
        )
        self.backend.invalidate_recordset()
        job = Job(self.backend.import_status)
        job.store()
        try:
            Job.load(self.env, job.uuid).perform()
        except Exception as error:
            # what queue_job's controller stores when a job fails for good
            failed = Job.load(self.env, job.uuid)
            failed.set_failed(
                exc_info=traceback.format_exc(),
                exc_name=type(error).__name__,
                exc_message=str(error),
            )
            failed.store()
        stored = self.env["queue.job"].search([("uuid", "=", job.uuid)])
        self.assertEqual(stored.state, "failed")
        self.assertTrue(stored.exc_info)
        self.assertNoSecret(stored.exc_info, stored.exc_message)

    # -- hostile records and replies --------------------------------------------

    @attack("a record nested 600 levels deep")
    def test_deeply_nested_record(self):
        menu = self.sim.state()["menu"]
        beverages = [
            {
                "code": b["code"],
                "name": b["names"]["en"],
                "price": b["price"],
                "available": True,
                "updated_at": b["updated_at"],
            }
            for b in menu
        ]
        beverages[0]["name"] = _deep(600)
        self.sim.add_fault("reply", body={"beverages": beverages})
        self.backend.import_batch("coffee.product")
        errors = self.connector_errors(self.backend)
        self.assertEqual(errors.external_id, beverages[0]["code"], errors.message)
        self.assertIn(secrets.TOO_DEEP, errors.payload)
        products = self.env["coffee.product"].search(
            [("backend_id", "=", self.backend.id)]
        )
        self.assertEqual(len(products), len(beverages) - 1)

    @attack("a reply larger than the limit")
    def test_reply_too_large(self):
        self.env["ir.config_parameter"].set_param(MAX_REPLY_BYTES_PARAM, "200000")
        self.sim.add_fault("huge", bytes=2_000_000)
        error = self.failure(self.backend.import_batch, "coffee.product")
        self.assertIn("larger than 200000 bytes", str(error))
        self.assertEqual(self.connector_errors(self.backend).kind, "bad_data")
        self.assertFalse(
            self.env["coffee.product"].search([("backend_id", "=", self.backend.id)])
        )

    # -- jobs of dead workers ---------------------------------------------------

    def _started_job(self):
        job = Job(self.backend.import_batch, args=("coffee.product",))
        job.store()
        record = self.env["queue.job"].search([("uuid", "=", job.uuid)])
        self.env.cr.execute(
            "UPDATE queue_job SET state = 'started', "
            "date_started = now() at time zone 'UTC' - interval '2 hours' "
            "WHERE id = %s",
            (record.id,),
        )
        record.invalidate_recordset()
        return record

    @attack("a job that keeps killing its worker")
    def test_job_killing_its_worker(self):
        record = self._started_job()
        jobs = self.env["queue.job"]
        for attempt in range(1, 4):
            jobs._connector_requeue_interrupted()
            record.invalidate_recordset()
            if attempt < 3:
                self.assertEqual((record.state, record.retry), ("pending", attempt))
                # a worker takes it again, and dies again
                self.env.cr.execute(
                    "UPDATE queue_job SET state = 'started', date_started = "
                    "now() at time zone 'UTC' - interval '2 hours' WHERE id = %s",
                    (record.id,),
                )
                record.invalidate_recordset()
        self.assertEqual(record.state, "failed")
        error = self.connector_errors(self.backend)
        self.assertEqual(error.error_type, "WorkerInterrupted")
        self.assertEqual(error.job_uuid, record.uuid)

    @attack("a long job taken for an interrupted one")
    def test_long_job_still_running(self):
        record = self._started_job()
        # the job's worker, alive, in a connection of its own (the registry's
        # cursors share the test's in test mode)
        with db_connect(get_db_name()).cursor() as worker_cr:
            hold_running_lock(worker_cr, record.uuid)
            self.env["queue.job"]._connector_requeue_interrupted()
            record.invalidate_recordset()
            self.assertEqual(record.state, "started")
            worker_cr.rollback()
        # its worker gone, the job is queued again
        self.env["queue.job"]._connector_requeue_interrupted()
        record.invalidate_recordset()
        self.assertEqual(record.state, "pending")

    # -- deletions ---------------------------------------------------------------

    def _brew_binding(self, backend):
        beverage = self.env["coffee.product"].create(
            {"backend_id": backend.id, "name": "Lungo", "coffee_id": "LUN"}
        )
        brew = self.env["coffee.brew"].create(
            {"backend_id": backend.id, "product_id": beverage.id}
        )
        binding = self.env["connector.binding"].create(
            {
                "backend_model": backend._name,
                "backend_id": backend.id,
                "res_model": "coffee.brew",
                "res_id": brew.id,
                "external_id": "42",
            }
        )
        return beverage, brew, binding

    @attack("deleting a bound Odoo record")
    def test_deleting_a_bound_record(self):
        __, brew, binding = self._brew_binding(self.backend)
        brew.unlink()
        self.assertFalse(binding.exists())

    @attack("deleting a backend")
    def test_deleting_a_backend(self):
        backend = self.env["coffee.backend"].create(
            {"name": "To delete", "location": self.sim.url}
        )
        binding = self.env["connector.binding"].create(
            {
                "backend_model": backend._name,
                "backend_id": backend.id,
                "res_model": "res.partner",
                "res_id": self.env.user.partner_id.id,
                "external_id": "7",
            }
        )
        state = self.env["connector.sync.state"]._for(
            backend, "coffee.product", "import"
        )
        self.env["connector.error"]._record(
            {
                "backend_model": backend._name,
                "backend_id": backend.id,
                "model_name": "coffee.product",
                "kind": "bad_data",
                "message": "bad",
            }
        )
        error = self.connector_errors(backend)
        job = backend.with_delay().import_status()
        jobs = self.env["queue.job"].search([("uuid", "=", job.uuid)])
        self.assertTrue(binding and state and error and jobs)
        backend.unlink()
        self.assertFalse(binding.exists() or state.exists() or error.exists())
        self.assertFalse(jobs.exists())

    # -- bad configuration -------------------------------------------------------

    @attack("negative overlap window")
    def test_negative_overlap(self):
        with self.assertRaisesRegex(ValidationError, "future"):
            self.backend.overlap_seconds = -600

    @attack("batch size 0")
    def test_batch_size_zero(self):
        with self.assertRaisesRegex(ValidationError, "at least 1 record"):
            self.backend.batch_size = 0

    @attack("negative timeout")
    def test_negative_timeout(self):
        with self.assertRaisesRegex(ValidationError, "0 or more"):
            self.backend.http_timeout = -1

    @attack("error retention of 0 days")
    def test_retention_zero(self):
        with self.assertRaisesRegex(ValidationError, "at least 1 day"):
            self.env["res.config.settings"].create({"connector_log_retention_days": 0})

    # -- error records and forged jobs -------------------------------------------

    @attack("the same bad record at every run")
    def test_same_bad_record_every_run(self):
        self.sim.add_fault("unknown_field_types", times=2)
        self.backend.import_batch("coffee.product", force=True)
        first = self.connector_errors(self.backend, state="open")
        self.backend.import_batch("coffee.product", force=True)
        again = self.connector_errors(self.backend, state="open")
        self.assertEqual(again, first)
        self.assertEqual(set(again.mapped("attempts")), {2})

    @attack("made-up records under a real job's id")
    def test_forged_chunk_job(self):
        user = self.env["res.users"].create(
            {
                "name": "Curious",
                "login": "security-curious",
                "groups_id": [
                    (6, 0, [self.env.ref("connector_base.group_connector_user").id])
                ],
            }
        )
        real = [{"code": "ESP", "name": "Espresso", "price": 1.5}]
        job = Job(
            self.backend.import_records,
            args=("coffee.product", real),
            kwargs={"force": False, "run_start": None},
        )
        job.store()
        fake = [{"code": "ESP", "name": "Free coffee", "price": 0.01}]
        forged = self.backend.with_user(user).with_context(job_uuid=job.uuid)
        with self.assertRaises(AccessError):
            forged.import_records("coffee.product", fake)
        self.assertFalse(
            self.env["coffee.product"].search([("backend_id", "=", self.backend.id)])
        )


# -- curious users over RPC, in two companies -----------------------------------

RPC_ACCESS_ERROR = 4  # XML-RPC fault code of an AccessError


def _rpc(server, login, password):
    common = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/common")
    uid = common.authenticate(server.db, login, password, {})
    assert uid, login
    models = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object", allow_none=True)

    def call(model, method, *args, **kwargs):
        return models.execute_kw(
            server.db, uid, password, model, method, list(args), kwargs
        )

    return call


def _json_rpc(server, login, password):
    session = requests.Session()

    def post(path, params):
        reply = session.post(
            f"{server.url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "params": params},
            timeout=patience(REQUEST),
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


def refused(call, *args, **kwargs):
    """True when the XML-RPC call is refused as an access error."""
    try:
        call(*args, **kwargs)
    except xmlrpc.client.Fault as fault:
        assert SECRET not in fault.faultString
        assert BUYER not in fault.faultString
        return fault.faultCode == RPC_ACCESS_ERROR
    return False


def web_refused(reply):
    assert BUYER not in str(reply)
    error = reply.get("error")
    return bool(error) and error["data"]["name"] == "odoo.exceptions.AccessError"


@pytest.fixture(scope="module")
def two_companies(odoo_server):
    """Company A with a coffee machine (a binding, an error holding a buyer's
    data, a synchronisation state, a failed job) and a Kogan account; a
    connector user and a connector manager in A, a connector user in B."""
    sim = CoffeeMachineSimulator(version="1900", password=SECRET).start()
    with committed_env() as env:
        # companies are kept (their warehouses refer to them); found again
        companies = env["res.company"]
        for name in ("Security A", "Security B"):
            companies |= companies.search([("name", "=", name)]) or companies.create(
                {"name": name}
            )
        company_a, company_b = companies
        group_user = env.ref("connector_base.group_connector_user")
        group_manager = env.ref("connector.group_connector_manager")

        def user(login, company, group):
            return env["res.users"].create(
                {
                    "name": login,
                    "login": login,
                    "password": f"{login}-pass",
                    "company_id": company.id,
                    "company_ids": [(6, 0, company.ids)],
                    "groups_id": [(6, 0, [env.ref("base.group_user").id, group.id])],
                }
            )

        users = (
            user("security-user-a", company_a, group_user)
            | user("security-manager-a", company_a, group_manager)
            | user("security-user-b", company_b, group_user)
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
                "base_url": "https://127.0.0.1:9/api/",
                "seller_id": "a",
                "seller_token": SECRET,
                "company_id": company_a.id,
            }
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
        ids = {
            "backend": backend.id,
            "kogan": kogan.id,
            "binding": binding.id,
            "state": state.id,
            "error": error.id,
            "job": job.uuid,
        }
        user_ids = users.ids
    try:
        yield ids
    finally:
        sim.stop()
        with committed_env() as env:
            env["queue.job"].search([("uuid", "=", ids["job"])]).unlink()
            env["coffee.backend"].browse(ids["backend"]).unlink()
            env["connector.kogan.backend"].browse(ids["kogan"]).unlink()
            env["res.users"].browse(user_ids).unlink()


@attack("RPC: made-up records bound by `import_records`")
def test_rpc_made_up_records(odoo_server, two_companies):
    ids = two_companies
    user = _rpc(odoo_server, "security-user-a", "security-user-a-pass")
    fake = [{"code": "ESP", "name": "Free coffee", "price": 0.01}]
    assert refused(
        user,
        "coffee.backend",
        "import_records",
        [ids["backend"]],
        "coffee.product",
        fake,
    )
    # with a job's id in the context, made up too
    assert refused(
        user,
        "coffee.backend",
        "import_records",
        [ids["backend"]],
        "coffee.product",
        fake,
        context={"job_uuid": ids["job"]},
    )
    with committed_env() as env:
        assert not env["coffee.product"].search([("backend_id", "=", ids["backend"])])


@attack("RPC: export a model the user may not change")
def test_rpc_export_without_rights(odoo_server, two_companies):
    ids = two_companies
    user = _rpc(odoo_server, "security-user-a", "security-user-a-pass")
    assert refused(
        user, "coffee.backend", "export_batch", [ids["backend"]], "coffee.product"
    )
    web = _json_rpc(odoo_server, "security-user-a", "security-user-a-pass")
    assert web_refused(
        web("coffee.backend", "export_batch", [ids["backend"]], "coffee.product")
    )


@attack("RPC: delete a remote record")
def test_rpc_remote_delete(odoo_server, two_companies):
    ids = two_companies
    user = _rpc(odoo_server, "security-user-a", "security-user-a-pass")
    assert refused(
        user, "coffee.backend", "delete_record", [ids["backend"]], "coffee.brew", "1"
    )


@attack("RPC: another company's backends, bindings, errors, states")
def test_rpc_other_company(odoo_server, two_companies):
    ids = two_companies
    user_b = _rpc(odoo_server, "security-user-b", "security-user-b-pass")
    user_a = _rpc(odoo_server, "security-user-a", "security-user-a-pass")
    rows = {
        "coffee.backend": ids["backend"],
        "connector.binding": ids["binding"],
        "connector.error": ids["error"],
        "connector.sync.state": ids["state"],
    }
    for model, row_id in rows.items():
        found = user_b(model, "search", [("id", "=", row_id)])
        assert found == [], model
        assert refused(user_b, model, "read", [row_id], ["display_name"]), model
        assert user_a(model, "search", [("id", "=", row_id)]) == [row_id], model
    assert refused(user_b, "coffee.backend", "action_import_status", [ids["backend"]])


@attack("RPC: another company's Kogan account")
def test_rpc_other_company_kogan(odoo_server, two_companies):
    ids = two_companies
    user_b = _rpc(odoo_server, "security-user-b", "security-user-b-pass")
    model = "connector.kogan.backend"
    assert user_b(model, "search", [("id", "=", ids["kogan"])]) == []
    assert refused(user_b, model, "read", [ids["kogan"]], ["name"])
    assert refused(user_b, model, "action_import_orders", [ids["kogan"]])
    user_a = _rpc(odoo_server, "security-user-a", "security-user-a-pass")
    assert user_a(model, "search", [("id", "=", ids["kogan"])]) == [ids["kogan"]]


@attack("RPC: a connector user reads error payloads and tracebacks")
def test_rpc_error_payloads(odoo_server, two_companies):
    error_id = two_companies["error"]
    user = _rpc(odoo_server, "security-user-a", "security-user-a-pass")
    assert user("connector.error", "read", [error_id], ["message"])
    for field in ("payload", "traceback"):
        assert refused(user, "connector.error", "read", [error_id], [field]), field
    web = _json_rpc(odoo_server, "security-user-a", "security-user-a-pass")
    assert web_refused(web("connector.error", "read", [error_id], ["payload"]))
    listed = user("connector.error", "search_read", [("id", "=", error_id)])
    assert listed and BUYER not in str(listed)
    manager = _rpc(odoo_server, "security-manager-a", "security-manager-a-pass")
    [row] = manager("connector.error", "read", [error_id], ["payload", "traceback"])
    assert BUYER in row["payload"]


@attack("RPC: a connector user edits an error record")
def test_rpc_error_edit(odoo_server, two_companies):
    ids = two_companies
    user = _rpc(odoo_server, "security-user-a", "security-user-a-pass")
    assert refused(
        user, "connector.error", "write", [ids["error"]], {"message": "gone"}
    )
    assert refused(user, "connector.error", "unlink", [ids["error"]])
    # the buttons work for whoever sees the error
    user("connector.error", "action_retry", [ids["error"]])
    with committed_env() as env:
        job = env["queue.job"].search([("uuid", "=", ids["job"])])
        assert job.state == "pending"
        assert env["connector.error"].browse(ids["error"]).state == "retried"
    user("connector.error", "action_resolve", [ids["error"]])
    with committed_env() as env:
        assert env["connector.error"].browse(ids["error"]).state == "resolved"


@attack("RPC: a connector user reads job arguments")
def test_rpc_job_arguments(odoo_server, two_companies):
    ids = two_companies
    user = _rpc(odoo_server, "security-user-a", "security-user-a-pass")
    assert refused(
        user, "queue.job", "search_read", [("uuid", "=", ids["job"])], ["args"]
    )
    [row] = user("connector.error", "read", [ids["error"]], ["job_state"])
    assert row["job_state"]
    assert refused(user, "connector.error", "read", [ids["error"]], ["job_id"])
    # queued by a superuser, the job belongs to the backend's company: queue_job's
    # company rule keeps it (and its arguments) there
    with committed_env() as env:
        job = env["queue.job"].search([("uuid", "=", ids["job"])])
        assert job.company_id.name == "Security A"
