# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging

from odoo.exceptions import AccessError
from odoo.tests.common import new_test_user

from odoo.addons.connector_base import TransientError, process
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

from .common import ConnectorCase
from .simulator import API_KEY


class TestProcess(ConnectorCase):
    def _job(self, retry):
        """A job as the backend queues it (its options: the Retries setting)."""
        options = self.backend._job_options("Import a partner")
        job = Job(self.backend.import_record, args=("res.partner", "I404"), **options)
        job.store()
        record = self.env["queue.job"].search([("uuid", "=", job.uuid)])
        record.retry = retry
        record.flush_recordset()
        return record

    def _run_in_job(self, job_record):
        backend = self.backend.with_context(job_uuid=job_record.uuid)
        return backend.import_record("res.partner", "I1")

    def test_transient_error_is_retried_with_backoff_and_retry_after(self):
        item = self.sim.add_item("P", "p@example.com")
        self.assertEqual(item, "I1")
        self.sim.failures = [503]
        error = self.failure(self._run_in_job, self._job(retry=0))
        self.assertIsInstance(error, RetryableJobError)
        self.assertEqual(error.seconds, 7)  # the simulator's Retry-After
        self.assertFalse(
            self.env["connector.error"].search([("external_id", "=", "I1")])
        )

    def test_last_attempt_records_an_error_then_success_resolves_it(self):
        self.sim.add_item("P", "p@example.com")
        self.sim.failures = [503]
        job = self._job(retry=4)  # 5th attempt of 5
        self.failure(self._run_in_job, job)
        error = self.env["connector.error"].search([("external_id", "=", "I1")])
        self.assertEqual(len(error), 1)
        self.assertEqual(
            (error.kind, error.attempts, error.state), ("transient", 5, "open")
        )
        self.assertEqual(error.job_uuid, job.uuid)
        self.assertEqual(self.backend.error_count, 1)
        self._run_in_job(job)
        self.assertEqual(error.state, "resolved")

    def test_permanent_error_is_not_retried(self):
        self.failure(self._run_in_job, self._job(retry=0))  # I1 does not exist: 404
        error = self.env["connector.error"].search([("external_id", "=", "I1")])
        self.assertEqual(error.kind, "permanent")

    def test_secrets_never_reach_logs_or_errors(self):
        self.sim.add_item("P", "p@example.com")
        self.sim.failures = [500]
        with self.assertLogs("odoo.addons.connector_base", level=logging.INFO) as logs:
            self.failure(self.backend.import_record, "res.partner", "I1")
        error = self.env["connector.error"].search([("external_id", "=", "I1")])
        stored = " ".join([error.message, error.payload or "", error.traceback or ""])
        self.assertNotIn(API_KEY, stored)
        for line in logs.output:
            self.assertNotIn(API_KEY, line)
        jobs = self.env["queue.job"].search([])
        for job in jobs:
            self.assertNotIn(API_KEY, str(job.args) + str(job.kwargs))

    def test_test_connection(self):
        result = self.backend.action_test_connection()
        self.assertEqual(result["params"]["type"], "success")
        self.backend.api_key = "wrong-key-1"
        result = self.backend.action_test_connection()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertIn("401", result["params"]["message"])

    def test_credentials_are_for_managers_only(self):
        user = new_test_user(
            self.env, login="conn-user", groups="connector_base.group_connector_user"
        )
        with self.assertRaises(AccessError):
            self.backend.with_user(user).read(["api_key"])
        with self.assertRaises(AccessError):
            self.backend.with_user(user).write({"batch_size": 1})
        outsider = new_test_user(self.env, login="outsider", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.backend.with_user(outsider).read(["name"])

    def test_retries_setting_is_the_default(self):
        self.env["ir.config_parameter"].set_param("connector_base.default_retries", 2)
        self.sim.add_item("P", "p@example.com")
        self.sim.failures = [503]
        job = self._job(retry=1)  # attempt 2 of 2
        self.assertEqual(job.max_retries, 2)  # queue_job's own limit
        self.failure(self._run_in_job, job)
        error = self.env["connector.error"].search([("external_id", "=", "I1")])
        self.assertEqual((error.kind, error.attempts), ("transient", 2))

    def test_without_retry_after_the_job_functions_retry_pattern_decides(self):
        job_record = self._job(retry=0)
        self.backend.base_url = "http://127.0.0.1:1"  # refused: no Retry-After
        error = self.failure(self._run_in_job, job_record)
        self.assertIsInstance(error, RetryableJobError)
        self.assertIsNone(error.seconds)
        job = Job.load(self.env, job_record.uuid)
        waits = []
        for tries in (1, 2, 3, 10, 11):
            job.retry = tries
            waits.append(job._get_retry_seconds(error.seconds))
        self.assertEqual(waits, [10, 20, 40, 3600, 3600])  # doubled, at most 1 h
        # a pattern configured on the job function (Queue > Job Functions) wins
        self.env["queue.job.function"].create(
            {
                "model_id": self.env["ir.model"]._get_id(self.backend._name),
                "method": "import_record",
                "retry_pattern": {1: 99},
            }
        )
        job = Job.load(self.env, job_record.uuid)
        job.retry = 1
        self.assertEqual(job._get_retry_seconds(error.seconds), 99)

    def test_outside_a_job_a_transient_error_is_final_at_once(self):
        self.sim.add_item("P", "p@example.com")
        self.sim.failures = [503]
        error = self.failure(self.backend.import_record, "res.partner", "I1")
        self.assertNotIsInstance(error, RetryableJobError)
        record = self.env["connector.error"].search([("external_id", "=", "I1")])
        self.assertEqual(
            (record.kind, record.attempts, record.job_uuid), ("transient", 1, False)
        )

    def test_a_step_may_allow_fewer_attempts_and_wait_its_own_backoff(self):
        @process(description="Flaky step", retries=2, backoff=3)
        def flaky(backend):
            raise TransientError("busy")

        job = self._job(retry=0)  # the job itself allows 5 attempts
        backend = self.backend.with_context(job_uuid=job.uuid)
        self.assertEqual(self.failure(flaky, backend).seconds, 3)
        job.retry = 1
        job.flush_recordset()
        error = self.failure(flaky, backend)  # attempt 2 of the step's 2
        self.assertIsInstance(error, TransientError)
        record = self.connector_errors(self.backend, step="Flaky step")
        self.assertEqual((record.kind, record.attempts), ("transient", 2))

    def test_a_step_names_its_subject_from_its_first_argument(self):
        """One item of a list: its external id and data; a page: its count;
        an Odoo record: the record and its binding's external id."""
        step = process(description="A step that fails")(lambda self, subject: 1 / 0)
        partner = self.env["res.partner"].create({"name": "Bound"})
        with self.backend.work_on("res.partner") as work:
            component = work.component(usage="record.importer")
            component.binder.bind("I9", partner)
            for subject in ([("I7", {"name": "Seven"}, {})], [{}, {}, {}], partner):
                self.failure(step, component, subject)
        errors = self.connector_errors(self.backend, step="A step that fails")
        named = {
            (error.external_id or "", error.record_ref or ""): json.loads(error.payload)
            for error in errors
        }
        self.assertEqual(
            named,
            {
                ("I7", ""): {"name": "Seven"},
                ("", ""): {"count": 3},
                ("I9", f"res.partner,{partner.id}"): {"args": [], "kwargs": {}},
            },
        )

    def test_a_step_names_its_subject_from_its_arguments_only(self):
        """An item names its record, external id and data wherever they
        stand in it; a record first takes its external id from the
        ``external_id`` keyword; what the component holds is never read."""
        step = process(description="A step named by its arguments")(
            lambda self, subject, external_id=None: 1 / 0
        )
        partner = self.env["res.partner"].create({"name": "Sent"})
        ref = f"res.partner,{partner.id}"
        with self.backend.work_on("res.partner") as work:
            component = work.component(usage="record.exporter")
            component.external_id = "NOT-THE-SUBJECT"
            component._payload = {"not": "the payload"}
            sent = {"name": "Sent"}
            self.failure(step, component, [(partner, "E1", sent, {"name": "Old"})])
            self.failure(step, component, partner, external_id="E2")
        errors = self.connector_errors(
            self.backend, step="A step named by its arguments"
        )
        named = {
            (error.external_id, error.record_ref): json.loads(error.payload)
            for error in errors
        }
        self.assertEqual(
            named,
            {("E1", ref): sent, ("E2", ref): {"args": [], "kwargs": {}}},
        )
