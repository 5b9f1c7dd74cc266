# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import time
from datetime import timedelta

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from odoo.addons.queue_job.exception import RetryableJobError

from ..components.binder import _is_concrete
from ..planner_statistics import refresh_if_grown

_logger = logging.getLogger(__name__)


class ConnectorSyncState(models.Model):
    """Per backend, model and direction: the watermark, what the last run
    did, and the rules of that direction (export rule on an export row,
    review rule on an import row)."""

    _name = "connector.sync.state"
    _inherit = "connector.backend.reference"
    _description = "Connector Sync State and Rules"
    _order = "model_name, direction"

    model_name = fields.Char(string="Model", required=True, readonly=True)
    model_label = fields.Char(
        string="Records",
        compute="_compute_model_label",
        help="The model, as people say it",
    )
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

    # progress of the current run (its row of the run log), shown on the
    # backend form while it runs
    run_id = fields.Many2one(
        "connector.sync.run", string="Current run", compute="_compute_run"
    )
    run_done = fields.Integer(string="Done", compute="_compute_run")
    run_expected = fields.Integer(string="Of", compute="_compute_run")
    run_progress = fields.Float(string="Progress", compute="_compute_run")
    run_rate = fields.Float(string="Records/s", compute="_compute_run")
    run_time_left = fields.Char(string="Time left", compute="_compute_run")

    # export rules (direction "export"): which records the backend receives
    export_domain = fields.Char(
        help="Records of the model that the Export button (and the batch "
        "export) sends, and that follow by themselves when 'Export new "
        "records' is ticked. Empty: nothing is sent, unless the connector "
        "chooses the records itself; to send every record, use a condition "
        "they all meet, such as 'ID is set'.",
    )
    export_new_records = fields.Boolean(
        help="A record created in Odoo that matches the export domain is "
        "exported without anyone pressing a button (after the export delay).",
    )

    _sql_constraints = [
        (
            "flow_uniq",
            "unique(backend_model, backend_id, model_name, direction)",
            "One synchronisation state per backend, model and direction.",
        )
    ]

    @api.depends("model_name")
    def _compute_model_label(self):
        for state in self:
            state.model_label = self._model_label(state.model_name)

    @api.depends("last_start")
    def _compute_run(self):
        starts = [state.last_start for state in self if state.last_start]
        runs = self.env["connector.sync.run"].search(
            [("sync_state_id", "in", self.ids), ("run_start", "in", starts)]
        )
        by_start = {(run.sync_state_id.id, run.run_start): run for run in runs}
        for state in self:
            run = by_start.get((state.id, state.last_start), runs.browse())
            state.run_id = run
            state.run_done = run.done_count
            state.run_expected = run.expected_count
            state.run_progress = run.progress
            state.run_rate = run.rate
            state.run_time_left = run.time_left

    @api.model
    def _for(self, backend, model_name, direction, create=True):
        """The state of this flow, made on first use unless not ``create``."""
        key = {
            "backend_model": backend._name,
            "backend_id": backend.id,
            "model_name": model_name,
            "direction": direction,
        }
        state = self.sudo().search([(k, "=", v) for k, v in key.items()], limit=1)
        if state or not create:
            return state
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                return self.sudo().create(key)
        except psycopg2.errors.UniqueViolation as error:
            # made by a parallel job meanwhile, invisible to this transaction
            raise RetryableJobError(
                f"The {direction} state of {model_name} on {backend.display_name} "
                "was just made by another job; retried to use it.",
                seconds=1,
            ) from error

    @api.constrains("export_domain", "model_name")
    def _check_export_domain(self):
        for state in self.filtered("export_domain"):
            try:
                domain = state._export_domain()
                state.env[state.model_name].search_count(domain, limit=1)
            except Exception as error:
                raise ValidationError(
                    _(
                        "The export domain of %(model)s is not a domain of that "
                        "model: %(error)s",
                        model=state.model_name,
                        error=error,
                    )
                ) from error

    def _export_domain(self):
        """The export domain as a list (AND-ed with the connector's own)."""
        self.ensure_one()
        domain = safe_eval(self.export_domain or "[]")
        if not isinstance(domain, list | tuple):
            raise ValueError(_("a domain is a list, such as [('active', '=', True)]"))
        return expression.normalize_domain(list(domain)) if domain else []

    def _start_run(self):
        """A run starts: reset the counters; returns the watermark."""
        self.ensure_one()
        counters = ("created_count", "updated_count", "skipped_count", "failed_count")
        self.write({"last_start": fields.Datetime.now(), **dict.fromkeys(counters, 0)})
        return self.watermark

    def _count(self, created=0, updated=0, skipped=0, failed=0):
        """Add to the counters of the current run."""
        counts = (created, updated, skipped, failed)

        def add(state):
            state.env.cr.execute(
                "UPDATE connector_sync_state SET "
                "created_count = COALESCE(created_count, 0) + %s, "
                "updated_count = COALESCE(updated_count, 0) + %s, "
                "skipped_count = COALESCE(skipped_count, 0) + %s, "
                "failed_count = COALESCE(failed_count, 0) + %s WHERE id = %s",
                (*counts, state.id),
            )
            # the run log, in the same transaction as the counters: the
            # current run while one is going (an export's chunks), else a
            # run of its own (a record exported after a change)
            start = state.last_start if state.pending_chunks else None
            state.env["connector.sync.run"]._add(state, *counts, start=start)

        self._after_commit(add)

    def _succeeded(self, run_start, overlap_seconds):
        """The run that started at ``run_start`` succeeded: the next import
        reads changes since then, minus the overlap window (an export needs
        no watermark: it compares write dates)."""
        values = {"last_success": fields.Datetime.now()}
        if self.direction == "import":
            values["watermark"] = run_start - timedelta(seconds=overlap_seconds)
        self.write(values)
        self.env["connector.sync.run"].sudo()._ended(self, run_start)
        refresh_if_grown(self.env.cr, self._bindings_table())

    def _bindings_table(self):
        """The table of this flow's bindings: the generic one, or that of
        an OCA-style binding model."""
        if _is_concrete(self.env, self.model_name):
            return self.env[self.model_name]._table
        return self.env["connector.binding"]._table

    def _chunk_done(self, run_start, overlap_seconds, done=1):
        """``done`` chunk jobs of the run started at ``run_start`` fewer to
        wait for (negative: an import's listing ended, having queued as
        many). Chunks may finish before the listing ends: the count goes
        below 0 and reaches 0 once, when the last chunk is done, which ends
        the run (no job polls for it). A chunk of an older run counts
        nothing."""

        def count_down(state):
            state.env.cr.execute(
                "UPDATE connector_sync_state SET pending_chunks = pending_chunks - %s "
                "WHERE id = %s AND last_start = %s RETURNING pending_chunks",
                (done, state.id, run_start),
            )
            row = state.env.cr.fetchone()
            if row and row[0] == 0:
                state._succeeded(run_start, overlap_seconds)

        self._after_commit(count_down)

    def _after_commit(self, update):
        """Run ``update(state)`` after commit, in a short transaction retried
        on a conflict: a run's parallel chunk jobs would otherwise conflict
        on this row (and be retried whole). Under tests, at once."""
        self.ensure_one()
        self.flush_recordset()
        if self.env.registry.in_test_mode():
            update(self)
            self.invalidate_recordset()
            return
        registry, state_id, uid = self.env.registry, self.id, self.env.uid

        def run():
            for attempt in range(20):
                try:
                    with registry.cursor() as cr:
                        env = api.Environment(cr, uid, {}, su=True)
                        update(env[self._name].browse(state_id))
                    return
                except psycopg2.errors.SerializationFailure:
                    time.sleep(0.02 * (attempt + 1))
            _logger.warning("Could not update %s %s", self._name, state_id)

        self.env.cr.postcommit.add(run)
