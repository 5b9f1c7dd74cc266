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
        pages = self.backend_adapter.get_records(since=since, **filters)
        if not force:
            pages = self._changed_only(pages)
        for chunk in self._chunks(pages):
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

    def _changed_only(self, pages):
        """Drop, page by page (one query each), the records the record
        importer would skip as up to date, and those already seen in this
        run (a page may repeat records): listings without a "changed since"
        filter then cost no job for what did not change."""
        adapter = self.backend_adapter
        importer = self.component(usage="record.importer")
        seen = set()
        for page in pages:
            by_id, changed = {}, []
            for record in page:
                try:
                    external_id = adapter.external_id_of(record)
                except Exception:
                    changed.append(record)  # its import job records the error
                    continue
                if external_id not in seen:
                    by_id[external_id] = record
            seen.update(by_id)
            states = self.binder.states_by_external(list(by_id))
            for external_id, record in by_id.items():
                state = states.get(external_id)
                importer.external_id, importer.external_data = external_id, record
                if state and importer._is_uptodate(state):
                    continue
                changed.append(record)
            self.sync_state._count(skipped=len(page) - len(changed))
            yield changed

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
