# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two workers importing the same record at once, each with its own database
cursor and transaction, as two queue job workers would."""

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests.common import BaseCase, get_db_name

from odoo.addons.connector_base.tests.race import race

RECORD = {"id": "C1", "name": "Concurrent", "email": "c@example.com"}


class TestConcurrentImport(BaseCase):
    """Commits for real (two transactions must see each other); cleans up."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.backend_id = env["test.connector.backend"].create({"name": "Race"}).id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            bindings = env["connector.binding"].search(
                [
                    ("backend_model", "=", "test.connector.backend"),
                    ("backend_id", "=", self.backend_id),
                ]
            )
            env["res.partner"].browse(bindings.mapped("res_id")).unlink()
            bindings.unlink()
            env["res.partner"].search([("email", "=", RECORD["email"])]).unlink()
            env["test.connector.backend"].browse(self.backend_id).unlink()

    def _race(self, work):
        """Two jobs doing ``work`` at once, neither seeing what the other
        commits: their outcomes, sorted."""
        return sorted(race(work, work, hold=True))

    def _bindings(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return env["connector.binding"].search_count(
                [
                    ("backend_model", "=", "test.connector.backend"),
                    ("backend_id", "=", self.backend_id),
                    ("external_id", "=", RECORD["id"]),
                ]
            )

    def test_two_imports_of_one_record_bind_it_once(self):
        def import_record(env):
            backend = env["test.connector.backend"].browse(self.backend_id)
            with backend.work_on("res.partner") as work:
                work.component(usage="record.importer").run(RECORD["id"], record=RECORD)

        self.assertEqual(self._race(import_record), ["done", "retry"])
        self.assertEqual(self._bindings(), 1)

    def test_database_refuses_a_second_binding(self):
        """Without the advisory lock, the unique constraint still holds."""

        def bind(env):
            backend = env["test.connector.backend"].browse(self.backend_id)
            partner = env["res.partner"].create({"name": "Racer"})
            with backend.work_on("res.partner") as work:
                work.component(usage="binder").bind(RECORD["id"], partner)
                env.cr.commit()

        self.assertEqual(self._race(bind), ["done", "retry"])
        self.assertEqual(self._bindings(), 1)

    def test_two_jobs_make_one_sync_state(self):
        """The first job of a flow makes its state; a parallel one retries."""

        def make_state(env):
            backend = env["test.connector.backend"].browse(self.backend_id)
            env["connector.sync.state"]._for(backend, "res.partner", "export")
            env.cr.commit()

        self.addCleanup(self._drop_states)
        self.assertEqual(self._race(make_state), ["done", "retry"])

    def _drop_states(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["connector.sync.state"].search(
                [
                    ("backend_model", "=", "test.connector.backend"),
                    ("backend_id", "=", self.backend_id),
                ]
            ).unlink()
