# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Test helpers for connector authors (as queue_job ships trap_jobs & co)."""

import base64
import logging
import os
import re
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

from odoo.tests.common import ChromeBrowser, TransactionCase

from odoo.addons.component.core import MetaComponent
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job
from odoo.addons.queue_job.tests.common import trap_jobs

_logger = logging.getLogger(__name__)

#: rounds of jobs queuing jobs (a batch, its chunks...) before run_jobs
#: gives up: more is a loop
JOB_ROUNDS = 10


class ConnectorTransactionCase(TransactionCase):
    """A TransactionCase for connectors built on connector_base:

    - the registry is in test mode, so that error records (written through a
      cursor of their own in production, to outlive the failed job) stay in
      the test's transaction and are rolled back with it;
    - ``cls.env`` carries ``connector_inline``: batch flows import and export
      their chunks in the calling job instead of queueing one job per chunk;
    - ``failure()`` returns the error a call raises without rolling back, so
      that the error records it stored can be checked (Odoo's assertRaises
      rolls back a savepoint), ``assert_error()`` finds one of them;
    - ``run_jobs()`` runs what a button queued, and what its jobs queue;
    - ``later()`` moves the clock past the write dates of the last sync.

    ``simulator_case.SimulatorCase`` adds a backend on a local simulator."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)
        cls.env = cls.env(context=dict(cls.env.context, connector_inline=True))

    def failure(self, func, *args, **kwargs):
        """The error ``func(*args, **kwargs)`` raises, its error records
        kept (see ``assert_error``)."""
        try:
            func(*args, **kwargs)
        except Exception as error:
            return error
        self.fail(f"{func} raised nothing")

    def connector_errors(self, backend, **domain):
        """Open or resolved error records of ``backend`` matching ``domain``."""
        return self.env["connector.error"].search(
            [("backend_model", "=", backend._name), ("backend_id", "=", backend.id)]
            + [(field, "=", value) for field, value in domain.items()]
        )

    def assert_error(self, backend, message="", **fields):
        """The one open error record of ``backend`` whose message holds
        ``message`` and whose ``fields`` have these values (``kind``:
        transient, permanent, bad_data or conflict; ``model_name``,
        ``external_id``, ``step``, ``attempts``...); fails listing the
        backend's errors otherwise."""
        errors = self.connector_errors(backend, state="open", **fields)
        found = errors.filtered(lambda error: message in error.message)
        every = self.connector_errors(backend)
        self.assertEqual(
            len(found),
            1,
            f"one open error with {fields} and {message!r} expected; "
            f"{backend.display_name} has: "
            + "; ".join(
                f"[{e.state} {e.kind} {e.model_name} {e.external_id}] {e.message}"
                for e in every
            ),
        )
        return found

    def run_jobs(self, func, *args, **kwargs):
        """Call ``func(*args, **kwargs)`` (a button, a write...), then run
        the jobs it queued and those they queue (a batch's chunks) until none
        is left, as the jobrunner would, in this test's transaction
        (queue_job's ``trap_jobs``; the jobs run without the test's context,
        as after being stored). Returns what ``func`` returned and the jobs
        run (each job's ``result`` says what it did)."""
        ran = []
        with trap_jobs() as trap:
            result = func(*args, **kwargs)
            for __ in range(JOB_ROUNDS):
                if not trap.enqueued_jobs:
                    return result, ran
                ran += trap.enqueued_jobs
                trap.perform_enqueued_jobs()
        self.fail(f"jobs still queued after {JOB_ROUNDS} rounds: {trap.enqueued_jobs}")

    def later(self, seconds=1):
        """Move this test's clock ``seconds`` ahead: what is written from now
        on carries a later write date. In one transaction every write shares
        the transaction's date, so an export would skip a record changed
        right after its import (or export) as unchanged."""
        self.env.cr._now = self.env.cr.now() + timedelta(seconds=seconds)


def forget_components_declared_in(case):
    """Components that ``case``'s test declares are forgotten after it: a
    declaration registers its class for its addon, for the whole process."""
    before = {k: list(v) for k, v in MetaComponent._modules_components.items()}

    def restore():
        MetaComponent._modules_components.clear()
        MetaComponent._modules_components.update(before)

    case.addCleanup(restore)


def run_queued_jobs(env, rounds=10):
    """Run the pending jobs in ``env``'s transaction, as the jobrunner would,
    until none is left (a job waiting for others runs in the next round)."""
    for __ in range(rounds):
        jobs = env["queue.job"].search([("state", "=", "pending")])
        if not jobs:
            break
        for job in jobs:
            # started while it runs, as the jobrunner does: what the job
            # records (its errors) names it only then
            job.state = "started"
            try:
                Job.load(env, job.uuid).perform()
            except RetryableJobError:
                job.state = "pending"
                continue
            job.state = "done"
    env.invalidate_all()


@contextmanager
def screenshot_at_end(name):
    """With ``CONNECTOR_SCREENSHOTS=<folder>`` set, the browsers started in
    this block save the last page they show as ``<folder>/<name>.png`` (the
    README's screenshots come from there)."""
    folder = os.environ.get("CONNECTOR_SCREENSHOTS")
    if not folder or not name:
        yield
        return
    stop = ChromeBrowser.stop

    def stop_after_screenshot(browser):
        shot = browser._websocket_request("Page.captureScreenshot")
        Path(folder, f"{name}.png").write_bytes(base64.b64decode(shot["data"]))
        return stop(browser)

    with patch.object(ChromeBrowser, "stop", stop_after_screenshot):
        yield


# a ready code the page polls itself, every 0.2 s for 5 s, answering once:
# Odoo's loop asks again the moment an answer comes, which on one loaded core
# takes the CPU the page needs to load
POLLED_READY = """new Promise((resolve) => {
    const until = Date.now() + 5000;
    const poll = () => {
        let ready;
        try { ready = (%s); } catch { ready = false; }
        const again = () => Date.now() < until ? setTimeout(poll, 200) : resolve(false);
        Promise.resolve(ready).then((ok) => ok ? resolve(true) : again(), again);
    };
    poll();
})"""

# what a page that never became ready was doing: still parsing the document,
# the scripts and stylesheets it asked for and those it received
PAGE_STATE = """JSON.stringify({
    state: document.readyState,
    asked: [...document.querySelectorAll("script[src], link[rel=stylesheet]")]
        .map((node) => node.src || node.href),
    received: performance.getEntriesByType("resource")
        .map((entry) => [entry.name, Math.round(entry.responseEnd)]),
})"""


def patient_pages(case):
    """For the rest of the test, a browser waits as a loaded machine needs:
    its page has the tour's patience to be ready (Odoo gives it 60 s whatever
    the tour's timeout) and polls its ready code itself (``POLLED_READY``);
    each DevTools command has a request's patience (Odoo gives it 10 s, 20 s
    to navigate). A page that never became ready logs what it was doing."""
    from .patience import REQUEST, TOUR, patience

    if getattr(ChromeBrowser._wait_ready, "patient", False):
        return  # patient already, for the rest of the test
    wait_ready = ChromeBrowser._wait_ready
    request = ChromeBrowser._websocket_request

    def patient_request(browser, method, *, params=None, timeout=10.0):
        timeout = max(timeout, patience(REQUEST))
        return request(browser, method, params=params, timeout=timeout)

    def patient_wait_ready(browser, ready_code=None, timeout=60):
        polled = ready_code and POLLED_READY % ready_code
        ready = wait_ready(browser, polled, timeout=max(timeout, patience(TOUR)))
        if not ready:
            state = patient_request(
                browser,
                "Runtime.evaluate",
                params={"expression": PAGE_STATE, "returnByValue": True},
            )
            _logger.warning("The page never became ready: %s", state)
        return ready

    patient_wait_ready.patient = True
    for name, patient in (
        ("_wait_ready", patient_wait_ready),
        ("_websocket_request", patient_request),
    ):
        patcher = patch.object(ChromeBrowser, name, patient)
        patcher.start()
        case.addCleanup(patcher.stop)


def warm_up_assets(case, login="admin"):
    """Compile the web client's asset bundles before a tour starts, and give
    the tour's first page the tour's patience to be ready for the rest of
    the test: Odoo's tours give it 60 s (not the tour's timeout), which a
    cold, slow or loaded machine spends compiling the bundles or loading
    the page."""
    from .patience import TOUR, patience

    patient_pages(case)
    case.authenticate(login, login)
    page = case.url_open("/odoo", timeout=patience(TOUR)).text
    for url in sorted(set(re.findall(r'(?:src|href)="(/web/assets/[^"]+)"', page))):
        case.url_open(url, timeout=patience(TOUR))
