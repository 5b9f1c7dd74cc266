# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields

from odoo.addons.component.core import Component
from odoo.addons.queue_job.exception import RetryableJobError

from ..process import process


class ConnectorBaseBatchImporter(Component):
    """Pages through the adapter's records changed since the watermark and
    imports them in chunks of ``batch_size``, one queue job per chunk (bulk
    ORM writes inside). A final job advances the watermark once every chunk
    job is done; a failed chunk leaves it where it was."""

    _name = "connector.base.batch.importer"
    _inherit = ["base.importer", "connector.base"]
    _usage = "batch.importer"
    _direction = "import"

    @process(description="Import changed records")
    def run(self, force=False, **filters):
        state = self.sync_state
        run_start = fields.Datetime.now()
        since = state._start_run()
        if force:
            since = None
        chunk_jobs = []
        for chunk in self._chunks(
            self.backend_adapter.get_records(since=since, **filters)
        ):
            chunk_jobs.append(self._import_chunk(chunk, force))
        if self._inline():
            state._succeeded(run_start, self.backend_record.overlap_seconds)
            return _("%s records imported inline") % sum(chunk_jobs)
        uuids = [job.uuid for job in chunk_jobs]
        self._delay(_("Close import of %s") % self.model._description).close_import_run(
            self.model._name, fields.Datetime.to_string(run_start), uuids
        )
        return _("%(count)s chunk jobs queued") % {"count": len(uuids)}

    def _inline(self):
        """Import chunks in this job instead of one job each (tests, tools)."""
        return self.env.context.get("connector_inline")

    def _chunks(self, pages):
        size = max(self.backend_record.batch_size or 500, 1)
        chunk = []
        for page in pages:
            chunk.extend(page)
            while len(chunk) >= size:
                yield chunk[:size]
                chunk = chunk[size:]
        if chunk:
            yield chunk

    def _delay(self, description):
        backend = self.backend_record
        return backend.with_delay(**backend._job_options(description, key=False))

    def _import_chunk(self, records, force):
        if self._inline():
            importer = self.component(usage="record.importer")
            importer.import_records(records, force=force)
            return len(records)
        description = _("Import %(count)s %(model)s") % {
            "count": len(records),
            "model": self.model._description,
        }
        return self._delay(description).import_records(
            self.model._name, records, force=force
        )

    def close_run(self, run_start, uuids):
        """Advance the watermark once all chunk jobs of the run are done."""
        jobs = self.env["queue.job"].sudo().search([("uuid", "in", uuids)])
        states = set(jobs.mapped("state"))
        if states - {"done", "failed", "cancelled"}:
            raise RetryableJobError(
                "Chunk jobs of the import are still running",
                seconds=5,
                ignore_retry=True,
            )
        if states - {"done"} or len(jobs) != len(uuids):
            return _("Some chunks failed: the watermark stays where it was.")
        self.sync_state._succeeded(run_start, self.backend_record.overlap_seconds)
        return _("Watermark advanced to %s") % self.sync_state.watermark
