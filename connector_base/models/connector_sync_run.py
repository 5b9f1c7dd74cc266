# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from .connector_backend_reference import DIRECTIONS


class ConnectorSyncRun(models.Model):
    """What one run of a flow synchronised, kept after the sync state's
    counters are reset by the next run: the history behind the health
    dashboard's "last 24 hours" and its volume graph, and the progress of a
    run going on (records done of how many, rate, time left).

    An import run is one row (its chunk jobs add to it). A batch export that
    said how many records it exports (``_listed``) is one row too, ended once
    they are all counted; other exports (one record after a change) make a
    row per counted job."""

    _name = "connector.sync.run"
    _inherit = "connector.backend.reference"
    _description = "Connector Synchronisation Run"
    _order = "run_start desc, id desc"
    _rec_name = "model_name"

    sync_state_id = fields.Many2one(
        "connector.sync.state", required=True, ondelete="cascade", readonly=True
    )
    model_name = fields.Char(string="Model", required=True, readonly=True)
    direction = fields.Selection(DIRECTIONS, required=True, readonly=True)
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
    listed_count = fields.Integer(
        string="Listed",
        readonly=True,
        default=0,
        help="Records the run found to synchronise so far",
    )
    listing_complete = fields.Boolean(
        readonly=True, help="The listing was read to its end: its count is exact"
    )
    # progress: computed when shown, from the counters the jobs add to
    done_count = fields.Integer(string="Done", compute="_compute_progress")
    expected_count = fields.Integer(
        string="Of",
        compute="_compute_progress",
        help="Records of the run: exact once the listing is read, estimated "
        "from the previous run until then",
    )
    expected_is_estimate = fields.Boolean(compute="_compute_progress")
    progress = fields.Float(compute="_compute_progress", help="Percent done")
    rate = fields.Float(string="Records/s", compute="_compute_progress")
    time_left = fields.Char(compute="_compute_progress")

    _sql_constraints = [
        (
            "run_uniq",
            "unique(sync_state_id, run_start)",
            "One run per synchronisation state and start.",
        )
    ]

    def _compute_progress(self):
        now = fields.Datetime.now()
        for run in self:
            if not run.run_start:  # a row being made in a form
                run.update(dict.fromkeys(self._progress_fields(), False))
                continue
            done = (
                run.created_count
                + run.updated_count
                + run.skipped_count
                + run.failed_count
            )
            expected = run.listed_count
            estimate = not run.listing_complete and not run.run_end
            if estimate:
                expected = max(expected, run._previous_total())
            seconds = ((run.run_end or now) - run.run_start).total_seconds()
            rate = done / seconds if seconds > 0 else 0.0
            run.done_count, run.expected_count = done, max(expected, done)
            run.expected_is_estimate = estimate
            run.progress = min(100.0 * done / expected, 100.0) if expected else 0.0
            if run.run_end:
                run.progress = 100.0
            run.rate = rate
            run.time_left = run._time_left_label(
                (expected - done) / rate if rate and not run.run_end else None
            )

    @api.model
    def _progress_fields(self):
        return ("done_count", "expected_count", "expected_is_estimate") + (
            "progress",
            "rate",
            "time_left",
        )

    def _previous_total(self):
        """What the run before this one of the same flow went through: the
        estimate of a run whose listing is not read yet."""
        previous = self.search(
            [
                ("sync_state_id", "=", self.sync_state_id.id),
                ("run_start", "<", self.run_start),
                ("run_end", "!=", False),
            ],
            limit=1,
        )
        return previous.listed_count or previous.done_count

    def _time_left_label(self, seconds):
        if seconds is None or seconds < 0:
            return False
        if seconds < 60:
            return _("%s s") % int(seconds + 0.5)
        minutes = int(seconds // 60)
        if minutes < 60:
            return _("%(m)s min %(s)s s") % {"m": minutes, "s": int(seconds % 60)}
        return _("%(h)s h %(m)s min") % {"h": minutes // 60, "m": minutes % 60}

    @api.model
    def _listed(self, state, count, complete=False):
        """The run of ``state`` (its ``last_start``) found ``count`` more
        records to synchronise; ``complete``: its listing is read to the end,
        so their sum is the run's exact size. Called once per page read (or
        once for a whole listing, or by a batch export with all it exports),
        never per record. Written once the caller's transaction is committed,
        as the chunk jobs' counts are (``_after_commit``): a listing job never
        waits for, nor conflicts with, the chunk jobs counting meanwhile."""
        state._after_commit(
            lambda state: state.env["connector.sync.run"]._add_listed(
                state, count, complete
            )
        )

    @api.model
    def _add_listed(self, state, count, complete):
        """``_listed``, now."""
        now = fields.Datetime.now()
        start = state.last_start or now
        self._upsert(state, start, None, listed=count, complete=bool(complete))
        if complete and state.direction == "export" and state.last_start:
            # an export of nothing has nothing to count: it ends here
            self._end_export_if_counted(state, state.last_start, now)

    def _open_export_start(self, state):
        """The start of the batch export of ``state`` still counting (see
        ``_listed``), or None: an export's counts go to that run."""
        if state.direction != "export" or not state.last_start:
            return None
        self.env.cr.execute(
            "SELECT 1 FROM connector_sync_run WHERE sync_state_id = %s "
            "AND run_start = %s AND run_end IS NULL",
            (state.id, state.last_start),
        )
        return state.last_start if self.env.cr.fetchone() else None

    @api.model
    def _add(self, state, created=0, updated=0, skipped=0, failed=0, start=None):
        """Add counts to the run of ``state`` started at ``start`` (default:
        the current import run, its ``last_start``; an export, which has no
        run start, starts and ends a run here)."""
        now = fields.Datetime.now()
        if start is None and state.direction == "import":
            start = state.last_start
        elif start is None:
            start = self._open_export_start(state)
        counts = dict(created=created, updated=updated, skipped=skipped, failed=failed)
        self._upsert(state, start or now, None if start else now, **counts)
        if start and state.direction == "export":
            self._end_export_if_counted(state, start, now)

    def _upsert(self, state, start, end, listed=0, complete=None, **counts):
        """Insert the run of ``state`` started at ``start``, or add to it: one
        statement. The chunk jobs of a run count in parallel, each in a short
        transaction of its own (the sync state's ``_after_commit``), and a
        lookup then an insert would let two of them create the run twice. A
        conflicting concurrent insert raises a serialization failure, on
        which ``_after_commit`` retries. ``complete`` None: left as it is."""
        counts = dict.fromkeys(("created", "updated", "skipped", "failed"), 0) | counts
        now = fields.Datetime.now()
        self.env.cr.execute(
            """
            INSERT INTO connector_sync_run (
                backend_model, backend_id, company_id, sync_state_id,
                model_name, direction, run_start, run_end, listed_count,
                listing_complete, created_count, updated_count, skipped_count,
                failed_count, synced_count, create_uid, write_uid, create_date,
                write_date
            ) VALUES (
                %(backend_model)s, %(backend_id)s, %(company_id)s, %(state)s,
                %(model_name)s, %(direction)s, %(start)s, %(end)s, %(listed)s,
                %(complete)s, %(created)s, %(updated)s, %(skipped)s,
                %(failed)s, %(synced)s, %(uid)s, %(uid)s, %(now)s, %(now)s
            )
            ON CONFLICT (sync_state_id, run_start) DO UPDATE SET
                listed_count = connector_sync_run.listed_count + EXCLUDED.listed_count,
                listing_complete = COALESCE(
                    EXCLUDED.listing_complete, connector_sync_run.listing_complete
                ),
                created_count = connector_sync_run.created_count + EXCLUDED.created_count,
                updated_count = connector_sync_run.updated_count + EXCLUDED.updated_count,
                skipped_count = connector_sync_run.skipped_count + EXCLUDED.skipped_count,
                failed_count = connector_sync_run.failed_count + EXCLUDED.failed_count,
                synced_count = connector_sync_run.synced_count + EXCLUDED.synced_count,
                write_date = EXCLUDED.write_date
            """,  # noqa: E501
            dict(
                self._row_keys(state),
                start=start,
                end=end,
                listed=listed,
                complete=complete,
                synced=counts["created"] + counts["updated"],
                now=now,
                **counts,
            ),
        )
        self.invalidate_model()

    def _row_keys(self, state):
        return {
            "backend_model": state.backend_model,
            "backend_id": state.backend_id,
            "company_id": state.company_id.id or None,
            "state": state.id,
            "model_name": state.model_name,
            "direction": state.direction,
            "uid": self.env.uid,
        }

    def _end_export_if_counted(self, state, start, now):
        """A batch export ends when every record it listed is counted (its
        chunk jobs run in any order: the last to count ends it)."""
        self.env.cr.execute(
            "UPDATE connector_sync_run SET run_end = %s WHERE sync_state_id = %s "
            "AND run_start = %s AND run_end IS NULL AND listing_complete "
            "AND created_count + updated_count + skipped_count + failed_count "
            ">= listed_count",
            (now, state.id, start),
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
        self._gc_older_than_retention("run_start")
