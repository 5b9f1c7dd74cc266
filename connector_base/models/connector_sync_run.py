# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models

from ..settings import setting


class ConnectorSyncRun(models.Model):
    """What one run of a flow synchronised, kept after the sync state's
    counters are reset by the next run: the history behind the health
    dashboard's "last 24 hours" and its volume graph.

    An import run is one row (its chunk jobs add to it); an export has no
    run start, each of its counted jobs is a row of its own."""

    _name = "connector.sync.run"
    _inherit = "connector.backend.reference"
    _description = "Connector Synchronisation Run"
    _order = "run_start desc, id desc"
    _rec_name = "model_name"

    sync_state_id = fields.Many2one(
        "connector.sync.state", required=True, ondelete="cascade", readonly=True
    )
    model_name = fields.Char(string="Model", required=True, readonly=True)
    direction = fields.Selection(
        [("import", "Import"), ("export", "Export")], required=True, readonly=True
    )
    run_start = fields.Datetime(string="Started", required=True, readonly=True)
    run_end = fields.Datetime(
        string="Ended", readonly=True, help="Empty while an import runs"
    )
    created_count = fields.Integer(string="Created", readonly=True, default=0)
    updated_count = fields.Integer(string="Updated", readonly=True, default=0)
    skipped_count = fields.Integer(string="Skipped", readonly=True, default=0)
    failed_count = fields.Integer(string="Failed", readonly=True, default=0)
    synced_count = fields.Integer(
        string="Synchronised",
        readonly=True,
        default=0,
        help="Records created or updated by the run",
    )

    _sql_constraints = [
        (
            "run_uniq",
            "unique(sync_state_id, run_start)",
            "One run per synchronisation state and start.",
        )
    ]

    @api.model
    def _add(self, state, created=0, updated=0, skipped=0, failed=0, start=None):
        """Add counts to the run of ``state`` started at ``start`` (default:
        the current import run, its ``last_start``; an export, which has no
        run start, starts and ends a run here).

        One statement (insert or add): the chunk jobs of an import count in
        parallel, each in a short transaction of its own (the sync state's
        ``_after_commit``), and a lookup then an insert would let two of them
        create the run twice. A conflicting concurrent insert raises a
        serialization failure, on which ``_after_commit`` retries."""
        now = fields.Datetime.now()
        if start is None and state.direction == "import":
            start = state.last_start
        self.env.cr.execute(
            """
            INSERT INTO connector_sync_run (
                backend_model, backend_id, company_id, sync_state_id,
                model_name, direction, run_start, run_end, created_count,
                updated_count, skipped_count, failed_count, synced_count,
                create_uid, write_uid, create_date, write_date
            ) VALUES (
                %(backend_model)s, %(backend_id)s, %(company_id)s, %(state)s,
                %(model_name)s, %(direction)s, %(start)s, %(end)s, %(created)s,
                %(updated)s, %(skipped)s, %(failed)s, %(synced)s,
                %(uid)s, %(uid)s, %(now)s, %(now)s
            )
            ON CONFLICT (sync_state_id, run_start) DO UPDATE SET
                created_count = connector_sync_run.created_count + EXCLUDED.created_count,
                updated_count = connector_sync_run.updated_count + EXCLUDED.updated_count,
                skipped_count = connector_sync_run.skipped_count + EXCLUDED.skipped_count,
                failed_count = connector_sync_run.failed_count + EXCLUDED.failed_count,
                synced_count = connector_sync_run.synced_count + EXCLUDED.synced_count,
                write_date = EXCLUDED.write_date
            """,  # noqa: E501
            {
                "backend_model": state.backend_model,
                "backend_id": state.backend_id,
                "company_id": state.company_id.id or None,
                "state": state.id,
                "model_name": state.model_name,
                "direction": state.direction,
                "start": start or now,
                "end": None if start else now,
                "created": created,
                "updated": updated,
                "skipped": skipped,
                "failed": failed,
                "synced": created + updated,
                "uid": self.env.uid,
                "now": now,
            },
        )
        self.invalidate_model()

    @api.model
    def _ended(self, state, run_start):
        """The import run of ``state`` started at ``run_start`` succeeded
        (its counts may still be on their way: they are added after their
        job's commit, to the same row)."""
        self._add(state, start=run_start)
        self.env.cr.execute(
            "UPDATE connector_sync_run SET run_end = %s "
            "WHERE sync_state_id = %s AND run_start = %s",
            (fields.Datetime.now(), state.id, run_start),
        )
        self.invalidate_model()

    @api.autovacuum
    def _gc_old_runs(self):
        days = setting(self.env, "log_retention_days")
        limit = fields.Datetime.now() - timedelta(days=days)
        self.sudo().search([("run_start", "<", limit)]).unlink()
