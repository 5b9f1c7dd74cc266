# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.fields import Command

from odoo.addons.connector_base.exceptions import TransientError
from odoo.addons.queue_job.job import Job

from .common import ConnectorCase


class TestImport(ConnectorCase):
    def test_batch_import_creates_records_and_bindings(self):
        ids = [self.sim.add_item(f"P{i}", f"p{i}@example.com") for i in range(5)]
        self.import_partners()
        bindings = self.bindings()
        self.assertEqual(sorted(bindings.mapped("external_id")), sorted(ids))
        partner = self.partner_of(ids[0])
        self.assertEqual(partner.name, "P0")
        self.assertEqual(partner.ref, f"SIM-{ids[0]}")
        state = self.env["connector.sync.state"]._for(
            self.backend, "res.partner", "import"
        )
        self.assertEqual(state.created_count, 5)
        self.assertTrue(state.watermark)
        # 3 pages of 2 items, read in one batch run
        pages = [c for c in self.sim.calls if c[:2] == ("GET", "/items")]
        self.assertEqual(len(pages), 3)

    def test_unchanged_records_are_skipped_and_changed_ones_updated(self):
        ids = [self.sim.add_item(f"P{i}", f"p{i}@example.com") for i in range(4)]
        self.import_partners()
        partners = self.env["res.partner"].browse(self.bindings().mapped("res_id"))
        written = {p.id: p.write_date for p in partners}
        self.sim.touch(ids[1], name="Renamed")
        self.import_partners()
        state = self.env["connector.sync.state"]._for(
            self.backend, "res.partner", "import"
        )
        self.assertEqual((state.updated_count, state.skipped_count), (1, 3))
        self.assertEqual(self.partner_of(ids[1]).name, "Renamed")
        self.assertEqual(len(self.bindings()), 4)
        self.assertEqual(
            self.partner_of(ids[0]).write_date, written[self.partner_of(ids[0]).id]
        )

    def test_watermark_with_overlap(self):
        self.backend.overlap_seconds = 120
        self.sim.add_item("P", "p@example.com")
        before = fields.Datetime.now()
        self.import_partners()
        after = fields.Datetime.now()
        state = self.env["connector.sync.state"]._for(
            self.backend, "res.partner", "import"
        )
        # the run's start (between before and after), moved back by the overlap
        self.assertGreaterEqual(state.watermark, before - timedelta(seconds=120))
        self.assertLessEqual(state.watermark, after - timedelta(seconds=120))
        watermark = state.watermark  # the next run moves it again
        self.sim.calls.clear()
        self.import_partners()
        since = self.sim.calls[0][2]["since"]
        self.assertEqual(since, watermark.isoformat())

    def test_watermark_stays_when_the_run_fails(self):
        self.sim.add_item("P", "p@example.com")
        self.sim.failures = [404]
        self.failure(self.import_partners)
        state = self.env["connector.sync.state"]._for(
            self.backend, "res.partner", "import"
        )
        self.assertFalse(state.watermark)

    def test_must_skip_hook_of_the_author(self):
        self.sim.add_item("Old", "old@example.com", archived=True)
        self.import_partners()
        self.assertFalse(self.bindings())

    def test_bad_record_gets_an_error_and_the_others_are_imported(self):
        self.sim.add_item("Good", "good@example.com")
        bad = self.sim.add_item(None, "bad@example.com")  # partners need a name
        self.import_partners()
        self.assertEqual(len(self.bindings()), 1)
        error = self.env["connector.error"].search(
            [("external_id", "=", bad), ("backend_id", "=", self.backend.id)]
        )
        self.assertEqual(error.kind, "bad_data")
        self.assertIn("bad@example.com", error.payload)

    def test_create_returns_what_it_made(self):
        item = self.sim.add_item("One", "one@example.com")
        result = self.backend.import_record("res.partner", item)
        self.assert_created(result, "res.partner", item)

    def test_import_skips_what_odoo_wrote_itself(self):
        """No ping-pong: an import's own write does not look like an Odoo change."""
        item = self.sim.add_item("One", "one@example.com")
        self.import_partners()
        binding = self.bindings()
        partner = self.partner_of(item)
        self.assertEqual(binding.odoo_write_date, partner.write_date)
        jobs = self.env["queue.job"].search_count(
            [
                ("model_name", "=", self.backend._name),
                ("method_name", "=", "export_record"),
            ]
        )
        self.assertEqual(jobs, 0)

    def test_concrete_binding_model(self):
        self.sim.tags["T1"] = {"id": "T1", "name": "VIP"}
        self.backend.import_batch("test.connector.category.binding")
        binding = self.env["test.connector.category.binding"].search(
            [("backend_id", "=", self.backend.id)]
        )
        self.assertEqual(binding.external_id, "T1")
        self.assertEqual(binding.odoo_id.name, "VIP")
        self.sim.tags["T1"]["name"] = "Very Important"
        self.backend.import_batch("test.connector.category.binding")
        self.assertEqual(binding.odoo_id.name, "Very Important")
        self.assertEqual(len(self.env["test.connector.category.binding"].search([])), 1)

    def test_sync_states_of_both_binders(self):
        """What a listing is compared with: the state of each bound external
        id's last synchronisation, for connector.binding rows and concrete
        bindings alike; the ids bound to nothing are absent."""
        item = self.sim.add_item("P", "p@example.com")
        self.import_partners()
        self.sim.tags["T1"] = {"id": "T1", "name": "VIP"}
        self.backend.import_batch("test.connector.category.binding")
        fields = ("external_hash", "external_deleted_at")
        for model, bound, binding in (
            ("res.partner", item, self.bindings()),
            (
                "test.connector.category.binding",
                "T1",
                self.env["test.connector.category.binding"].search([]),
            ),
        ):
            with self.backend.work_on(model) as work:
                states = work.component(usage="binder").sync_states(
                    [bound, "unknown"], fields
                )
            self.assertEqual(list(states), [bound])
            self.assertEqual(states[bound].external_hash, binding.external_hash)
            self.assertTrue(binding.external_hash)
            self.assertIsNone(states[bound].external_deleted_at)

    def test_a_record_repeated_by_a_later_page_is_imported_once(self):
        """A listing that moves while it is read repeats a record on a later
        page (another chunk): imported once, even when forced, and the
        complete listing holds it."""
        a, b, c = (self.sim.add_item(n, f"{n}@example.com") for n in "abc")
        items = self.sim.items
        pages = [[items[a], items[b]], [items[b], items[c]]]
        self.backend.batch_size = 2
        with self.backend.work_on("res.partner") as work:
            importer = type(work.component(usage="batch.importer"))
        with patch.object(importer, "_pages", lambda *args, **kw: iter(pages)):
            self.import_partners(force=True)
        state = self.env["connector.sync.state"]._for(
            self.backend, "res.partner", "import"
        )
        self.assertEqual((state.created_count, state.updated_count), (3, 0))
        self.assertEqual(sorted(self.bindings().mapped("external_id")), [a, b, c])
        self.assertFalse(self.bindings().filtered("external_deleted_at"))

    def test_external_ids_scan_every_binding_in_batches(self):
        """A complete listing is checked against every bound external id,
        read in batches (bounded memory): batches smaller than the bindings
        still yield each once, and the domain filters them, for
        connector.binding rows and concrete bindings alike."""
        items = [self.sim.add_item(f"P{i}", f"p{i}@example.com") for i in range(5)]
        self.import_partners()
        self.bindings().filtered(lambda b: b.external_id == items[0]).write(
            {"external_deleted_at": fields.Datetime.now()}
        )
        for tag in ("T1", "T2", "T3"):
            self.sim.tags[tag] = {"id": tag, "name": tag}
        self.backend.import_batch("test.connector.category.binding")
        not_gone = [("external_deleted_at", "=", False)]
        for model, expected in (
            ("res.partner", items[1:]),
            ("test.connector.category.binding", ["T1", "T2", "T3"]),
        ):
            with self.backend.work_on(model) as work:
                binder = work.component(usage="binder")
                for batch in (1, 2, 10000):
                    self.assertEqual(
                        sorted(binder.external_ids(not_gone, batch=batch)),
                        sorted(expected),
                    )


class TestConflicts(ConnectorCase):
    def _both_changed(self, policy):
        self.backend.conflict_policy = policy
        item = self.sim.add_item("Original", "o@example.com")
        self.import_partners()
        partner = self.partner_of(item)
        binding = self.bindings()
        # Odoo side changed after the sync
        binding.odoo_write_date = partner.write_date - timedelta(seconds=5)
        partner.name = "Odoo version"
        self.sim.touch(item, name="External version")
        later = fields.Datetime.now() + timedelta(minutes=1)
        self.sim.items[item]["updated_at"] = later.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.import_partners()
        conflict = self.env["connector.error"].search(
            [("kind", "=", "conflict"), ("external_id", "=", item)]
        )
        self.assertEqual(len(conflict), 1)
        return partner

    def test_external_wins(self):
        self.assertEqual(self._both_changed("external").name, "External version")

    def test_odoo_wins(self):
        self.assertEqual(self._both_changed("odoo").name, "Odoo version")

    def test_newest_wins(self):
        # the external change happened after Odoo's (same transaction time)
        self.assertEqual(self._both_changed("newest").name, "External version")

    def _batch_import_in_jobs(self, items, batch_size):
        """A batch import of ``items`` new partners as the jobrunner runs it
        (not inline): the run's state and the chunk jobs it queued."""
        for i in range(items):
            self.sim.add_item(f"P{i}", f"p{i}@example.com")
        self.backend.batch_size = batch_size
        backend = self.backend.with_context(connector_inline=False)
        backend.import_batch("res.partner")
        state = self.env["connector.sync.state"]._for(
            self.backend, "res.partner", "import"
        )
        chunks = self.env["queue.job"].search(
            [("method_name", "=", "import_records"), ("state", "=", "pending")]
        )
        return state, chunks

    def _advanced_watermark(self, state):
        return state.last_start - timedelta(seconds=self.backend.overlap_seconds)

    def test_last_chunk_job_advances_the_watermark(self):
        state, chunks = self._batch_import_in_jobs(5, batch_size=2)
        self.assertEqual((len(chunks), state.pending_chunks), (3, 3))
        for job in chunks[:2]:
            Job.load(self.env, job.uuid).perform()
        self.assertFalse(state.watermark)  # a chunk is still to run
        # a chunk of an older run counts nothing
        state._chunk_done(state.last_start - timedelta(hours=1), 0)
        self.assertEqual(state.pending_chunks, 1)
        Job.load(self.env, chunks[2].uuid).perform()
        self.assertEqual(state.pending_chunks, 0)
        self.assertEqual(state.watermark, self._advanced_watermark(state))
        self.assertEqual(len(self.bindings()), 5)

    def test_changes_that_fit_in_one_chunk_are_imported_by_the_batch_job(self):
        state, chunks = self._batch_import_in_jobs(3, batch_size=3)
        self.assertFalse(chunks)
        self.assertEqual(len(self.bindings()), 3)
        self.assertEqual(state.pending_chunks, 0)
        self.assertEqual(state.watermark, self._advanced_watermark(state))

    def test_update_writes_only_what_changed(self):
        item = self.sim.add_item("Same", "same@example.com")
        self.import_partners()
        partner = self.partner_of(item)
        with self.backend.work_on("res.partner") as work:
            importer = work.component(usage="record.importer")
            changed = importer._changed_values(
                partner,
                {"name": "Same", "email": "new@example.com", "parent_id": False},
            )
        self.assertEqual(changed, {"email": "new@example.com"})

    def test_a_set_of_the_records_held_is_no_change(self):
        """A mapper's x2many value, one SET command: no change when it names
        the records the field holds (archived ones too), in any order; any
        other command is a change."""
        item = self.sim.add_item("Tagged", "tagged@example.com")
        self.import_partners()
        partner = self.partner_of(item)
        tags = self.env["res.partner.category"].create(
            [{"name": "A"}, {"name": "B"}, {"name": "C"}]
        )
        partner.category_id = tags[:2]
        tags[1].active = False
        with self.backend.work_on("res.partner") as work:
            importer = work.component(usage="record.importer")
            for value, changed in (
                ([Command.set(tags[:2].ids[::-1])], False),
                ([Command.set(tags[:1].ids)], True),
                ([Command.set(tags.ids)], True),
                ([Command.link(tags[0].id)], True),
                ([Command.clear(), Command.set(tags[:2].ids)], True),
            ):
                self.assertEqual(
                    importer._changed_values(partner, {"category_id": value}),
                    {"category_id": value} if changed else {},
                    value,
                )

    def test_a_page_failing_as_a_whole_is_named_as_the_page(self):
        """The page's error names no record of it (the importer keeps no
        "current record" that a failure could leave behind)."""
        ids = [self.sim.add_item(f"P{i}", f"p{i}@example.com") for i in range(2)]
        self.import_partners()
        pages = [self.sim.items[eid] for eid in ids]
        pages = [dict(item, name=item["name"] + " v2") for item in pages]
        pages.append({"id": "NEW", "name": "New", "email": "new@example.com"})
        with self.backend.work_on("res.partner") as work:
            importer = work.component(usage="record.importer")
            with patch.object(
                type(importer), "create", side_effect=TransientError("API down")
            ):
                self.failure(importer.import_records, pages)
        error = self.env["connector.error"].search(
            [("step", "=", "Import a page of records")]
        )
        self.assertEqual(len(error), 1)
        self.assertFalse(error.external_id, "a page, not one of its records")
        self.assertEqual(json.loads(error.payload), {"count": 3})
