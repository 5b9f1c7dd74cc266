"""Fault injection: each scenario breaks the external system in one way during
a real synchronisation, then checks the invariants:

- no duplicate binding (database constraint, and a count);
- no lost record: every external record is bound or has an open error record;
- no half-written record: a record is imported whole or not at all;
- no secret in a log line, a job's arguments or an error record.

The figures of the run are written into the README's reliability section,
so they are the suite's, not typed by hand."""

import logging
from pathlib import Path

from odoo.addons.connector_base.tests.common import ConnectorTransactionCase
from odoo.addons.connector_coffee.tests.simulator import SLUGS, CoffeeMachineSimulator
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

from .transport_faults import TIMEOUT, transport_faults

SECRET = "s3cret-brew-token"
README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- fault-suite:start -->", "<!-- fault-suite:end -->"
# scenario -> (fault, what the failed attempt must be)
SCENARIOS = {
    **transport_faults(),
    "connection closed without a reply": ({"kind": "offline"}, "retry"),
    "wrong field types": ({"kind": "unknown_field_types"}, "record errors"),
}
stats = {"scenarios": 0, "faults": 0, "records": 0, "lost": 0, "duplicated": 0}


class TestFaults(ConnectorTransactionCase):
    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        rows = "\n".join(
            f"| {name} | {outcome} |" for name, (__, outcome) in SCENARIOS.items()
        )
        figures = (
            f"{START}\n"
            "Written by `tests/test_faults.py` at each run (both coffee machine "
            "versions, each scenario then its retry):\n\n"
            f"- scenarios run: {stats['scenarios']}\n"
            f"- faults injected: {stats['faults']}\n"
            f"- external records checked: {stats['records']}\n"
            f"- records lost: {stats['lost']}\n"
            f"- records duplicated: {stats['duplicated']}\n\n"
            "| fault | first attempt |\n| --- | --- |\n"
            f"{rows}\n{END}"
        )
        text = README.read_text()
        complete = stats["scenarios"] == 2 * len(SCENARIOS)  # not a -k selection
        if complete and START in text and END in text:
            before, rest = text.split(START, 1)
            README.write_text(before + figures + rest.split(END, 1)[1])

    def _backend(self, version, sim):
        return self.env["coffee.backend"].create(
            {
                "name": f"Faulty {version}",
                "version": version,
                "location": sim.url,
                "username": "barista",
                "password": SECRET,
                "http_timeout": TIMEOUT,
                "http_max_retries": 0,
            }
        )

    def _attempt(self, backend, retry):
        """Run the menu import as attempt ``retry + 1`` of a queue job."""
        job = Job(backend.import_batch, args=("coffee.product",))
        job.store()
        record = self.env["queue.job"].search([("uuid", "=", job.uuid)])
        record.retry = retry
        record.flush_recordset()
        return self.failure_or_none(
            backend.with_context(job_uuid=job.uuid).import_batch, "coffee.product"
        )

    def failure_or_none(self, func, *args):
        try:
            func(*args)
        except Exception as error:
            return error
        return None

    def _check_invariants(self, backend, sim, retry_pending=False):
        """After a failed attempt that the job will retry, records may be
        neither bound nor in error yet: they are counted when the retry ends."""
        external_ids = {b["code"] for b in sim.state()["menu"]}
        if backend.version == "2900":
            external_ids = {SLUGS[code] for code in external_ids}
        beverages = self.env["coffee.product"].search([("backend_id", "=", backend.id)])
        bound = set(beverages.mapped("coffee_id"))
        errors = self.connector_errors(backend, state="open")
        with_error = set(errors.mapped("external_id"))
        batch_failed = bool(errors.filtered(lambda e: not e.external_id))
        lost = set()
        if not (batch_failed or retry_pending):
            lost = external_ids - bound - with_error
            stats["records"] += len(external_ids)
            stats["lost"] += len(lost)
        duplicated = len(beverages) - len(bound)
        stats["duplicated"] += duplicated
        self.assertFalse(lost, "records neither bound nor in error")
        self.assertEqual(duplicated, 0)
        for beverage in beverages:  # whole records only
            self.assertTrue(beverage.name and beverage.list_price > 0)
        stored = " ".join(
            str(v) for e in errors for v in (e.message, e.payload, e.traceback)
        )
        jobs = self.env["queue.job"].search([])
        stored += " ".join(str(j.args) + str(j.kwargs) for j in jobs)
        self.assertNotIn(SECRET, stored)
        return beverages

    def _run_scenario(self, version, fault, outcome):
        with CoffeeMachineSimulator(version=version, password=SECRET) as sim:
            backend = self._backend(version, sim)
            sim.add_fault(times=1, **fault)
            stats["scenarios"] += 1
            stats["faults"] += 1
            with self.assertLogs("odoo.addons.connector_base", logging.INFO) as logs:
                error = self._attempt(backend, retry=0)
            if outcome == "retry":
                self.assertIsInstance(error, RetryableJobError)
                if "retry_after" in fault:
                    self.assertEqual(error.seconds, fault["retry_after"])
                self.assertFalse(self.connector_errors(backend))
            elif outcome == "error":
                self.assertNotIsInstance(error, RetryableJobError)
                self.assertEqual(self.connector_errors(backend).kind, "bad_data")
            elif outcome == "done":
                self.assertIsNone(error)
                self.assertFalse(self.connector_errors(backend))
            else:
                self.assertIsNone(error)
                self.assertEqual(
                    set(self.connector_errors(backend).mapped("kind")), {"bad_data"}
                )
            self._check_invariants(backend, sim, retry_pending=outcome == "retry")
            self.assertFalse([line for line in logs.output if SECRET in line])
            # the fault is gone: the next attempt imports everything
            self.assertIsNone(self._attempt(backend, retry=1))
            beverages = self._check_invariants(backend, sim)
            self.assertEqual(len(beverages), len(sim.state()["menu"]))
            self.assertFalse(self.connector_errors(backend, state="open"))


def _make_test(version, fault, outcome):
    def test(self):
        self._run_scenario(version, fault, outcome)

    return test


for _name, (_fault, _outcome) in SCENARIOS.items():
    for _version in ("1900", "2900"):
        _method = f"test_{_name.lower().replace(' ', '_')}_{_version}"
        setattr(TestFaults, _method, _make_test(_version, _fault, _outcome))
