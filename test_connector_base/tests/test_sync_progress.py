# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The progress of a running import or export, on its run and on the
backend form: records done of N, a bar, the rate and the time left,
counted once per chunk job."""

from datetime import timedelta

from odoo import fields

from odoo.addons.connector_base.tests.statements import statements_run
from odoo.addons.queue_job.job import Job

from .common import ConnectorCase


class TestSyncProgress(ConnectorCase):
    def _state(self, direction="import"):
        return self.env["connector.sync.state"]._for(
            self.backend, "res.partner", direction
        )

    def _import_in_jobs(self, items, batch_size=2):
        for i in range(items):
            self.sim.add_item(f"P{i}", f"p{i}@example.com")
        self.backend.batch_size = batch_size
        self.backend.with_context(connector_inline=False).import_batch("res.partner")
        return (
            self.env["queue.job"]
            .search([("method_name", "=", "import_records"), ("state", "=", "pending")])
            .sorted("id")
        )

    def _started_ago(self, run, seconds):
        """The run as if it had started ``seconds`` ago (its state too)."""
        start = run.run_start - timedelta(seconds=seconds)
        self.env.cr.execute(
            "UPDATE connector_sync_run SET run_start = %s WHERE id = %s",
            (start, run.id),
        )
        self.env.cr.execute(
            "UPDATE connector_sync_state SET last_start = %s WHERE id = %s",
            (start, run.sync_state_id.id),
        )
        self.env.invalidate_all()

    def test_an_import_shows_records_done_of_the_listing_as_chunks_finish(self):
        chunks = self._import_in_jobs(5)
        state = self._state()
        run = state.run_id
        # the listing is read: N is known, nothing is done yet
        self.assertEqual((run.listed_count, run.listing_complete), (5, True))
        self.assertEqual((run.done_count, run.expected_count), (0, 5))
        self.assertFalse(run.expected_is_estimate)
        self.assertEqual(run.progress, 0)
        Job.load(self.env, chunks[0].uuid).perform()
        self.assertEqual((state.run_done, state.run_expected), (2, 5))
        self.assertAlmostEqual(state.run_progress, 40.0)
        for job in chunks[1:]:
            Job.load(self.env, job.uuid).perform()
        self.assertEqual((run.done_count, run.progress), (5, 100.0))
        self.assertTrue(run.run_end)
        self.assertFalse(run.time_left)

    def test_the_rate_and_time_left_of_a_running_import(self):
        chunks = self._import_in_jobs(5)
        Job.load(self.env, chunks[0].uuid).perform()
        state = self._state()
        self._started_ago(state.run_id, 100)
        run = state.run_id
        # 2 records in the 100 s (and the instants the test took) since it started
        elapsed = (fields.Datetime.now() - run.run_start).total_seconds()
        self.assertTrue(2 / elapsed <= run.rate <= 2 / 100, run.rate)
        self.assertEqual(state.run_rate, run.rate)
        # 3 records left at about 0.02 records/s
        self.assertTrue(run.time_left.startswith("2 min "), run.time_left)
        self.assertEqual(state.run_time_left, run.time_left)

    def test_one_write_of_the_run_per_chunk_whatever_its_size(self):
        chunks = self._import_in_jobs(8, batch_size=4)
        run = self._state().run_id

        def run_write(text):
            text = text.strip()
            return "connector_sync_run" in text and not text.startswith("SELECT")

        with statements_run(self.env, run_write) as writes:
            Job.load(self.env, chunks[0].uuid).perform()
        self.assertEqual(len(writes), 1, writes)
        self.assertEqual(run.done_count, 4)

    def test_before_its_listing_is_read_a_run_is_estimated_from_the_last(self):
        chunks = self._import_in_jobs(4)
        for job in chunks:
            Job.load(self.env, job.uuid).perform()
        self._started_ago(self._state().run_id, 3600)
        state = self._state()
        state._start_run()  # the next run started; its listing is not read yet
        self.env["connector.sync.run"]._add(state, skipped=1)
        run = state.run_id
        self.assertEqual((run.done_count, run.expected_count), (1, 4))
        self.assertTrue(run.expected_is_estimate)
        self.assertAlmostEqual(run.progress, 25.0)

    def test_a_batch_export_is_one_run_ended_when_every_record_is_counted(self):
        partners = self.env["res.partner"].create(
            [{"name": f"E{i}", "email": f"e{i}@example.com"} for i in range(3)]
        )
        self.backend.batch_size = 2
        # no export without a rule
        self.backend._export_rule(
            "res.partner"
        ).export_domain = "[('email', '=like', 'e%@example.com')]"
        self.backend.with_context(connector_inline=False).export_batch(
            "res.partner", domain=[("id", "in", partners.ids)]
        )
        chunks = (
            self.env["queue.job"]
            .search([("method_name", "=", "export_records"), ("state", "=", "pending")])
            .sorted("id")
        )
        run = self._state("export").run_id
        self.assertEqual(
            (run.listed_count, run.expected_count, run.done_count), (3, 3, 0)
        )
        Job.load(self.env, chunks[0].uuid).perform()
        self.assertEqual((run.done_count, run.run_end), (2, False))
        Job.load(self.env, chunks[1].uuid).perform()
        self.assertEqual((run.done_count, run.progress), (3, 100.0))
        self.assertTrue(run.run_end)
        self.assertEqual(
            self.env["connector.sync.run"].search_count(
                [("sync_state_id", "=", run.sync_state_id.id)]
            ),
            1,
        )

    def test_the_form_names_models_as_people_do_and_shows_the_progress(self):
        self._import_in_jobs(1)
        self.assertEqual(self.backend.sync_state_ids.model_label, "Contact")
        # what every backend form gets on its Synchronisation tab (this test
        # backend has no form view of its own to add it to)
        page = self.backend._connector_sync_page()
        runs = page.xpath(".//field[@name='sync_state_ids']/list")[0]
        names = [field.get("name") for field in runs.iter("field")]
        self.assertEqual(names[0], "model_label")
        self.assertNotIn("model_name", names)
        for name in ("run_done", "run_expected", "run_rate", "run_time_left"):
            self.assertIn(name, names)
        bar = runs.xpath("field[@name='run_progress']")[0]
        self.assertEqual(bar.get("widget"), "progressbar")
