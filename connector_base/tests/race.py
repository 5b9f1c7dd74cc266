# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Races: works run at once, each in its own thread and committed transaction,
as jobs taken by two queue_job workers at the same moment."""

import threading

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests.common import get_db_name

from odoo.addons.queue_job.exception import RetryableJobError

from .patience import RACE, patience


def race(*works, hold=False):
    """Runs each ``work(env)`` in its own thread and transaction, started
    together; returns their outcomes (see ``outcome``) in the order they ended.

    ``hold``: each transaction's snapshot is taken before any work starts, and
    no transaction ends before every work is done, so that no work sees what
    another commits, however the threads are scheduled."""
    registry = Registry(get_db_name())
    started, done = threading.Barrier(len(works)), threading.Barrier(len(works))
    outcomes = []

    def worker(work):
        with registry.cursor() as cr:
            if hold:
                # REPEATABLE READ: the first query takes the snapshot
                cr.execute("SELECT 1")
            started.wait(patience(RACE))
            outcomes.append(outcome(work, api.Environment(cr, SUPERUSER_ID, {})))
            if hold:
                done.wait(patience(RACE))

    threads = [threading.Thread(target=worker, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(patience(RACE))
    return outcomes


def outcome(work, env):
    """What ``work(env)`` came to: "done"; "retry" where queue_job would run
    the job again (``RetryableJobError``; "retry (<pgcode>)" for a PostgreSQL
    serialization failure or lock); else the error, named for the assertion's
    message. A failed work's transaction is rolled back."""
    try:
        work(env)
        return "done"
    except RetryableJobError:
        failure = "retry"
    except psycopg2.OperationalError as error:  # queue_job retries these
        failure = f"retry ({error.pgcode})"
    except Exception as error:
        failure = repr(error)
    env.cr.rollback()
    return failure
