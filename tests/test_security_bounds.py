"""Security suite, bounds surface: replies, records, settings and listings
made to hold or kill a worker are cut, refused or stopped, with a clear
error."""

from odoo.exceptions import AccessError, ValidationError
from odoo.sql_db import db_connect
from odoo.tests.common import get_db_name

from odoo.addons.connector_base import secrets
from odoo.addons.connector_base.models.backend_http_mixin import (
    MAX_REPLY_BYTES_PARAM,
)
from odoo.addons.connector_base.models.queue_job import hold_running_lock
from odoo.addons.connector_coffee.tests.simulator import CoffeeMachineSimulator
from odoo.addons.queue_job.job import Job

from .security_case import CoffeeSecurityCase
from .security_suite import SECRET, attacks, coffee_values
from .tiny_host import TinyHost

attack = attacks(
    "bounds",
    {
        "a record nested 600 levels deep": (
            "an error record for it, the other records imported"
        ),
        "a reply larger than the limit": "cut while read, clean error record",
        "a job that keeps killing its worker": (
            "failed with an error record after 3 tries"
        ),
        "a manager's settings out of range (rate 0.00001/s, waits of 10^8 s)": (
            "refused on save, the message names the setting and its range"
        ),
        "a machine claiming a billion pages, looked up for one beverage": (
            "refused at the first page: a clear bad-data error, one request"
        ),
        "an API issuing fresh cursors forever": (
            "stopped at a page limit derived from the listing's size, error record"
        ),
        "made-up records under a real job's id": "refused (AccessError)",
        "remote records with a negative, NaN or huge price, naming Odoo fields": (
            "an error record per bad record naming it; other keys ignored, the "
            "rest imported"
        ),
    },
)


def _deep(levels):
    value = "bottom"
    for __ in range(levels):
        value = {"inner": value}
    return value


class TestBounds(CoffeeSecurityCase):
    def _menu(self, **values):
        """The simulator's menu as the 1900 machine sends it, ``values`` on
        each beverage."""
        return [
            {
                "code": b["code"],
                "name": b["names"]["en"],
                "price": b["price"],
                "available": True,
                "updated_at": b["updated_at"],
                **values,
            }
            for b in self.sim.state()["menu"]
        ]

    @attack("a record nested 600 levels deep")
    def test_deeply_nested_record(self):
        beverages = self._menu()
        beverages[0]["name"] = _deep(600)
        self.sim.add_fault("reply", body={"beverages": beverages})
        self.backend.import_batch("coffee.product")
        errors = self.connector_errors(self.backend)
        self.assertEqual(errors.external_id, beverages[0]["code"], errors.message)
        self.assertIn(secrets.TOO_DEEP, errors.payload)
        products = self.env["coffee.product"].search(
            [("backend_id", "=", self.backend.id)]
        )
        self.assertEqual(len(products), len(beverages) - 1)

    @attack("a reply larger than the limit")
    def test_reply_too_large(self):
        self.env["ir.config_parameter"].set_param(MAX_REPLY_BYTES_PARAM, "200000")
        self.sim.add_fault("huge", bytes=2_000_000)
        error = self.failure(self.backend.import_batch, "coffee.product")
        self.assertIn("larger than 200000 bytes", str(error))
        self.assertEqual(self.connector_errors(self.backend).kind, "bad_data")
        self.assertFalse(
            self.env["coffee.product"].search([("backend_id", "=", self.backend.id)])
        )

    # -- jobs of dead workers ---------------------------------------------------

    def _started_job(self):
        job = Job(self.backend.import_batch, args=("coffee.product",))
        job.store()
        record = self.env["queue.job"].search([("uuid", "=", job.uuid)])
        self.env.cr.execute(
            "UPDATE queue_job SET state = 'started', "
            "date_started = now() at time zone 'UTC' - interval '2 hours' "
            "WHERE id = %s",
            (record.id,),
        )
        record.invalidate_recordset()
        return record

    @attack("a job that keeps killing its worker")
    def test_job_killing_its_worker(self):
        record = self._started_job()
        jobs = self.env["queue.job"]
        for attempt in range(1, 4):
            jobs._connector_requeue_interrupted()
            record.invalidate_recordset()
            if attempt < 3:
                self.assertEqual((record.state, record.retry), ("pending", attempt))
                # a worker takes it again, and dies again
                self.env.cr.execute(
                    "UPDATE queue_job SET state = 'started', date_started = "
                    "now() at time zone 'UTC' - interval '2 hours' WHERE id = %s",
                    (record.id,),
                )
                record.invalidate_recordset()
        self.assertEqual(record.state, "failed")
        error = self.connector_errors(self.backend)
        self.assertEqual(error.error_type, "WorkerInterrupted")
        self.assertEqual(error.job_uuid, record.uuid)

    def test_long_job_still_running(self):
        record = self._started_job()
        # the job's worker, alive, in a connection of its own (the registry's
        # cursors share the test's in test mode)
        with db_connect(get_db_name()).cursor() as worker_cr:
            hold_running_lock(worker_cr, record.uuid)
            self.env["queue.job"]._connector_requeue_interrupted()
            record.invalidate_recordset()
            self.assertEqual(record.state, "started")
            worker_cr.rollback()
        # its worker gone, the job is queued again
        self.env["queue.job"]._connector_requeue_interrupted()
        record.invalidate_recordset()
        self.assertEqual(record.state, "pending")

    # -- deletions ---------------------------------------------------------------

    def _brew_binding(self, backend):
        beverage = self.env["coffee.product"].create(
            {"backend_id": backend.id, "name": "Lungo", "coffee_id": "LUN"}
        )
        brew = self.env["coffee.brew"].create(
            {"backend_id": backend.id, "product_id": beverage.id}
        )
        binding = self.env["connector.binding"].create(
            {
                "backend_model": backend._name,
                "backend_id": backend.id,
                "res_model": "coffee.brew",
                "res_id": brew.id,
                "external_id": "42",
            }
        )
        return beverage, brew, binding

    def test_deleting_a_bound_record(self):
        __, brew, binding = self._brew_binding(self.backend)
        brew.unlink()
        self.assertFalse(binding.exists())

    def test_deleting_a_backend(self):
        backend = self.env["coffee.backend"].create(
            {"name": "To delete", "location": self.sim.url}
        )
        binding = self.env["connector.binding"].create(
            {
                "backend_model": backend._name,
                "backend_id": backend.id,
                "res_model": "res.partner",
                "res_id": self.env.user.partner_id.id,
                "external_id": "7",
            }
        )
        state = self.env["connector.sync.state"]._for(
            backend, "coffee.product", "import"
        )
        self.env["connector.error"]._record(
            {
                "backend_model": backend._name,
                "backend_id": backend.id,
                "model_name": "coffee.product",
                "kind": "bad_data",
                "message": "bad",
            }
        )
        error = self.connector_errors(backend)
        job = backend.with_delay().import_status()
        jobs = self.env["queue.job"].search([("uuid", "=", job.uuid)])
        self.assertTrue(binding and state and error and jobs)
        backend.unlink()
        self.assertFalse(binding.exists() or state.exists() or error.exists())
        self.assertFalse(jobs.exists())

    # -- bad configuration -------------------------------------------------------

    def test_negative_overlap(self):
        with self.assertRaisesRegex(ValidationError, "between 0 and 86400"):
            self.backend.overlap_seconds = -600

    def test_batch_size_zero(self):
        with self.assertRaisesRegex(ValidationError, "between 1 and 10000"):
            self.backend.batch_size = 0

    def test_negative_timeout(self):
        with self.assertRaisesRegex(ValidationError, "between 0 and 600"):
            self.backend.http_timeout = -1

    def test_retention_zero(self):
        with self.assertRaisesRegex(ValidationError, "between 1 and 3650"):
            self.env["res.config.settings"].create({"connector_log_retention_days": 0})

    # -- error records and forged jobs -------------------------------------------

    def test_same_bad_record_every_run(self):
        self.sim.add_fault("unknown_field_types", times=2)
        self.backend.import_batch("coffee.product", force=True)
        first = self.connector_errors(self.backend, state="open")
        self.backend.import_batch("coffee.product", force=True)
        again = self.connector_errors(self.backend, state="open")
        self.assertEqual(again, first)
        self.assertEqual(set(again.mapped("attempts")), {2})

    @attack("made-up records under a real job's id")
    def test_forged_chunk_job(self):
        user = self.env["res.users"].create(
            {
                "name": "Curious",
                "login": "security-curious",
                "groups_id": [
                    (6, 0, [self.env.ref("connector_base.group_connector_user").id])
                ],
            }
        )
        real = [{"code": "ESP", "name": "Espresso", "price": 1.5}]
        job = Job(
            self.backend.import_records,
            args=("coffee.product", real),
            kwargs={"force": False, "run_start": None},
        )
        job.store()
        fake = [{"code": "ESP", "name": "Free coffee", "price": 0.01}]
        forged = self.backend.with_user(user).with_context(job_uuid=job.uuid)
        with self.assertRaises(AccessError):
            forged.import_records("coffee.product", fake)
        self.assertFalse(
            self.env["coffee.product"].search([("backend_id", "=", self.backend.id)])
        )

    @attack("a manager's settings out of range (rate 0.00001/s, waits of 10^8 s)")
    def test_settings_out_of_range(self):
        coffee = ("coffee.backend", coffee_values(self.sim, "Out of range"))
        kogan = (
            "connector.kogan.backend",
            {"name": "Out of range", "base_url": "https://kogan.example/api/"},
        )
        cases = [
            (coffee, "http_rate_limit", 0.00001, "between 0.1 and 1000"),
            (coffee, "http_timeout", 10**8, "between 0 and 600"),
            (coffee, "http_max_retries", 10**8, "between 0 and 10"),
            (coffee, "export_delay_seconds", 10**8, "between 0 and 86400"),
            (coffee, "overlap_seconds", 10**8, "between 0 and 86400"),
            (coffee, "batch_size", 10**8, "between 1 and 10000"),
            (coffee, "busy_cooldown_minutes", 10**8, "between 0 and 1440"),
            (kogan, "async_timeout", 10**8, "between 1 and 3600"),
            (kogan, "handling_days", 10**8, "between 0 and 30"),
        ]
        for (model, values), field, value, message in cases:
            with self.subTest(field=field):
                with self.assertRaisesRegex(ValidationError, message) as caught:
                    self.env[model].create(dict(values, **{field: value}))
                self.assertIn("Out of range", str(caught.exception))
        settings = self.env["res.config.settings"]
        with self.assertRaisesRegex(ValidationError, "between 1 and 1440"):
            settings.create({"connector_started_job_timeout": 10**8})
        self.backend.http_rate_limit = 0.5  # in range: kept
        self.assertEqual(self.backend.http_rate_limit, 0.5)

    @attack("an API issuing fresh cursors forever")
    def test_endless_fresh_cursors(self):
        with TinyHost() as host:

            def page(number):
                following = f"{host.url}/api/products/{number + 1}?cursor={number + 1}"
                return {
                    "status": "Complete",
                    "body": {"next": following, "results": []},
                }

            host.routes["/api/products/"] = page(0)
            host.routes.update({f"/api/products/{n}": page(n) for n in range(1, 200)})
            kogan = self.env["connector.kogan.backend"].create(
                {
                    "name": "Endless",
                    "base_url": f"{host.url}/api/",
                    "seller_id": "seller",
                    "seller_token": SECRET,
                    "http_max_retries": 0,
                }
            )
            error = self.failure(kogan.import_batch, "product.product")
            read = len(host.requests)
        self.assertIn("still not finished after 10 pages", str(error))
        self.assertIn("Endless", str(error))
        self.assertEqual(read, 11)  # the limit, and the page past it
        self.assertTrue(self.connector_errors(kogan, kind="permanent"))

    @attack("remote records with a negative, NaN or huge price, naming Odoo fields")
    def test_remote_data_never_widens(self):
        other = self.env["coffee.backend"].create(coffee_values(self.sim, "Other"))
        beverages = self._menu(
            # keys naming Odoo fields: never written
            backend_id=other.id,
            company_id=self.env.ref("base.main_company").id,
            active=False,
            type="service",
        )
        bad = {beverages[0]["code"]: -5, beverages[1]["code"]: "NaN"}
        bad[beverages[2]["code"]] = 1e12
        for beverage in beverages[:3]:
            beverage["price"] = bad[beverage["code"]]
        self.sim.add_fault("reply", body={"beverages": beverages})
        self.backend.import_batch("coffee.product")
        errors = self.connector_errors(self.backend, kind="bad_data")
        self.assertEqual(set(errors.mapped("external_id")), set(bad))
        for error in errors:
            self.assertIn("price should be", error.message)
        products = self.env["coffee.product"].search(
            [("backend_id", "=", self.backend.id)]
        )
        self.assertEqual(len(products), len(beverages) - 3)
        self.assertTrue(all(products.mapped("active")))
        self.assertEqual(set(products.mapped("type")), {"consu"})
        self.assertTrue(all(0 <= p <= 10000 for p in products.mapped("list_price")))
        self.assertFalse(
            self.env["coffee.product"].search([("backend_id", "=", other.id)])
        )

    @attack("a machine claiming a billion pages, looked up for one beverage")
    def test_billion_pages(self):
        sim = CoffeeMachineSimulator(version="2900", password=SECRET).start()
        self.addCleanup(sim.stop)
        backend = self.env["coffee.backend"].create(coffee_values(sim, "Pages"))
        sim.add_fault("reply", times=3, body={"data": [], "meta": {"pageCount": 10**9}})
        error = self.failure(backend.import_record, "coffee.product", "NOPE", True)
        self.assertIn("pageCount should be at least 1 and at most 1000", str(error))
        self.assertEqual(len(sim.calls), 1)
