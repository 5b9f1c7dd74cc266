# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Sync health: the run log, the dashboard's cards and graph, and the
activities of a backend's responsible when thresholds are exceeded."""

import threading
from datetime import timedelta

import psycopg2

from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import Registry
from odoo.tests.common import BaseCase, get_db_name

from odoo.addons.connector_base.tests.patience import RACE, patience
from odoo.addons.queue_job.job import Job

from .common import CoffeeCase


class HealthCase(CoffeeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.responsible = cls.env["res.users"].create(
            {
                "name": "Backend Keeper",
                "login": "health-keeper",
                "groups_id": [
                    (4, cls.env.ref("connector_base.group_connector_user").id)
                ],
            }
        )
        cls.backend.user_id = cls.responsible
        cls.now = fields.Datetime.now()

    def set_param(self, key, value):
        self.env["ir.config_parameter"].sudo().set_param(
            f"connector_base.{key}", str(value)
        )

    def card(self, backend=None):
        backend = backend or self.backend
        health = self.env["connector.backend.health"]
        health._refresh()
        return health.search(
            [("backend_model", "=", backend._name), ("backend_id", "=", backend.id)]
        )

    def state(self, direction="import", model_name="coffee.product"):
        return self.env["connector.sync.state"]._for(
            self.backend, model_name, direction
        )

    def runs(self, backend=None):
        backend = backend or self.backend
        return self.env["connector.sync.run"].search(
            [("backend_model", "=", backend._name), ("backend_id", "=", backend.id)]
        )

    def add_run(self, hours_ago, synced, direction="import", at=None):
        state = self.state(direction)
        return self.env["connector.sync.run"].create(
            {
                "backend_model": self.backend._name,
                "backend_id": self.backend.id,
                "sync_state_id": state.id,
                "model_name": state.model_name,
                "direction": direction,
                "run_start": (at or self.now) - timedelta(hours=hours_ago),
                "created_count": synced,
                "synced_count": synced,
            }
        )

    def add_error(self, kind="bad_data", state="open", external_id="1"):
        return self.env["connector.error"].create(
            {
                "backend_model": self.backend._name,
                "backend_id": self.backend.id,
                "model_name": "coffee.product",
                "external_id": external_id,
                "step": "Import a record",
                "kind": kind,
                "message": "Refused",
                "state": state,
            }
        )

    def add_job(self, state):
        job = Job(
            self.backend.import_batch,
            args=("coffee.product",),
            channel=self.backend._connector_channel(),
        )
        job.store()
        self.env["queue.job"].search([("uuid", "=", job.uuid)]).state = state

    def activities(self, cause):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", self.backend._name),
                ("res_id", "=", self.backend.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(f"connector_base.mail_activity_type_sync_{cause}").id,
                ),
            ]
        )


class TestRunLog(HealthCase):
    def test_an_import_is_logged_as_one_finished_run(self):
        self.import_menu()
        run = self.runs()
        self.assertEqual(len(run), 1)
        self.assertEqual((run.model_name, run.direction), ("coffee.product", "import"))
        self.assertEqual(run.run_start, self.state().last_start)
        self.assertTrue(run.run_end)
        self.assertEqual(run.created_count, len(self.beverages()))
        self.assertEqual(run.synced_count, len(self.beverages()))

    def test_counts_of_a_run_add_up_in_one_row_kept_after_the_next_start(self):
        state = self.state()
        state._start_run()
        run_start = state.last_start
        state._count(created=2)
        state._count(updated=3, skipped=4)
        state._count(failed=1)
        run = self.runs()
        self.assertFalse(run.run_end, "still running")
        state._succeeded(run_start, 0)
        self.assertEqual(
            (run.created_count, run.updated_count, run.skipped_count),
            (2, 3, 4),
        )
        self.assertEqual((run.failed_count, run.synced_count), (1, 5))
        self.assertTrue(run.run_end)
        # the next run resets the state's counters, not the history
        state.last_start = run_start - timedelta(hours=1)  # another start
        state._start_run()
        self.assertEqual(state.created_count, 0)
        self.assertEqual(run.created_count, 2)

    def test_an_export_count_is_a_run_of_its_own(self):
        self.state("export")._count(created=1, updated=2)
        run = self.runs()
        self.assertEqual(run.direction, "export")
        self.assertEqual(run.synced_count, 3)
        self.assertEqual(run.run_end, run.run_start)

    def test_old_runs_are_removed_with_old_resolved_errors(self):
        self.set_param("log_retention_days", 30)
        old, recent = self.add_run(24 * 31, 5), self.add_run(24 * 29, 5)
        self.env["connector.sync.run"]._gc_old_runs()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())


class TestRunLogConcurrency(BaseCase):
    """Chunk jobs of one import count at once, each after its own commit
    (real transactions, committed; cleaned up)."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            backend = env["coffee.backend"].create({"name": "Race", "version": "2900"})
            state = env["connector.sync.state"]._for(
                backend, "coffee.product", "import"
            )
            state._start_run()
            self.backend_id, self.state_id = backend.id, state.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["connector.sync.state"].browse(self.state_id).unlink()  # its runs
            env["coffee.backend"].browse(self.backend_id).unlink()

    def _state(self, env):
        return env["connector.sync.state"].browse(self.state_id)

    def test_parallel_chunks_count_into_one_run(self):
        workers = 4
        ready = threading.Barrier(workers)

        def chunk():
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                self._state(env)._count(created=1, updated=2)
                ready.wait(patience(RACE))
            # the commit above ran the count, in a transaction of its own

        threads = [threading.Thread(target=chunk) for __ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(patience(RACE))
        with self.registry.cursor() as cr:
            state = self._state(api.Environment(cr, SUPERUSER_ID, {}))
            run = state.env["connector.sync.run"].search(
                [("sync_state_id", "=", state.id)]
            )
            self.assertEqual(len(run), 1)
            self.assertEqual((run.created_count, run.synced_count), (4, 12))
            self.assertEqual(state.created_count, 4, "the counters agree")

    def test_a_concurrent_first_count_is_a_conflict_to_retry(self):
        """What ``_after_commit`` retries: a transaction that began before
        another created the run adds to it only in a new transaction."""
        with self.registry.cursor() as late, self.registry.cursor() as first:
            late.execute("SELECT 1")  # its snapshot is taken
            first_env = api.Environment(first, SUPERUSER_ID, {})
            first_env["connector.sync.run"]._add(self._state(first_env), created=1)
            first.commit()
            late_env = api.Environment(late, SUPERUSER_ID, {})
            with self.assertRaises(psycopg2.errors.SerializationFailure):
                late_env["connector.sync.run"]._add(self._state(late_env), created=1)
            late.rollback()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["connector.sync.run"]._add(self._state(env), created=1)
            run = env["connector.sync.run"].search(
                [("sync_state_id", "=", self.state_id)]
            )
            self.assertEqual(run.created_count, 2)


class TestDashboard(HealthCase):
    def test_a_card_per_active_backend(self):
        other = self.backend.copy({"name": "Machine in the hall"})
        self.assertTrue(self.card(other))
        other.active = False
        self.assertFalse(self.card(other), "an archived backend has no card")
        action = self.env["connector.backend.health"].action_open_dashboard()
        self.assertEqual(action["res_model"], "connector.backend.health")
        self.assertEqual(self.card().name, self.backend.display_name)

    def test_card_figures(self):
        import_state = self.state()
        import_state.write(
            {
                "watermark": self.now - timedelta(hours=3),
                "last_success": self.now - timedelta(hours=3),
            }
        )
        self.state("export")  # no lag: exports follow the records
        self.add_run(1, 5)
        self.add_run(20, 7, direction="export")
        self.add_run(30, 100)  # older than 24 hours
        self.add_error("bad_data", external_id="1")
        self.add_error("bad_data", external_id="2")
        self.add_error("transient", external_id="3")
        self.add_error("bad_data", state="resolved", external_id="4")
        for state in ("pending", "pending", "enqueued", "failed", "done"):
            self.add_job(state)
        card = self.card()
        self.assertEqual(card.user_id, self.responsible)
        self.assertEqual(card.synced_24h, 12)
        self.assertAlmostEqual(card.lag_hours, 3, delta=0.1)
        self.assertEqual(card.error_count, 3)
        self.assertEqual(
            (card.error_bad_data_count, card.error_transient_count),
            (2, 1),
        )
        self.assertEqual(card.error_conflict_count + card.error_permanent_count, 0)
        self.assertEqual((card.job_pending_count, card.job_failed_count), (3, 1))
        self.assertIn(self.env["coffee.product"]._description, card.flows_html)
        self.assertIn("3.0 h", card.flows_html)
        self.assertEqual(card.health, "ok")

    def test_card_after_a_real_import(self):
        self.import_menu()
        card = self.card()
        self.assertEqual(card.synced_24h, len(self.beverages()))
        self.assertLess(card.lag_hours, 1)
        self.assertEqual(card.error_count, 0)

    def test_the_card_leads_to_its_backend_its_volume_and_errors(self):
        card = self.card()
        action = card.action_open_backend()
        self.assertEqual(
            (action["res_model"], action["res_id"]),
            (self.backend._name, self.backend.id),
        )
        self.add_run(1, 5)
        other = self.backend.copy({"name": "Other machine"})
        volume = card.action_open_volume()
        self.assertEqual(volume["res_model"], "connector.sync.run")
        self.assertEqual(
            self.env["connector.sync.run"].search(volume["domain"]), self.runs()
        )
        self.assertFalse(
            self.env["connector.sync.run"].search(volume["domain"]) & self.runs(other)
        )
        self.add_error()
        errors = card.action_open_errors()
        self.assertEqual(
            self.env["connector.error"].search(errors["domain"]),
            self.connector_errors(self.backend),
        )

    def test_graph_volume_per_day(self):
        day = fields.Datetime.to_datetime("2026-01-10 00:00:00")
        for hours_ago, synced in ((-9, 5), (-15, 4), (36, 20)):
            self.add_run(hours_ago, synced, at=day)
        self.add_run(-10, 1, direction="export", at=day)
        groups = self.env["connector.sync.run"]._read_group(
            [("backend_model", "=", self.backend._name)],
            ["run_start:day", "direction"],
            ["synced_count:sum"],
        )
        self.assertEqual(
            sorted(groups),
            [
                (day - timedelta(days=2), "import", 20),
                (day, "export", 1),
                (day, "import", 9),
            ],
        )

    def test_a_company_sees_the_cards_and_runs_of_its_backends_only(self):
        company_b = self.env["res.company"].create({"name": "Company B"})
        company_a = self.env.company
        other = self.backend.copy({"name": "Machine B", "company_id": company_b.id})
        self.add_run(1, 5)
        self.env["connector.sync.run"].create(
            {
                "backend_model": other._name,
                "backend_id": other.id,
                "sync_state_id": self.env["connector.sync.state"]
                ._for(other, "coffee.product", "import")
                .id,
                "model_name": "coffee.product",
                "direction": "import",
                "run_start": self.now,
            }
        )
        self.env["connector.backend.health"]._refresh()
        user = self.responsible
        user.write({"company_ids": [(6, 0, company_a.ids)], "company_id": company_a.id})
        cards = self.env["connector.backend.health"].with_user(user).search([])
        self.assertIn(self.card(), cards)
        self.assertNotIn(self.card(other), cards)
        runs = self.env["connector.sync.run"].with_user(user).search([])
        self.assertEqual(runs & (self.runs() | self.runs(other)), self.runs())
        self.assertEqual(self.card(other).company_id, company_b)
        # the figures of a visible card read with the user's rights
        self.assertEqual(self.card().with_user(user).synced_24h, 5)


class TestHealthActivities(HealthCase):
    def check(self):
        self.env["connector.backend.health"]._cron_check_thresholds()

    def test_errors_piling_up_one_activity_not_two(self):
        self.set_param("health_error_threshold", 3)
        for external_id in "123":
            self.add_error(external_id=external_id)
        self.check()
        activity = self.activities("errors")
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.responsible)
        self.assertEqual(activity.summary, "3 open synchronisation errors")
        self.assertIn("Data to fix", activity.note)
        self.add_error(external_id="4")
        self.check()
        self.assertEqual(self.activities("errors"), activity, "no duplicate")
        activity.action_feedback("Fixed the menu")
        self.check()
        self.assertEqual(len(self.activities("errors")), 1, "piling up again")
        self.assertFalse(self.activities("stale"))

    def test_no_activity_under_the_thresholds(self):
        self.set_param("health_error_threshold", 3)
        self.set_param("health_stale_hours", 24)
        self.add_error(external_id="1")
        self.add_error(external_id="2")
        self.add_error(external_id="3", state="resolved")
        self.state().watermark = self.now - timedelta(hours=23)
        self.check()
        self.assertFalse(self.activities("errors") | self.activities("stale"))
        self.assertEqual(self.card().health, "ok")

    def test_a_model_imported_on_demand_only_is_never_stale(self):
        self.set_param("health_stale_hours", 1)
        state = self.state()
        state._count(created=1)  # a record imported by itself, no batch run
        state.flush_recordset()
        self.env.cr.execute(
            "UPDATE connector_sync_state SET create_date = %s WHERE id = %s",
            (self.now - timedelta(days=3), state.id),
        )
        self.check()
        self.assertFalse(self.activities("stale"))
        self.assertEqual(self.card().lag_hours, 0)

    def test_a_zero_threshold_never_warns(self):
        self.set_param("health_error_threshold", 0)
        self.set_param("health_stale_hours", 0)
        self.add_error()
        self.state().watermark = self.now - timedelta(days=30)
        self.check()
        self.assertFalse(self.activities("errors") | self.activities("stale"))

    def test_stale_import_one_activity(self):
        self.set_param("health_stale_hours", 24)
        state = self.state()
        state.write(
            {
                "watermark": self.now - timedelta(hours=30),
                "last_success": self.now - timedelta(hours=30),
            }
        )
        self.check()
        self.check()
        activity = self.activities("stale")
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.responsible)
        self.assertEqual(activity.summary, "Synchronisation stale")
        self.assertIn(
            f"{self.env['coffee.product']._description}: not imported for 30 hours",
            activity.note,
        )
        self.assertEqual(self.card().health, "stale")

    def test_a_backend_without_responsible_gets_no_activity(self):
        self.set_param("health_error_threshold", 1)
        self.backend.user_id = False
        self.add_error()
        self.check()
        self.assertFalse(self.activities("errors"))
