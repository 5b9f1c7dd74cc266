# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A database that gets queue_job while the server runs (a connector
installed from *Apps* in a new database) is served by the jobrunner without
a restart of the server.

queue_job's jobrunner learns the databases to serve when it starts (its
documented caveat: "after creating a new database or installing queue_job
on an existing database, Odoo must be restarted"); their jobs would stay
pending. The registry loaded by that installation restarts the jobrunner
thread of a threaded server (``scripts/serve.sh``, the demo), queue_job's own,
which then finds every database with queue_job. A prefork server (workers)
runs its jobrunner in a process of its own, out of reach: restart it."""

import logging

from odoo.addons.queue_job import jobrunner

_logger = logging.getLogger(__name__)


def restart_runner_thread():
    """Stop the jobrunner thread and start a fresh one (its start reads the
    databases again); what it had queued is read back from each database."""
    old = jobrunner.runner_thread
    if old is None or not old.is_alive():
        return
    _logger.info("queue_job installed in a running server: restarting its jobrunner")
    old.stop()
    jobrunner.runner_thread = jobrunner.QueueJobRunnerThread()
    jobrunner.runner_thread.start()
