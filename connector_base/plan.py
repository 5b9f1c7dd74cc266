# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the importer and the exporter share to plan a record: the kinds of
plan, whether the other side changed since the last synchronisation, and
which failures are no record's fault (the job is retried later)."""

from odoo.addons.queue_job.exception import RetryableJobError

from .exceptions import classify

#: what to do with one record (the deletion's GONE: see remote_deletion.py)
SKIP, CREATE, UPDATE = "skip", "create", "update"


def retry_later(error):
    """A temporary failure: the whole job is retried, no record is at fault."""
    return classify(error) == "transient" or isinstance(error, RetryableJobError)


def changed_since(adapter, remote, state):
    """The external record ``remote`` changed since the synchronisation
    ``state`` recorded (a binding, or a named tuple of its fields): a later
    update time when both sides have a different one, else a different
    content digest (times are stored to the second)."""
    updated_at = adapter.updated_at_of(remote)
    known = state.external_updated_at
    if updated_at and known and updated_at != known:
        return updated_at > known
    return adapter.digest_of(remote) != state.external_hash
