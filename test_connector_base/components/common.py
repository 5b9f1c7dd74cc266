# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the simulator's resources answer alike."""

from odoo.addons.connector_base import PermanentError


def read_or_none(backend, path):
    """The record at ``path``; None when the simulator answers 404 (a record
    deleted there: the remote-deletion flow reads None as gone)."""
    try:
        return backend._http_request("GET", path)
    except PermanentError as error:
        if getattr(error, "status", None) == 404:
            return None
        raise
