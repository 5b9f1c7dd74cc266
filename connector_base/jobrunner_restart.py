# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""queue_job's jobrunner learns the databases to serve when it starts ("after
installing queue_job on an existing database, Odoo must be restarted"): a
connector installed from *Apps* in a new database would leave its jobs
pending. The registry loaded by that install restarts the jobrunner thread of
a threaded server; a prefork server's jobrunner process is out of reach."""

import logging

from odoo.addons.queue_job import jobrunner

_logger = logging.getLogger(__name__)


def restart_runner_thread():
    """Stop the jobrunner thread and start a fresh one (it reads the
    databases, and their queued jobs, again)."""
    old = jobrunner.runner_thread
    if old is None or not old.is_alive():
        return
    _logger.info("queue_job installed in a running server: restarting its jobrunner")
    old.stop()
    jobrunner.runner_thread = jobrunner.QueueJobRunnerThread()
    jobrunner.runner_thread.start()
