# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests.common import new_test_user

from odoo.addons.queue_job.job import Job

from .common import ConnectorCase

TAGS = "test.connector.category.binding"


class DeletionCase(ConnectorCase):
    def import_items(self, count=3):
        ids = [self.sim.add_item(f"P{i}", f"p{i}@example.com") for i in range(count)]
        self.import_partners()
        self.earlier()
        return ids

    def import_then_lose_one(self):
        """Two items imported, then the first deleted on the simulator and the
        complete listing imported again; returns both ids and the lost item."""
        ids = self.import_items(count=2)
        lost = self.sim.items.pop(ids[0])
        self.import_partners(force=True)
        return ids, lost

    def earlier(self):
        """Bindings made a while ago: a listing started in the same second
        as a binding's sync could have missed it (see mark_unlisted)."""
        for bindings in (self.bindings(), self.env[TAGS].search([])):
            for binding in bindings:
                binding.sync_date -= timedelta(seconds=5)

    def http_calls(self, method):
        return [call[1] for call in self.sim.calls if call[0] == method]

    def deletion_jobs(self):
        return self.env["queue.job"].search(
            [
                ("model_name", "=", self.backend._name),
                ("method_name", "=", "delete_record"),
            ]
        )

    def perform(self, jobs):
        for job in jobs:
            Job.load(self.env, job.uuid).perform()
            job.state = "done"


class TestRemoteDeletions(DeletionCase):
    """Records gone on the external system, per the backend's policy."""

    def test_record_missing_from_a_complete_listing_is_archived(self):
        ids = self.import_items()
        del self.sim.items[ids[1]]
        self.import_partners(force=True)  # reads every item
        gone, kept = self.partner_of(ids[1]), self.partner_of(ids[0])
        self.assertFalse(gone.active)
        self.assertTrue(kept.active)
        binding = self.bindings().filtered(lambda b: b.external_id == ids[1])
        self.assertTrue(binding.external_deleted_at)
        self.assertTrue(binding.archived_as_gone)
        self.assertEqual(self.bindings().filtered("external_deleted_at"), binding)
        # the direct read that confirmed it
        self.assertIn(f"/items/{ids[1]}", self.http_calls("GET"))

    def test_listing_imported_by_chunk_jobs_marks_gone_too(self):
        ids = self.import_items()
        del self.sim.items[ids[0]]
        self.backend.batch_size = 1
        self.backend.with_context(connector_inline=False).import_batch(
            "res.partner", force=True
        )
        self.assertFalse(self.partner_of(ids[0]).active)
        chunks = self.env["queue.job"].search([("method_name", "=", "import_records")])
        self.assertEqual(len(chunks), 2)  # the two items still listed

    def test_incremental_listing_marks_nothing_gone(self):
        ids = self.import_items()
        del self.sim.items[ids[1]]
        self.import_partners()  # only what changed since the watermark
        self.assertTrue(self.partner_of(ids[1]).active)
        self.assertFalse(any(self.bindings().mapped("external_deleted_at")))

    def test_listing_cut_short_marks_nothing_gone(self):
        ids = self.import_items(count=5)  # three pages of two
        del self.sim.items[ids[0]]
        self.sim.failures = [0, 500]  # the second page fails
        self.failure(self.import_partners, force=True)
        self.assertTrue(self.partner_of(ids[0]).active)
        self.assertFalse(any(self.bindings().mapped("external_deleted_at")))

    def test_empty_listing_marks_nothing_gone(self):
        """A system answering "nothing" (an outage behind a 200) must not
        archive the whole catalogue."""
        ids = self.import_items(count=2)
        self.sim.items.clear()
        self.import_partners(force=True)
        self.assertTrue(self.partner_of(ids[0]).active)
        self.assertFalse(any(self.bindings().mapped("external_deleted_at")))

    def test_record_a_listing_missed_is_read_before_it_is_gone(self):
        """A page the system cut without saying so: each unlisted record is
        read directly before anything is archived."""
        ids = self.import_items()
        with self.backend.work_on("res.partner") as work:
            deletion = work.component(usage="remote.deletion")
            marked = deletion.mark_unlisted(set(ids[:2]), fields.Datetime.now())
        self.assertEqual(marked, 0)
        self.assertIn(f"/items/{ids[2]}", self.http_calls("GET"))
        self.assertTrue(self.partner_of(ids[2]).active)
        self.assertFalse(any(self.bindings().mapped("external_deleted_at")))

    def test_404_on_read_marks_the_binding_gone(self):
        ids = self.import_items(count=1)
        del self.sim.items[ids[0]]
        result = self.backend.import_record("res.partner", ids[0])
        self.assertEqual(result, [])
        self.assertFalse(self.partner_of(ids[0]).active)
        self.assertTrue(self.bindings().external_deleted_at)
        self.assertFalse(self.connector_errors(self.backend))

    def test_404_on_read_of_an_unbound_record_is_still_an_error(self):
        error = self.failure(self.backend.import_record, "res.partner", "I99")
        self.assertIn("does not exist", str(error))
        self.assertTrue(self.connector_errors(self.backend, external_id="I99"))

    def test_deleted_flag_mapped_by_the_connector(self):
        ids = self.import_items(count=2)
        self.sim.touch(ids[0], deleted=True)
        new = self.sim.add_item("Born deleted", "x@example.com", deleted=True)
        self.import_partners()
        self.assertFalse(self.partner_of(ids[0]).active)
        self.assertTrue(self.partner_of(ids[1]).active)
        self.assertNotIn(new, self.bindings().mapped("external_id"))

    def test_unlink_policy_deletes_the_odoo_record(self):
        self.backend.remote_deletion_policy = "unlink"
        ids = self.import_items(count=2)
        partner = self.partner_of(ids[0])
        del self.sim.items[ids[0]]
        self.import_partners(force=True)
        self.assertFalse(partner.exists())
        self.assertEqual(self.bindings().mapped("external_id"), [ids[1]])

    def test_unlink_refused_archives_with_an_error_saying_why(self):
        self.backend.remote_deletion_policy = "unlink"
        ids = self.import_items(count=2)
        partner = self.partner_of(ids[0])
        # a (disabled) user's contact cannot be deleted, only archived
        new_test_user(self.env, login="gone-user", partner_id=partner.id).active = False
        del self.sim.items[ids[0]]
        self.import_partners(force=True)
        self.assertTrue(partner.exists())
        self.assertFalse(partner.active)
        error = self.connector_errors(self.backend, external_id=ids[0])
        self.assertEqual(error.step, "Apply a remote deletion")
        self.assertIn("cannot be deleted", error.message)
        self.assertTrue(self.bindings().filtered("archived_as_gone"))

    def test_ignore_policy_only_marks_the_binding(self):
        self.backend.remote_deletion_policy = "ignore"
        ids, __ = self.import_then_lose_one()
        self.assertTrue(self.partner_of(ids[0]).active)
        binding = self.bindings().filtered("external_deleted_at")
        self.assertEqual(binding.external_id, ids[0])
        self.assertFalse(binding.archived_as_gone)

    def test_record_that_comes_back_is_restored(self):
        ids, item = self.import_then_lose_one()
        self.assertFalse(self.partner_of(ids[0]).active)
        self.sim.items[ids[0]] = item  # unchanged: only its absence was news
        self.import_partners(force=True)
        self.assertTrue(self.partner_of(ids[0]).active)
        binding = self.bindings().filtered(lambda b: b.external_id == ids[0])
        self.assertFalse(binding.external_deleted_at)
        self.assertFalse(binding.archived_as_gone)

    def test_archived_in_odoo_first_is_not_restored(self):
        ids = self.import_items(count=2)
        self.partner_of(ids[0]).with_context(connector_no_export=True).active = False
        item = self.sim.items.pop(ids[0])
        self.import_partners(force=True)
        self.sim.items[ids[0]] = item
        self.import_partners(force=True)
        self.assertFalse(self.partner_of(ids[0]).active)

    def test_remote_deletion_propagates_nothing_back(self):
        self.backend.odoo_deletion_policy = "propagate"
        ids, __ = self.import_then_lose_one()
        self.assertFalse(self.partner_of(ids[0]).active)
        self.assertFalse(self.deletion_jobs())

    def test_concrete_binding_missing_from_the_listing_is_archived(self):
        self.sim.tags = {
            "T1": {"id": "T1", "name": "Red"},
            "T2": {"id": "T2", "name": "Blue"},
        }
        self.backend.import_batch(TAGS)
        self.earlier()
        del self.sim.tags["T1"]
        self.backend.import_batch(TAGS, force=True)
        red = (
            self.env[TAGS]
            .with_context(active_test=False)
            .search([("external_id", "=", "T1")])
        )
        self.assertTrue(red.external_deleted_at)
        self.assertFalse(red.odoo_id.active)
        blue = self.env[TAGS].search([("external_id", "=", "T2")])
        self.assertTrue(blue.odoo_id.active)


class TestOdooDeletions(DeletionCase):
    """Records archived or deleted in Odoo, per the backend's policy."""

    def setUp(self):
        super().setUp()
        self.backend.odoo_deletion_policy = "propagate"

    def test_archiving_deletes_the_remote_record(self):
        ids = self.import_items(count=2)
        partner = self.partner_of(ids[0])
        partner.active = False
        job = self.deletion_jobs()
        self.assertEqual(len(job), 1)
        self.assertEqual(list(job.args), ["res.partner", ids[0]])
        self.perform(job)
        self.assertEqual(self.http_calls("DELETE"), [f"/items/{ids[0]}"])
        self.assertNotIn(ids[0], self.sim.items)
        self.assertIn(ids[1], self.sim.items)
        self.assertEqual(self.bindings().mapped("external_id"), [ids[1]])

    def test_archiving_cancels_its_pending_export(self):
        """The export queued by the same write would, with the binding gone,
        create the record again remotely."""
        ids = self.import_items(count=1)
        self.partner_of(ids[0]).active = False
        export = self.env["queue.job"].search(
            [
                ("model_name", "=", self.backend._name),
                ("method_name", "=", "export_record"),
            ]
        )
        self.assertEqual(export.state, "pending")
        self.perform(self.deletion_jobs())
        self.assertEqual(export.state, "cancelled")

    def test_unlinking_deletes_the_remote_record(self):
        ids = self.import_items(count=1)
        self.partner_of(ids[0]).unlink()
        self.assertFalse(self.bindings())  # the binding went with the record
        job = self.deletion_jobs()
        # the external id was read before the unlink
        self.assertEqual(list(job.args), ["res.partner", ids[0]])
        self.perform(job)
        self.assertEqual(self.sim.items, {})

    def test_unarchived_before_the_job_keeps_the_remote_record(self):
        ids = self.import_items(count=1)
        partner = self.partner_of(ids[0])
        partner.active = False
        partner.active = True
        self.perform(self.deletion_jobs())
        self.assertFalse(self.http_calls("DELETE"))
        self.assertIn(ids[0], self.sim.items)
        self.assertTrue(self.bindings())

    def test_ignore_policy_queues_nothing(self):
        self.backend.odoo_deletion_policy = "ignore"
        ids = self.import_items(count=1)
        self.partner_of(ids[0]).active = False
        self.assertFalse(self.deletion_jobs())

    def test_unbound_record_queues_nothing(self):
        self.env["res.partner"].create({"name": "Local"}).unlink()
        self.assertFalse(self.deletion_jobs())

    def test_the_right_to_archive_in_odoo_is_the_right_to_delete_remotely(self):
        """A contact manager without connector rights archives a bound
        contact: the deletion is queued and runs (as the connector)."""
        ids = self.import_items(count=1)
        user = new_test_user(
            self.env,
            login="contacts",
            groups="base.group_user,base.group_partner_manager",
        )
        self.partner_of(ids[0]).with_user(user).active = False
        job = self.deletion_jobs()
        self.assertEqual(len(job), 1)
        self.perform(job)
        self.assertNotIn(ids[0], self.sim.items)

    def test_concrete_binding_archived_deletes_the_remote_record(self):
        self.sim.tags = {"T1": {"id": "T1", "name": "Red"}}
        self.backend.import_batch(TAGS)
        binding = self.env[TAGS].search([("external_id", "=", "T1")])
        binding.odoo_id.active = False
        job = self.deletion_jobs()
        self.assertEqual(list(job.args), [TAGS, "T1"])
        self.perform(job)
        self.assertEqual(self.http_calls("DELETE"), ["/tags/T1"])
        self.assertEqual(self.sim.tags, {})
        self.assertFalse(binding.external_id)

    def test_concrete_binding_deleted_deletes_the_remote_record(self):
        self.sim.tags = {"T1": {"id": "T1", "name": "Red"}}
        self.backend.import_batch(TAGS)
        self.env[TAGS].search([("external_id", "=", "T1")]).odoo_id.unlink()
        self.assertFalse(self.env[TAGS].search([]))
        job = self.deletion_jobs()
        self.assertEqual(list(job.args), [TAGS, "T1"])
        self.perform(job)
        self.assertEqual(self.sim.tags, {})
