"""Committed transactions, for the tests that a real server (another
process) must see: an environment, waiting for what its jobs do, a coffee
machine backend deleted with all it synchronised afterwards."""

from contextlib import contextmanager

import psycopg2

import odoo
from odoo.tests.common import get_db_name

from .odoo_server import waits


@contextmanager
def committed_env():
    """An environment whose changes are committed, so another process sees them."""
    registry = odoo.modules.registry.Registry(get_db_name())
    with registry.cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})


def wait_for(predicate, timeout=None, interval=0.3, what="condition"):
    """Polls predicate(env) in fresh transactions until it returns a truthy
    value, for ``patience(timeout)`` seconds (default: the time a queued job
    takes to run)."""

    def in_a_fresh_transaction():
        with committed_env() as env:
            return predicate(env)

    return waits().wait_until(
        in_a_fresh_transaction, timeout or waits().JOB_RUN, what, interval
    )


@contextmanager
def committed_coffee_backend(sim, name, **values):
    """A coffee machine backend on ``sim``, committed so that the server's
    jobrunner sees it; it and all it synchronised are deleted afterwards."""
    with committed_env() as env:
        backend_id = (
            env["coffee.backend"]
            .create(
                {
                    "name": name,
                    "version": sim.version,
                    "location": sim.url,
                    "username": "barista",
                    "password": "brew-s3cret",
                    **values,
                }
            )
            .id
        )
    try:
        yield backend_id
    finally:
        # the server may still be finishing a job of the backend: once none
        # is left, delete; a last write of the server's (a cron, a job's end)
        # can still collide with the deletion, which is then simply run again
        wait_for(
            lambda env: not _unfinished_jobs(env, backend_id),
            what=f"the jobs of coffee backend {backend_id} to end",
        )
        waits().wait_until(
            lambda: delete_coffee_backend(backend_id),
            waits().JOB_RUN,
            f"coffee backend {backend_id} to be deleted",
            interval=1,
        )


def _unfinished_jobs(env, backend_id):
    channel = env["coffee.backend"].browse(backend_id)._connector_channel()
    return env["queue.job"].search_count(
        [("channel", "=", channel), ("state", "in", ("pending", "enqueued", "started"))]
    )


def delete_coffee_backend(backend_id):
    """Deletes the backend and all it synchronised; False when a concurrent
    write of the server's made the transaction fail (nothing is deleted)."""
    try:
        with committed_env() as env:
            of_backend = [
                ("backend_model", "=", "coffee.backend"),
                ("backend_id", "=", backend_id),
            ]
            brews = env["coffee.brew"].search([("backend_id", "=", backend_id)])
            env["connector.binding"].search(
                [("res_model", "=", "coffee.brew"), ("res_id", "in", brews.ids)]
            ).unlink()
            brews.unlink()
            products = env["coffee.product"].search([("backend_id", "=", backend_id)])
            templates = products.mapped("product_tmpl_id")
            products.unlink()
            templates.unlink()
            env["connector.error"].search(of_backend).unlink()
            env["connector.sync.state"].search(of_backend).unlink()
            env["coffee.backend"].browse(backend_id).unlink()
    except (psycopg2.errors.SerializationFailure, psycopg2.errors.LockNotAvailable):
        return False
    return True
