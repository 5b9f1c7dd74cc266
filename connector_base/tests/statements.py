# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The SQL statements a block of code runs, for the tests that count them."""

from contextlib import contextmanager
from unittest.mock import patch


@contextmanager
def statements_run(env, matching):
    """Yields the list of the statements run in the block (by any cursor of
    ``env``'s cursor class: a job's too) whose text ``matching`` accepts.
    The text is the statement's code, whether it came as a string or as
    Odoo's ``SQL``."""
    cursor = type(env.cr)
    execute = cursor.execute
    run = []

    def recording(cr, query, *args, **kwargs):
        text = str(getattr(query, "code", query))
        if matching(text):
            run.append(text)
        return execute(cr, query, *args, **kwargs)

    with patch.object(cursor, "execute", recording):
        yield run
