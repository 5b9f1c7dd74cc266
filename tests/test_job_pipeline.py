"""End to end: a job enqueued with with_delay() runs in the demo's jobrunner."""

from conftest import committed_env, wait_for


def test_delayed_job_is_executed_by_the_jobrunner(odoo_server):
    with committed_env() as env:
        partner = env["res.partner"].create({"name": "Job pipeline probe"})
        job = partner.with_delay(description="pipeline probe").write(
            {"ref": "written-by-job"}
        )
        partner_id, uuid = partner.id, job.uuid
    try:
        state = wait_for(
            lambda env: env["queue.job"].search([("uuid", "=", uuid)]).state
            in ("done", "failed")
            and env["queue.job"].search([("uuid", "=", uuid)]).state,
            what=f"job {uuid} to run (server log: {odoo_server.logfile})",
        )
        assert state == "done"
        with committed_env() as env:
            job_record = env["queue.job"].search([("uuid", "=", uuid)])
            assert job_record.date_done
            assert env["res.partner"].browse(partner_id).ref == "written-by-job"
    finally:
        with committed_env() as env:
            env["queue.job"].search([("uuid", "=", uuid)]).unlink()
            env["res.partner"].browse(partner_id).unlink()
