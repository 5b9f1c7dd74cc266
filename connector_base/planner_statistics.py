# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The planner's statistics of a bindings table, refreshed by the run that
grew it.

A run compares each page with its bindings in one query
(``binder.sync_states``), planned from the table's statistics. Right after
a large first import these describe a table many times smaller, and
PostgreSQL filters every binding of the model instead of probing the unique
index: 15.8 ms a page of 500 instead of 2.6 ms on 111,000 bindings, and
growing with the table. Autovacuum refreshes them too, with the same
threshold, but only on its next round (``autovacuum_naptime``, a minute by
default) and behind other tables: a run that starts meanwhile pays for it.
So the run that added the rows analyses the table when it ends."""

from odoo.tools import SQL

# more rows than the statistics know of, by this share plus MIN_ROWS
# (autovacuum's defaults are 10% plus 50 rows; a run adding fewer than
# MIN_ROWS costs one count and no analysis)
GROWTH = 0.1
MIN_ROWS = 1000


def refresh_if_grown(cr, table):
    """Analyse ``table`` when it grew past its statistics; whether it did.
    ANALYZE samples a bounded number of rows (30,000 by default): about 0.1 s
    at any size, in the caller's transaction."""
    cr.execute(SQL("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", table))
    known = max(cr.fetchone()[0], 0)  # -1: never analysed
    cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
    if cr.fetchone()[0] < known * (1 + GROWTH) + MIN_ROWS:
        return False
    cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    return True
