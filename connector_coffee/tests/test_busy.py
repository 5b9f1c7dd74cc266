# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields

from .common import CoffeeCase


class TestBusyDetector(CoffeeCase):
    def setUp(self):
        super().setUp()
        self.import_menu()
        self.backend.write(
            {
                "busy_check": True,
                "busy_backlog": 5,
                "busy_age_minutes": 30,
                "busy_cooldown_minutes": 60,
                "busy_beverage_id": self.beverages()[0].id,
            }
        )
        self.env["queue.job"].search([]).unlink()

    def _queue_jobs(self, count):
        partner = self.env["res.partner"].create({"name": "Busy"})
        for i in range(count):
            partner.with_delay(description=f"filler {i}").write({"ref": str(i)})

    def _brews(self):
        return self.env["coffee.brew"].search([("backend_id", "=", self.backend.id)])

    def test_quiet_odoo_gets_no_coffee(self):
        self._queue_jobs(2)
        self.env["coffee.backend"]._check_busy()
        self.assertFalse(self._brews())

    def test_backlog_pours_one_coffee_per_cooldown(self):
        self._queue_jobs(6)
        poured = self.env["coffee.backend"]._check_busy()
        self.assertEqual(poured, self.backend)
        self.assertEqual(len(self._brews()), 1)
        self.assertIn("6 jobs are waiting", self.backend.message_ids[0].body)
        self.env["coffee.backend"]._check_busy()  # still busy, cooling down
        self.assertEqual(len(self._brews()), 1)
        self.backend.last_pour_date = fields.Datetime.now() - timedelta(minutes=61)
        self.env["coffee.backend"]._check_busy()
        self.assertEqual(len(self._brews()), 2)

    def test_old_waiting_job_pours_a_coffee(self):
        self._queue_jobs(1)
        job = self.env["queue.job"].search([])
        # queue_job protects its dates from writes: age the job in SQL
        self.env.cr.execute(
            "UPDATE queue_job SET date_created = %s WHERE id = %s",
            (fields.Datetime.now() - timedelta(minutes=45), job.id),
        )
        job.invalidate_recordset()
        self.env["coffee.backend"]._check_busy()
        brew = self._brews()
        self.assertEqual(len(brew), 1)
        export = self.env["queue.job"].search(
            [("func_string", "like", "export_record")]
        )
        self.assertEqual(len(export), 1)
