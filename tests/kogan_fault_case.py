"""What the Kogan fault suites share, one file per flow
(``test_kogan_faults_<flow>.py``): each scenario breaks Kogan's API (as the
local simulator can) during a real synchronisation run as a queue job
attempt, then lets the job's retry run without the fault, and checks the
invariants after each attempt:

- no duplicate: one binding per record (a database constraint, and counts),
  one Odoo record per external one, one Kogan listing per Odoo product;
- no lost record: every external record (listing, order) or exported product
  is bound or has an open error record;
- no half-written record: an order is imported with all its lines or not;
- no secret (the seller token) in a log line, a job's arguments or an error.

A flow's suite says how its records are prepared, repaired and counted (the
hooks of ``KoganFaultCase``). The figures of the run are written into the
README's reliability section once every flow ran whole."""

import logging
import time
from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

from odoo.addons.connector_kogan.components.product import ProductAdapter
from odoo.addons.connector_kogan.tests.common import SELLER_TOKEN, TASK_WAIT, KoganCase
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

from .transport_faults import TIMEOUT

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- kogan-fault-suite:start -->", "<!-- kogan-fault-suite:end -->"
IMPORT, EXPORT, ORDERS = "product import", "product export", "order import"
FLOWS = (IMPORT, EXPORT, ORDERS)  # the README's order
stats = {
    "scenarios": 0,
    "faults": 0,
    "records": 0,
    "lost": 0,
    "duplicated": 0,
    "logged attempts": 0,
    "leaks": 0,
}
passed = dict.fromkeys(FLOWS, 0)
#: flow -> its scenarios, once each of them ran (not a -k selection) and passed
complete = {}


def write_readme():
    rows = "\n".join(
        f"| {flow} | {name} | {outcome} |"
        for flow in FLOWS
        for name, (__, outcome) in complete[flow].items()
    )
    figures = (
        f"{START}\n"
        "Written by the Kogan fault suites (`tests/test_kogan_faults_*.py`) at "
        "each run (each scenario, then the job's retry without the fault):\n\n"
        f"- scenarios run: {stats['scenarios']}\n"
        f"- faults injected: {stats['faults']}\n"
        f"- records checked: {stats['records']}\n"
        f"- records lost: {stats['lost']}\n"
        f"- records duplicated: {stats['duplicated']}\n"
        f"- job attempts whose every log line (all loggers, debug included) "
        f"was checked: {stats['logged attempts']}; lines with the seller "
        f"token: {stats['leaks']}\n\n"
        "| flow | fault | first attempt |\n| --- | --- | --- |\n"
        f"{rows}\n{END}"
    )
    text = README.read_text()
    if START in text and END in text:
        before, rest = text.split(START, 1)
        README.write_text(before + figures + rest.split(END, 1)[1])


def _test(name):
    def test(self):
        self._run_scenario(name)

    test.__doc__ = name
    return test


class KoganFaultCase(KoganCase):
    """The fault scenarios of one flow: ``scenarios`` maps a name to (fault
    for the first attempt, what the first attempt must be); the flow runs as
    ``backend.<method>(<model>)``."""

    flow = method = model = None
    scenarios = {}

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        if cls.flow and passed[cls.flow] == len(cls.scenarios):
            complete[cls.flow] = cls.scenarios
        if len(complete) == len(FLOWS):
            write_readme()

    @classmethod
    def add_scenario_tests(cls, scenarios):
        """The flow's ``scenarios``, one test each, named after it."""
        cls.scenarios = scenarios
        for index, name in enumerate(scenarios):
            setattr(cls, f"test_{index:02d}_{name.replace(' ', '_')}", _test(name))

    def setUp(self):
        super().setUp()
        # a task is waited for as a loaded machine needs; one that never
        # completes, only briefly (the scenario sets it)
        self.backend.write({"http_timeout": TIMEOUT, "async_timeout": TASK_WAIT})
        # small pages, so that page faults hit a listing of several pages
        patcher = patch.object(ProductAdapter, "_page_size", 4)
        patcher.start()
        self.addCleanup(patcher.stop)

    # -- hooks of a flow ---------------------------------------------------------

    def _prepare(self, data_fault):
        """The records of the scenario, and its damaged data if any."""
        self.sim.seed_products(self.sim.make_products(10))

    def _repair(self, data_fault):
        """What a person does after reading the error record: the flow fixes
        the data, then the person presses Retry."""
        self.env["connector.error"].search(
            [("backend_id", "=", self.backend.id), ("state", "=", "open")]
        ).state = "retried"

    def _synced(self):
        """(what must be synchronised, the bindings, what they bind, how many
        duplicates)."""
        raise NotImplementedError

    def _check_retried(self, adopt):
        """The flow's own checks once the job's retry succeeded."""
        raise NotImplementedError

    # -- running a flow as a job attempt ---------------------------------------

    def _attempt(self, retry):
        """Run the flow as attempt ``retry + 1`` of a queue job; its error or None."""
        backend = self.backend
        job = Job(getattr(backend, self.method), args=(self.model,))
        job.store()
        record = self.env["queue.job"].search([("uuid", "=", job.uuid)])
        record.retry = retry
        record.flush_recordset()
        try:
            getattr(backend.with_context(job_uuid=job.uuid), self.method)(self.model)
        except Exception as error:
            return error
        return None

    def _logged_attempt(self, retry):
        """An attempt, with every log line (all loggers, debug included, but
        SQL queries) checked for the secret."""
        # the test configuration keeps Odoo's loggers quiet (CRITICAL)
        levels = {"odoo": logging.DEBUG, "odoo.sql_db": logging.INFO}
        saved = {name: logging.getLogger(name).level for name in levels}
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        try:
            with self.assertLogs(level=logging.DEBUG) as logs:
                error = self._attempt(retry)
        finally:
            for name, level in saved.items():
                logging.getLogger(name).setLevel(level)
        leaks = [line for line in logs.output if SELLER_TOKEN in line]
        stats["logged attempts"] += 1
        stats["leaks"] += len(leaks)
        self.assertFalse(leaks)
        return error

    # -- invariants ------------------------------------------------------------

    def _bound(self, model):
        return self.env["connector.binding"].search(
            self.backend._backend_domain() + [("res_model", "=", model)]
        )

    def _synced_by_key(self, wanted, key):
        """``_synced`` of an import: Odoo records of ``self.model`` found by
        ``key``, the external id they were imported from."""
        bindings = self._bound(self.model)
        records = self.env[self.model].browse(bindings.mapped("res_id"))
        keys = records.mapped(key)
        same = self.env[self.model].search_count([(key, "in", list(wanted))])
        duplicated = (len(keys) - len(set(keys))) + (same - len(set(keys)))
        return wanted, bindings, set(bindings.mapped("external_id")), duplicated

    def _check(self, final):
        """Invariants; on a non-final check (a retry is pending), records may be
        neither bound nor in error yet."""
        errors = self.connector_errors(self.backend).filtered(
            lambda e: e.state in ("open", "retried")
        )
        in_error = set(errors.mapped("external_id")) | set(errors.mapped("record_ref"))
        wanted, bindings, bound, duplicated = self._synced()
        self.assertEqual(len(bindings), len(set(bindings.mapped("external_id"))))
        lost = wanted - bound - in_error
        if final:
            stats["records"] += len(wanted)
            stats["lost"] += len(lost)
            self.assertFalse(lost, "records neither bound nor in error")
        stats["duplicated"] += duplicated
        self.assertEqual(duplicated, 0)
        stored = " ".join(
            str(v) for e in errors for v in (e.message, e.payload, e.traceback)
        )
        jobs = self.env["queue.job"].search([])
        stored += " ".join(str(j.args) + str(j.kwargs) + j.func_string for j in jobs)
        self.assertNotIn(SELLER_TOKEN, stored)

    # -- the scenario ------------------------------------------------------------

    def _run_scenario(self, name):
        fault, outcome = self.scenarios[name]
        fault = dict(fault)
        data_fault = fault.pop("data", None)
        self.sim.pending_polls = fault.pop("pending_polls", 1)
        # created on Kogan by the first attempt: (creates, updates) sent in all
        adopt = fault.pop("adopt", False)
        adopt = (1, 1) if adopt is True else adopt
        after_create = fault.pop("after_create", False)  # product exports only
        retry_fault = fault.pop("retry_fault", None)
        self._prepare(data_fault)
        if after_create:
            self._fail_after_create(fault)
        elif "kind" in fault:
            self.sim.add_fault(**fault)
        if fault.get("kind") == "never_complete":
            self.backend.async_timeout = 2 * TIMEOUT
        stats["scenarios"] += 1
        stats["faults"] += 1
        error = self._logged_attempt(retry=0)
        self.assertFalse(self.sim.state()["faults"], "the fault was not hit")
        self.assertNotIn("reply", vars(self.sim), "the order list was not damaged")
        if outcome == "retry":
            self.assertIsInstance(error, RetryableJobError, error)
            if "retry_after" in fault:
                self.assertEqual(error.seconds, fault["retry_after"])
            if fault.get("kind") == "slow":  # said as it is
                self.assertIn("did not answer in time", str(error))
        elif outcome == "error":
            self.assertIsNotNone(error)
            self.assertNotIsInstance(error, RetryableJobError)
            self.assertEqual(
                set(self.connector_errors(self.backend).mapped("kind")), {"bad_data"}
            )
        else:  # done, partial, record errors: the job itself ends well
            self.assertIsNone(error, error)
        if outcome == "record errors":
            errors = self.connector_errors(self.backend, state="open")
            self.assertTrue(errors)
            self.assertTrue(all(e.external_id or e.record_ref for e in errors))
            self.assertTrue(all(e.message for e in errors))
            for error in errors.filtered("record_ref"):  # names the product
                model, res_id = error.record_ref.split(",")
                product = self.env[model].browse(int(res_id))
                self.assertTrue(
                    product.name in error.message
                    or (product.default_code or "-") in error.message,
                    error.message,
                )
            self._check(final=True)
            self._repair(data_fault)
        else:
            self._check(final=outcome == "done")
        # the fault is gone: the job's retry (or the next run) completes the work
        if fault.get("kind") == "slow":  # a retry waits longer than the request
            time.sleep(fault["seconds"])
        self.later()
        if retry_fault:
            stats["faults"] += 1
            self.sim.add_fault(**retry_fault)
        self.assertIsNone(self._logged_attempt(retry=1))
        self.assertFalse(self.sim.state()["faults"], "the fault was not hit")
        self._check(final=True)
        self.assertFalse(
            self.connector_errors(self.backend, state="open").mapped("message")
        )
        self._check_retried(adopt)
        passed[self.flow] += 1

    def later(self):
        """Let time pass since the last sync (one transaction, one time)."""
        for binding in self.env["connector.binding"].search(
            self.backend._backend_domain()
        ):
            if binding.odoo_write_date:
                binding.odoo_write_date -= timedelta(seconds=5)
