# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Kogan's listing read as its pages come: chunk jobs are queued while later
pages are still to be read, a failed page is read again from that page, and
the check for listings gone from Kogan sees the whole listing once."""

import threading
from datetime import timedelta
from unittest.mock import patch

from odoo.addons.connector_base.components.batch_importer import (
    ConnectorBaseBatchImporter,
)
from odoo.addons.connector_base.exceptions import TransientError
from odoo.addons.connector_base.http_send import READ_AHEAD_THREAD
from odoo.addons.connector_base.tests.patience import REQUEST, patience, wait_until
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

from .common import KoganCase

LISTINGS = 1200  # three pages of 500


class TestListingPages(KoganCase):
    def setUp(self):
        super().setUp()
        self.backend.batch_size = 200
        self.sim.seed_products(self.sim.make_products(LISTINGS))
        self.state = self.env["connector.sync.state"]._for(
            self.backend, "product.product", "import"
        )

    def _start(self):
        """The import as the *Import* button's job runs it (not inline)."""
        backend = self.backend.with_context(connector_inline=False)
        try:
            return backend.import_batch("product.product")
        finally:
            self._reads_ahead_ended()

    @staticmethod
    def _reads_ahead_ended():
        """Every page read sent ahead has its reply: the simulator's calls
        are all there is."""
        for thread in threading.enumerate():
            if thread.name == READ_AHEAD_THREAD:
                thread.join(patience(REQUEST))

    def _perform(self, method):
        """Run the one pending job of ``method`` as the jobrunner would:
        started while it runs, then done (or failed)."""
        (record,) = self.jobs(method)
        env = self.env(context=dict(self.env.context, connector_inline=False))
        record.state = "started"
        try:
            result = Job.load(env, record.uuid).perform()
        except Exception:
            record.state = "failed"
            raise
        finally:
            self._reads_ahead_ended()
        record.state = "done"
        return result

    def _import_all_earlier(self):
        """Every listing imported, as by an earlier run."""
        self.backend.with_context(connector_inline=True).import_batch("product.product")
        bindings = self.env["connector.binding"].search(self.backend._backend_domain())
        for binding in bindings:
            binding.sync_date -= timedelta(seconds=5)

    def _page_reads(self):
        """The cursors of the listing's page reads, None for the first page."""
        return [
            call["query"].get("cursor")
            for call in self.calls("GET", "products")
            if "sku" not in call["query"]
        ]

    def _cursors(self):
        """The cursor of each page of the listing (None: the first)."""
        self.sim.clear_calls()
        with self.backend.work_on("product.product") as work:
            list(work.component(usage="backend.adapter").get_records())
        cursors = self._page_reads()
        self.sim.clear_calls()
        return cursors

    def test_chunk_jobs_are_queued_before_the_last_page_is_read(self):
        cursors = self._cursors()
        self._start()
        self.assertEqual(self._page_reads(), cursors[:1])
        self.assertEqual(len(self.jobs("import_records")), 2)  # 2 x 200 of 500
        self.assertEqual(len(self.jobs("import_page")), 1)
        # the chunks import while the listing goes on
        self.run_jobs("import_records")
        self.assertEqual(len(self.bound("product.product")), 400)
        self.assertFalse(self.state.last_success)
        self._perform("import_page")
        self.assertEqual(self._page_reads(), cursors[:2])
        self._perform("import_page")  # the last page
        self.assertEqual(self._page_reads(), cursors)
        self.assertFalse(self.jobs("import_page"))
        self.assertFalse(self.state.last_success)  # chunks still to run
        self.run_jobs("import_records")
        self.assertEqual(len(self.bound("product.product")), LISTINGS)
        self.assertTrue(self.state.last_success)
        overlap = timedelta(seconds=self.backend.overlap_seconds)
        self.assertEqual(self.state.watermark, self.state.last_start - overlap)

    def test_a_chunk_is_stored_once_and_a_page_job_carries_no_records(self):
        """Chunks as large as Kogan's pages: each page's records go whole to
        a chunk job, whose task names their count, not their text (queue_job
        stores the task besides the arguments); the next page's job is
        handed no records."""
        self.backend.batch_size = 500
        self._start()
        (chunk,) = self.jobs("import_records")
        self.assertEqual(len(chunk.args[1]), 500)
        self.assertIn("'product.product', <500 records>", chunk.func_string)
        self.assertLess(len(chunk.func_string), 300)
        (page_job,) = self.jobs("import_page")
        self.assertEqual(page_job.args[1]["carry"], [])
        self._perform("import_page")
        self._perform("import_page")  # the last page: a chunk of 200
        self.assertEqual(
            sorted(len(job.args[1]) for job in self.jobs("import_records")),
            [200, 500, 500],
        )
        self.run_jobs("import_records")
        self.assertEqual(len(self.bound("product.product")), LISTINGS)
        self.assertTrue(self.state.last_success)

    def test_a_failed_page_is_read_again_from_that_page(self):
        cursors = self._cursors()
        self._start()
        self.sim.add_fault("GET products", "http_status", status=503)
        (page_job,) = self.jobs("import_page")
        with self.assertRaises(RetryableJobError):
            self._perform("import_page")
        self.assertEqual(self._page_reads(), [None, cursors[1]])
        # queue_job retries the job: from page 2, not from the start
        page_job.state = "pending"
        self._perform("import_page")
        self._perform("import_page")
        self.assertEqual(self._page_reads(), [None, cursors[1], cursors[1], cursors[2]])
        self.run_jobs("import_records")
        self.assertEqual(len(self.bound("product.product")), LISTINGS)
        self.assertTrue(self.state.last_success)

    def test_a_later_page_failing_is_read_on_by_a_job_of_its_own(self):
        """A re-sync with nothing changed reads every page in one job (it
        has nothing to hand on); its third page failing, the pages read stay
        read, a job of its own reads on from the third page."""
        self._import_all_earlier()
        cursors = self._cursors()
        # two calls pass (pages 1 and 2), then the third fails
        self.sim.add_fault("GET products", "slow", seconds=0, times=2)
        self.sim.add_fault("GET products", "http_status", status=503)
        self._start()
        self.assertEqual(self._page_reads(), cursors)
        self.sim.clear_calls()
        self._perform("import_page")
        self.assertEqual(self._page_reads(), cursors[2:])
        self.assertEqual(self.state.skipped_count, LISTINGS)
        self.assertTrue(self.state.last_success)

    def test_a_resync_finding_few_changes_reads_on_in_one_job(self):
        """A chunk of changes queued half-way through a listing mostly
        unchanged: the job reads on rather than store the 1,000 ids it read
        for a job of its own (HAND_ON_IDS_PER_RECORD); the chunks start once
        the listing is read."""
        self._import_all_earlier()
        self.backend.batch_size = 50
        cursors = self._cursors()
        with self.sim._lock:  # 60 listings of the second page renamed
            for record in self.sim._records[500:560]:
                record["product_title"] += " (new)"
        self.sim.clear_calls()
        self._start()
        self.assertEqual(self._page_reads(), cursors)
        self.assertFalse(self.jobs("import_page"))
        self.assertFalse(self.env["connector.sync.listing"].sudo().search_count([]))
        self.assertEqual(
            sorted(len(job.args[1]) for job in self.jobs("import_records")), [10, 50]
        )
        self.assertEqual(self.state.pending_chunks, 2)  # the run goes on
        self.run_jobs("import_records")
        self.assertEqual(self.state.pending_chunks, 0)
        self.assertEqual(self.state.updated_count, 60)
        self.assertEqual(self.state.skipped_count, LISTINGS - 60)
        overlap = timedelta(seconds=self.backend.overlap_seconds)
        self.assertEqual(self.state.watermark, self.state.last_start - overlap)

    def test_a_resync_asks_for_the_next_page_before_comparing_this_one(self):
        """The next page travels while this one is compared (with an API's
        latency, the comparison costs no time): page k's comparison waits
        for page k + 1 to be asked for, and would wait in vain without."""
        self._import_all_earlier()
        cursors = self._cursors()
        compared = []
        compare = ConnectorBaseBatchImporter._changed

        def changed_once_next_page_asked(importer, page, *args):
            wanted = min(len(compared) + 2, len(cursors))
            wait_until(
                lambda: len(self._page_reads()) >= wanted,
                REQUEST,
                f"page {wanted} asked for while page {wanted - 1} is compared",
                0.01,
            )
            compared.append(len(page))
            return compare(importer, page, *args)

        with patch.object(
            ConnectorBaseBatchImporter, "_changed", changed_once_next_page_asked
        ):
            self._start()
        self.assertEqual(compared, [500, 500, 200])
        self.assertEqual(self._page_reads(), cursors)  # each page read once
        self.assertEqual(self.state.skipped_count, LISTINGS)

    def test_a_job_handing_on_first_reads_the_page_it_asked_for(self):
        """A re-sync asks for page 2 ahead, then finds page 1 all changed:
        its chunks are handed on once page 2, already on its way, is read
        (the next job starts from page 3: each page is read once)."""
        self._import_all_earlier()
        self.backend.batch_size = 50
        cursors = self._cursors()
        with self.sim._lock:
            for record in self.sim._records[:500]:
                record["product_title"] += " (new)"
        self._start()
        self.assertEqual(self._page_reads(), cursors[:2])
        # page 1's 500, in ten full chunks: a page follows it
        self.assertEqual(len(self.jobs("import_records")), 10)
        self.sim.clear_calls()
        self._perform("import_page")
        self.assertEqual(self._page_reads(), cursors[2:])
        self.run_jobs("import_records")
        self.assertEqual(self.state.updated_count, 500)
        self.assertEqual(self.state.skipped_count, LISTINGS - 500)
        self.assertTrue(self.state.last_success)

    def test_gone_listings_are_found_once_from_the_whole_listing(self):
        self._import_all_earlier()
        # every listing changed on Kogan (chunk jobs, hence a chain of page
        # jobs), one of the first page removed
        with self.sim._lock:
            self.sim._records = [
                dict(r, product_subtitle="v2") for r in self.sim._records
            ]
        self.sim.remove_listing("SKU-00010")
        self.sim.clear_calls()
        self._start()
        while self.jobs("import_page"):
            self._perform("import_page")
        self.run_jobs("import_records")
        lookups = [c for c in self.calls("GET", "products") if "sku" in c["query"]]
        self.assertEqual([c["query"]["sku"] for c in lookups], ["SKU-00010"])
        bound = self.bound("product.product")
        self.assertFalse(bound["SKU-00010"].active)
        self.assertEqual(len([p for p in bound.values() if p.active]), LISTINGS - 1)
        self.assertFalse(self.env["connector.sync.listing"].sudo().search_count([]))

    def test_one_listing_at_a_time(self):
        self._start()
        last_start = self.state.last_start
        message = self._start()
        self.assertIn("still being read", message)
        self.assertEqual(self.state.last_start, last_start)
        self.assertEqual(len(self.jobs("import_page")), 1)

    def test_a_page_job_of_an_older_run_reads_nothing(self):
        self._start()
        # a newer run started meanwhile (this one's job failed, say)
        self.state.last_start += timedelta(hours=1)
        self.sim.clear_calls()
        message = self._perform("import_page")
        self.assertIn("newer import", message)
        self.assertFalse(self._page_reads())
        self.assertFalse(self.jobs("import_page"))

    def test_cursors_read_travel_with_the_listing(self):
        """A cursor Kogan repeats is found even when the pages that first
        sent it were read by an earlier job."""
        self._start()
        listing = self.jobs("import_page").args[1]
        cursors = self._cursors()
        self.assertEqual(listing["resume"]["cursors"], [cursors[1]])
        with self.backend.work_on("product.product") as work:
            pages = work.component(usage="backend.adapter").get_records(
                page_url=listing["resume"]["page_url"], cursors=[cursors[2]]
            )
            with self.assertRaisesRegex(TransientError, "twice"):
                list(pages)
