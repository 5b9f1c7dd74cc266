"""Fault: the Odoo worker is killed (SIGKILL) in the middle of a job, then
restarted. The job must not stay 'started' forever, and the data must be right
once it ran again: every beverage imported once, nothing half-written."""

import pytest

from odoo.addons.connector_base.tests.patience import JOB_RUN, patience
from odoo.addons.connector_coffee.tests.simulator import CoffeeMachineSimulator

from .committed import committed_coffee_backend, committed_env, wait_for


@pytest.fixture
def slow_machine():
    with CoffeeMachineSimulator(version="1900") as sim:
        with committed_coffee_backend(
            sim, "Machine killed mid-job", batch_size=100
        ) as backend_id:
            yield sim, backend_id


def test_job_of_a_killed_worker_is_requeued_and_completes(odoo_server, slow_machine):
    """Uses the session's server (the only jobrunner): kills it, restarts it."""
    sim, backend_id = slow_machine
    # the first read hangs, longer than the test takes to see the job started
    sim.add_fault(kind="slow", seconds=patience(JOB_RUN), match="/api/v1/menu")
    with committed_env() as env:
        backend = env["coffee.backend"].browse(backend_id)
        uuid = backend.with_delay().import_batch("coffee.product").uuid

    def job_state(env):
        return env["queue.job"].search([("uuid", "=", uuid)]).state

    wait_for(lambda env: job_state(env) == "started", what="the job to start")
    odoo_server.kill()
    with committed_env() as env:
        assert job_state(env) == "started"  # nobody will finish it
        assert not env["coffee.product"].search([("backend_id", "=", backend_id)])
        # as if the timeout had passed since the worker died
        env.cr.execute(
            "UPDATE queue_job SET date_started = now() at time zone 'UTC' "
            "- interval '2 hours' WHERE uuid = %s",
            (uuid,),
        )

    odoo_server.start()
    with committed_env() as env:
        env["queue.job"]._connector_requeue_interrupted()
    wait_for(
        lambda env: job_state(env) == "done",
        what=f"the requeued job to be done (log {odoo_server.logfile})",
    )
    wait_for(
        lambda env: env["queue.job"].search_count(
            [
                ("state", "not in", ("done", "failed", "cancelled")),
                ("func_string", "like", "coffee.product"),
            ]
        )
        == 0,
        what="the chunk jobs",
    )
    with committed_env() as env:
        beverages = env["coffee.product"].search([("backend_id", "=", backend_id)])
        assert len(beverages) == 6
        assert len(set(beverages.mapped("coffee_id"))) == 6
        assert not env["connector.error"].search(
            [("backend_model", "=", "coffee.backend"), ("backend_id", "=", backend_id)]
        )
