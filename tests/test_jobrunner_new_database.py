"""A connector installed in a running server's new database, as from *Apps*:
the server's queue_job jobrunner serves that database without a restart
(connector_base/jobrunner_restart.py), where queue_job alone leaves
its jobs pending until the server is restarted."""

import shutil
from contextlib import closing

import odoo

from .odoo_server import OdooServer, free_port, waits
from .security_suite import xml_rpc


def drop(db):
    with closing(odoo.sql_db.db_connect("postgres").cursor()) as cr:
        cr._cnx.autocommit = True
        cr.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    shutil.rmtree(odoo.tools.config.filestore(db), ignore_errors=True)


def test_jobs_of_a_database_given_a_connector_while_the_server_runs_are_run(
    tmp_path,
):
    db = f"connector_jobrunner_{tmp_path.name}"[:63]
    drop(db)
    # serve.sh on a new database: Odoo makes it with the base modules only
    server = OdooServer(db, free_port(), tmp_path / "odoo.log")
    try:
        server.start()
        call = xml_rpc(server, "admin", "admin")
        addon = call(
            "ir.module.module", "search", [("name", "=", "test_connector_base")]
        )
        call("ir.module.module", "button_immediate_install", addon)
        backend = call(
            "test.connector.backend",
            "create",
            {"name": "New database", "base_url": "http://127.0.0.1:9/"},
        )
        call("test.connector.backend", "action_import_all", [backend])

        def run_once():
            # the import cannot reach its system: a run leaves a retry or a failure
            jobs = call("queue.job", "search_read", [], fields=["state", "retry"])
            return jobs and all(j["retry"] or j["state"] != "pending" for j in jobs)

        waits().wait_until(
            run_once,
            waits().JOB_RUN,
            f"the jobs of {db} to run (log: {server.logfile})",
        )
    finally:
        server.stop()
        drop(db)
