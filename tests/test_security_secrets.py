"""Security suite, secrets surface: secrets stay out of logs, jobs and
errors, in every encoding that reaches text."""

import traceback

from odoo.exceptions import ValidationError

from odoo.addons.connector_base import secrets
from odoo.addons.queue_job.job import Job

from .security_case import CoffeeSecurityCase
from .security_suite import SECRET, attacks
from .tiny_host import TinyHost

attack = attacks(
    "secrets",
    {
        "a secret used before the worker's first request": (
            "known from the registry's start: masked"
        ),
        "a token ending in CR/LF": "refused on save; a stored one is masked in errors",
        "a secret too short to be masked": "refused on save",
        "the final failure in the job's exc_info": "masked in the job",
        "a token holding a quote, echoed JSON-escaped by the API": (
            "masked in the error record and by the log filter"
        ),
        "a token echoed URL-encoded by the API": "masked in the error record",
        "the HTTP Basic token (base64 of user:password) echoed by the API": (
            "masked in the error record"
        ),
    },
)


class TestSecrets(CoffeeSecurityCase):
    def stored_texts(self, backend):
        errors = self.connector_errors(backend)
        jobs = self.env["queue.job"].search([])
        return [(e.message, e.payload, e.traceback) for e in errors] + [
            (j.args, j.kwargs, j.exc_info, j.exc_message) for j in jobs
        ]

    @attack("a secret used before the worker's first request")
    def test_secret_known_from_start(self):
        known = set(secrets._known)
        self.addCleanup(secrets._known.update, known)
        secrets._known.clear()
        self.assertIn(SECRET, secrets.redact(f"token {SECRET}"))
        self.env["coffee.backend"]._register_hook()  # what a starting worker runs
        self.assertEqual(secrets.redact(f"token {SECRET}"), "token ***")

    @attack("a token ending in CR/LF")
    def test_token_with_line_break(self):
        self.backend.version = "2900"  # the token goes in a header
        with self.assertRaisesRegex(ValidationError, "line breaks"):
            self.backend.password = SECRET + "\r\n"
        # one stored before the check (an older version, SQL): masked anyway
        self.env.cr.execute(
            "UPDATE coffee_backend SET password = %s WHERE id = %s",
            (SECRET + "\r\n", self.backend.id),
        )
        self.backend.invalidate_recordset()
        error = self.failure(self.backend.import_status)
        self.assertIn("***", str(self.connector_errors(self.backend).message))
        self.assertNoSecret(*self.stored_texts(self.backend))
        self.assertTrue(error)

    @attack("a secret too short to be masked")
    def test_short_secret(self):
        with self.assertRaisesRegex(ValidationError, "at least 8 characters"):
            self.backend.password = "abc"

    @attack("the final failure in the job's exc_info")
    def test_final_failure_masked_in_job(self):
        self.env.cr.execute(
            "UPDATE coffee_backend SET password = %s WHERE id = %s",
            (SECRET + "\n", self.backend.id),
        )
        self.backend.invalidate_recordset()
        job = Job(self.backend.import_status)
        job.store()
        try:
            Job.load(self.env, job.uuid).perform()
        except Exception as error:
            # what queue_job's controller stores when a job fails for good
            failed = Job.load(self.env, job.uuid)
            failed.set_failed(
                exc_info=traceback.format_exc(),
                exc_name=type(error).__name__,
                exc_message=str(error),
            )
            failed.store()
        stored = self.env["queue.job"].search([("uuid", "=", job.uuid)])
        self.assertEqual(stored.state, "failed")
        self.assertTrue(stored.exc_info)
        self.assertNoSecret(stored.exc_info, stored.exc_message)

    # -- hostile records and replies --------------------------------------------

    def _kogan_on(self, host, token):
        return self.env["connector.kogan.backend"].create(
            {
                "name": "Echoing Kogan",
                "base_url": f"{host.url}/api/",
                "seller_id": "seller",
                "seller_token": token,
                "http_max_retries": 0,
            }
        )

    @attack("a token holding a quote, echoed JSON-escaped by the API")
    def test_json_escaped_token(self):
        token = 'quo"Tok-s3cret-42'
        with TinyHost({"/api/orders/": (400, {"detail": f"bad {token}"})}) as host:
            backend = self._kogan_on(host, token)
            error = self.failure(backend.import_batch, "sale.order")
        self.assertIn('quo\\"Tok-s3cret-42', str(error))  # the reply, escaped
        stored = self.connector_errors(backend).message
        for text in (stored, secrets.redact(str(error))):
            self.assertNotIn("Tok-s3cret-42", text)
        self.assertIn("***", stored)

    @attack("a token echoed URL-encoded by the API")
    def test_url_encoded_token(self):
        token = "url/Tok+s3cret=43"
        echoed = "token=url%2FTok%2Bs3cret%3D43"
        with TinyHost({"/api/orders/": (400, {"next": f"/p?{echoed}"})}) as host:
            backend = self._kogan_on(host, token)
            self.failure(backend.import_batch, "sale.order")
        stored = self.connector_errors(backend).message
        self.assertNotIn("s3cret%3D43", stored)
        self.assertIn("***", stored)

    @attack("the HTTP Basic token (base64 of user:password) echoed by the API")
    def test_basic_auth_token(self):
        basic = secrets.basic_auth_token("barista", SECRET)
        with TinyHost(
            {"/api/v1/status": (400, {"echo": f"Authorization: Basic {basic}"})}
        ) as host:
            self.backend.location = host.url
            self.failure(self.backend.import_status)
            self.assertTrue(host.requests)
        stored = self.connector_errors(self.backend).message
        self.assertNotIn(basic, stored)
        self.assertIn("Basic ***", stored)
