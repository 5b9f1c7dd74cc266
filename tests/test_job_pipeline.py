"""End to end: a job enqueued with with_delay() runs in the demo's jobrunner,
in the threaded server and with worker processes (as in production)."""

from pathlib import Path

from odoo.tests.common import get_db_name

from .committed import committed_env, wait_for
from .odoo_server import OdooServer, free_port


def run_a_job(server):
    """A job queued now is run by ``server``'s jobrunner; returns its record's
    values (state, worker_pid)."""
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
            what=f"job {uuid} to run (server log: {server.logfile})",
        )
        assert state == "done"
        with committed_env() as env:
            job_record = env["queue.job"].search([("uuid", "=", uuid)])
            assert job_record.date_done
            assert env["res.partner"].browse(partner_id).ref == "written-by-job"
            return job_record.read(["state", "worker_pid"])[0]
    finally:
        with committed_env() as env:
            env["queue.job"].search([("uuid", "=", uuid)]).unlink()
            env["res.partner"].browse(partner_id).unlink()


def children(pid):
    return [
        int(child)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    ]


def test_delayed_job_is_executed_by_the_jobrunner(odoo_server):
    job = run_a_job(odoo_server)
    assert job["worker_pid"] == odoo_server.process.pid  # one threaded process


def test_with_worker_processes_the_jobrunner_runs_in_its_own(odoo_server, tmp_path):
    """ODOO_WORKERS=2, as scripts/serve.sh and the demo take it: two HTTP
    workers and the jobrunner, each a process of the server. One jobrunner
    per database (queue_job's rule): the session's server waits meanwhile."""
    odoo_server.stop()
    server = OdooServer(get_db_name(), free_port(), tmp_path / "odoo.log", workers=2)
    try:
        server.start()
        job = run_a_job(server)
        # HTTP workers, the jobrunner, the cron worker and the gevent one
        workers = children(server.process.pid)
        assert len(workers) >= 4, workers
        assert job["worker_pid"] in workers  # a worker ran it, not the master
    finally:
        server.stop()
        odoo_server.start()
