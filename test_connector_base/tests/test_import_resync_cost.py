# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a re-sync costs per page of unchanged records, and what a listing
read by several jobs hands from one to the next: the external ids read, the
count of records bound before the run."""

import gc
from unittest.mock import patch

import requests

from odoo.addons.connector_base.components import batch_importer
from odoo.addons.connector_base.components.batch_importer import Page
from odoo.addons.queue_job.job import Job

from .common import ConnectorCase


class TestResyncCost(ConnectorCase):
    def _state_reads(self, items):
        """The bindings' state reads of a re-sync of ``items`` unchanged
        records (the simulator's pages hold two): for each, whether it read
        every binding's state (else a page's)."""
        with self.backend.work_on("res.partner") as work:
            binder = type(work.component(usage="binder"))
        sync_states, reads = binder.sync_states, []

        def counted(binder, external_ids, *args, **kwargs):
            reads.append(external_ids is None)
            return sync_states(binder, external_ids, *args, **kwargs)

        for i in range(len(self.sim.items), items):
            self.sim.add_item(f"P{i}", f"p{i}@example.com")
        self.import_partners()
        with patch.object(binder, "sync_states", counted):
            self.import_partners()
        state = self.env["connector.sync.state"]._for(
            self.backend, "res.partner", "import"
        )
        self.assertEqual(
            (state.skipped_count, state.updated_count, state.created_count),
            (items, 0, 0),
        )
        self.assertFalse(self.env["connector.sync.listing"].search_count([]))
        return reads

    def test_unchanged_pages_cost_no_query_past_the_second(self):
        """A listing read by one job compares its first page with its
        bindings in one query, the next ones with every binding's state read
        at once, and keeps the ids it read in memory: two more pages of
        unchanged records cost no more query (a query a page before, and a
        table row per id read was another statement a page)."""
        self.assertEqual(self._state_reads(4), [False, True])
        self.assertEqual(self._state_reads(8), [False, True])

    def test_past_the_limit_every_page_is_compared_with_its_own_query(self):
        """More bindings than ``STATES_AT_ONCE``: their states are not held in
        memory at once (the one read that finds too many is dropped), each
        page reads its own."""
        with patch.object(batch_importer, "STATES_AT_ONCE", 3):
            self.assertEqual(self._state_reads(2), [False])
            self.assertEqual(self._state_reads(4), [False, True, False])
            self.assertEqual(self._state_reads(8), [False, True, False, False, False])

    def test_a_page_is_compared_with_the_collector_paused(self):
        """A page's records are decoded and compared with Python's collector
        paused (collector.py: a collection moved them to the oldest
        generation, then a full one walked the server's heap); it may run
        while a request waits for the API, and once the listing is read."""
        for i in range(4):
            self.sim.add_item(f"P{i}", f"p{i}@example.com")
        with self.backend.work_on("res.partner") as work:
            importer = type(work.component(usage="batch.importer"))
        changed, request = importer._changed, requests.Session.request
        comparing, requesting = [], []

        def spied_changed(self, page, *args):
            comparing.append(gc.isenabled())
            return changed(self, page, *args)

        def spied_request(self, *args, **kwargs):
            requesting.append(gc.isenabled())
            return request(self, *args, **kwargs)

        self.assertTrue(gc.isenabled())
        with (
            patch.object(importer, "_changed", spied_changed),
            patch.object(requests.Session, "request", spied_request),
        ):
            self.import_partners()
        self.assertEqual(comparing, [False, False])  # the simulator's two pages
        self.assertEqual(requesting, [True, True])
        self.assertTrue(gc.isenabled())
        self.assertEqual(len(self.bindings()), 4)

    def test_a_listing_handed_on_tells_the_next_job_what_it_read(self):
        """A job hands the listing on once it queued a chunk: the ids it read
        reach the next job, which drops a record of an earlier page that the
        moving listing repeats."""
        a, b, c = (self.sim.add_item(n, f"{n}@example.com") for n in "abc")
        items = self.sim.items
        pages = [
            Page([items[a], items[b]], resume={"at": 1}),
            Page([items[b], items[c]]),
        ]
        self.backend.batch_size = 1
        with self.backend.work_on("res.partner") as work:
            importer = type(work.component(usage="batch.importer"))
            binder = type(work.component(usage="binder"))
        binding_count, counts = binder.binding_count, []

        def pages_from(self, since, at=0, **filters):
            return iter(pages[at:])

        def counted(binder):
            counts.append(binding_count(binder))
            return counts[-1]

        backend = self.backend.with_context(connector_inline=False)
        with (
            patch.object(importer, "_pages", pages_from),
            patch.object(binder, "binding_count", counted),
        ):
            backend.import_batch("res.partner")
            jobs = self.env["queue.job"].search([("state", "=", "pending")])
            # both chunks of the first page: a page follows it
            self.assertEqual(
                sorted(jobs.mapped("method_name")),
                ["import_page", "import_records", "import_records"],
            )
            self.assertEqual(
                sorted(
                    self.env["connector.sync.listing"].search([]).mapped("external_id")
                ),
                [a, b],
            )
            done = self.env["queue.job"]
            while jobs - done:
                for job in jobs - done:
                    Job.load(self.env, job.uuid).perform()
                done |= jobs
                jobs = self.env["queue.job"].search([("state", "=", "pending")])
        state = self.env["connector.sync.state"]._for(
            self.backend, "res.partner", "import"
        )
        self.assertEqual((state.created_count, state.updated_count), (3, 0))
        self.assertEqual(sorted(self.bindings().mapped("external_id")), [a, b, c])
        self.assertFalse(self.env["connector.sync.listing"].search_count([]))
        # counted once, by the job that started the run: the next ones are
        # handed the count (a count of every binding per job before)
        self.assertEqual(counts, [0])
