# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import itertools

from odoo import _, fields

from odoo.addons.component.core import Component

from ..exceptions import PermanentError
from ..process import process


def page_limit(expected, page_size, slack=10):
    """The most pages a listing of ``expected`` records may take: twice the
    pages they fill at ``page_size``, plus ``slack`` (an empty listing still
    reads a few pages)."""
    return 2 * -(-expected // max(page_size, 1)) + slack


class ConnectorBaseBatchImporter(Component):
    """Pages through the adapter's records changed since the watermark and
    imports them in chunks of ``batch_size``, one queue job per chunk (bulk
    ORM writes inside), or in this job when they fit in one chunk. The last
    chunk job to finish advances the watermark; a failed chunk leaves it
    where it was."""

    _name = "connector.base.batch.importer"
    _inherit = ["base.importer", "connector.base"]
    _usage = "batch.importer"
    _direction = "import"

    @process(description="Import changed records")
    def run(self, force=False, **filters):
        """Import the records changed since the watermark (all with
        ``force``), in chunk jobs; ``filters`` go to the adapter."""
        state = self.sync_state
        since = state._start_run()
        run_start = state.last_start
        if force:
            since = None
        seen = set()
        pages = self._first_sightings(self._pages(since, **filters), seen)
        # a complete listing's ids tell which bound records are gone
        listed = seen if self._listing_is_complete(since, filters) else None
        if not force:
            pages = self._changed_only(pages)
        chunks = self._chunks(pages)
        first, second = next(chunks, None), next(chunks, None)
        chunks = itertools.chain(filter(None, (first, second)), chunks)
        if second is None or self._inline():
            # what fits in one chunk (the usual scheduled run) is imported
            # here: a job of its own would only add a dispatch
            importer = self.component(usage="record.importer")
            count = 0
            for chunk in chunks:
                importer.import_records(chunk, force=force)
                count += 1
            self._mark_unlisted_gone(listed, run_start)
            state._succeeded(run_start, self.backend_record.overlap_seconds)
            return _("%s chunks imported, watermark advanced") % count
        count = 0
        for chunk in chunks:
            self._queue_chunk(chunk, force, run_start)
            count += 1
        self._mark_unlisted_gone(listed, run_start)
        # the chunk jobs start once this transaction is committed
        state.pending_chunks = count
        return _("%(count)s chunk jobs queued") % {"count": count}

    def _pages(self, since, **filters):
        """The pages of external records to consider: the adapter's, changed
        since ``since``. A connector whose system cannot filter by change
        time adds here the records it must re-read."""
        return self.backend_adapter.get_records(since=since, **filters)

    def _listing_is_complete(self, since, filters):
        """Whether this run's pages hold every external record, so that a
        bound id missing from them is gone remotely: only when the adapter
        says so (``_lists_all``) and nothing filtered the listing. A
        connector whose system has no "changed since" filter (every run
        lists everything) overrides it."""
        return self.backend_adapter._lists_all and since is None and not filters

    def _first_sightings(self, pages, seen):
        """The pages without the records an earlier page of this run held (a
        listing that moves while it is read repeats records), noting their
        external ids in ``seen``: None for a record without a readable id,
        which stays (its import records the error)."""
        adapter = self.backend_adapter
        bound, page_size = self.binder.binding_count(), None
        for number, page in enumerate(pages, 1):
            page_size = page_size or max(len(page), 1)
            limit = self._page_limit(max(bound, len(seen)), page_size)
            if number > limit:
                self._too_many_pages(limit, seen, bound)
            first, ids = [], set()
            for record in page:
                try:
                    external_id = adapter.external_id_of(record)
                except Exception:
                    external_id = None
                if external_id is None or external_id not in seen:
                    first.append(record)
                    ids.add(external_id)
            seen.update(ids)
            self.env["connector.sync.run"]._listed(self.sync_state, len(first))
            yield first
        self.env["connector.sync.run"]._listed(self.sync_state, 0, complete=True)

    def _page_limit(self, expected, page_size):
        """The most pages a listing of ``expected`` records may take (the
        records bound to this backend, or the distinct ones this run has
        read, the larger): see ``page_limit``. An API that keeps sending
        fresh cursors with nothing new stops there; a listing of new records
        goes on."""
        return page_limit(expected, page_size)

    def _too_many_pages(self, limit, seen, bound):
        raise PermanentError(
            _(
                "%(backend)s: the listing of %(model)s is still not finished "
                "after %(limit)s pages (%(records)s distinct records read, "
                "%(bound)s bound): stopped, the remote listing does not end; "
                "this run imports nothing."
            )
            % {
                "backend": self.backend_record.display_name,
                "model": self.model._description,
                "limit": limit,
                "records": len(seen),
                "bound": bound,
            }
        )

    def _mark_unlisted_gone(self, listed, run_start):
        """The listing was read to its end (a run cut short raised before
        this): its bound records not listed are gone. A listing that is
        empty, or holds a record without an id, proves nothing."""
        if listed and None not in listed:
            self.component(usage="remote.deletion").mark_unlisted(listed, run_start)

    def _inline(self):
        """Import every chunk in this job instead of one job each (tests,
        tools)."""
        return self.env.context.get("connector_inline")

    # what ``_is_uptodate`` reads of a binding: read alone with each page
    # (``binder.sync_states``); extend it with what an override reads
    _uptodate_fields = ("external_hash", "external_updated_at", "external_deleted_at")

    def _changed_only(self, pages):
        """Drop, page by page (one query each), the records the record
        importer would skip as up to date: listings without a "changed since"
        filter then cost no job for what did not change."""
        adapter = self.backend_adapter
        importer = self.component(usage="record.importer")
        for page in pages:
            by_id, changed = {}, []
            for record in page:
                try:
                    by_id[adapter.external_id_of(record)] = record
                except Exception:
                    changed.append(record)  # its import job records the error
            states = self.binder.sync_states(list(by_id), self._uptodate_fields)
            for external_id, record in by_id.items():
                state = states.get(external_id)
                if state and importer._is_uptodate(state, record):
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

    def _queue_chunk(self, records, force, run_start):
        description = _("Import %(count)s %(model)s") % {
            "count": len(records),
            "model": self.model._description,
        }
        self._delay(description).import_records(
            self.model._name,
            records,
            force=force,
            run_start=fields.Datetime.to_string(run_start),
        )
        # the job is stored: its arguments (a chunk of records) need not stay
        # in this transaction's cache, or a listing's memory grows with it
        self.env["queue.job"].invalidate_model()

    def chunk_done(self, run_start):
        """Called by each chunk job of a run once its records are imported."""
        self.sync_state._chunk_done(run_start, self.backend_record.overlap_seconds)
