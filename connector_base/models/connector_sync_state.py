# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models


class ConnectorSyncState(models.Model):
    """Per backend, model and direction: the watermark of the incremental
    synchronisation, and what the last run did (shown on the backend form)."""

    _name = "connector.sync.state"
    _description = "Connector Synchronisation State"
    _order = "model_name, direction"

    backend_model = fields.Char(required=True, index=True, readonly=True)
    backend_id = fields.Many2oneReference(
        model_field="backend_model", required=True, index=True, readonly=True
    )
    model_name = fields.Char(string="Model", required=True, readonly=True)
    direction = fields.Selection(
        [("import", "Import"), ("export", "Export")], required=True, readonly=True
    )
    watermark = fields.Datetime(
        help="Changes since this moment are synchronised by the next run. "
        "Advanced only once a run succeeded, minus the overlap window."
    )
    last_start = fields.Datetime(readonly=True)
    last_success = fields.Datetime(readonly=True)
    created_count = fields.Integer(string="Created", readonly=True, default=0)
    updated_count = fields.Integer(string="Updated", readonly=True, default=0)
    skipped_count = fields.Integer(string="Skipped", readonly=True, default=0)
    failed_count = fields.Integer(string="Failed", readonly=True, default=0)
    pending_chunks = fields.Integer(
        readonly=True,
        default=0,
        help="Chunk jobs of the current run not done yet; the last one to "
        "finish advances the watermark.",
    )

    _sql_constraints = [
        (
            "flow_uniq",
            "unique(backend_model, backend_id, model_name, direction)",
            "One synchronisation state per backend, model and direction.",
        )
    ]

    @api.model
    def _for(self, backend, model_name, direction):
        key = {
            "backend_model": backend._name,
            "backend_id": backend.id,
            "model_name": model_name,
            "direction": direction,
        }
        state = self.sudo().search([(k, "=", v) for k, v in key.items()], limit=1)
        return state or self.sudo().create(key)

    def _start_run(self):
        """A run starts: reset the counters; returns the watermark to use,
        moved back by the backend's overlap so nothing changed during the
        previous run is missed."""
        self.ensure_one()
        now = fields.Datetime.now()
        self.write(
            {
                "last_start": now,
                "created_count": 0,
                "updated_count": 0,
                "skipped_count": 0,
                "failed_count": 0,
            }
        )
        return self.watermark

    def _count(self, created=0, updated=0, skipped=0, failed=0):
        """Add to the counters of the current run, in SQL: page jobs of one
        run update them concurrently."""
        self.flush_recordset()
        self.env.cr.execute(
            "UPDATE connector_sync_state SET "
            "created_count = COALESCE(created_count, 0) + %s, "
            "updated_count = COALESCE(updated_count, 0) + %s, "
            "skipped_count = COALESCE(skipped_count, 0) + %s, "
            "failed_count = COALESCE(failed_count, 0) + %s WHERE id IN %s",
            (created, updated, skipped, failed, tuple(self.ids)),
        )
        self.invalidate_recordset()

    def _succeeded(self, run_start, overlap_seconds):
        """The run that started at ``run_start`` succeeded: the next run reads
        changes since then, minus the overlap window."""
        self.write(
            {
                "watermark": run_start - timedelta(seconds=overlap_seconds),
                "last_success": fields.Datetime.now(),
            }
        )

    def _chunk_done(self, run_start, overlap_seconds):
        """A chunk job of the run started at ``run_start`` is done: the last
        one advances the watermark (no job polls for the end of the run). A
        chunk of an older run counts nothing."""
        self.ensure_one()
        self.flush_recordset()
        self.env.cr.execute(
            "UPDATE connector_sync_state SET pending_chunks = pending_chunks - 1 "
            "WHERE id = %s AND last_start = %s AND pending_chunks > 0 "
            "RETURNING pending_chunks",
            (self.id, run_start),
        )
        row = self.env.cr.fetchone()
        self.invalidate_recordset()
        if row and row[0] == 0:
            self._succeeded(run_start, overlap_seconds)
