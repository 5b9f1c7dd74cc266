# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import logging
from functools import partial

from odoo import _, fields

from odoo.addons.component.core import Component

from ..collector import collector_paused
from ..exceptions import PermanentError, classify
from ..process import process

_logger = logging.getLogger(__name__)

#: a job hands the listing on to let its chunk jobs start while it holds at
#: most this many ids read per record it queued (an import: one or two).
#: Handing on stores the ids for the next job, which checks its pages in the
#: table: a re-sync of 100,000 listings with 1,000 changes, its first chunk
#: queued half-way, used 2.8 s of PostgreSQL CPU handing on, 1.2 s reading on.
HAND_ON_IDS_PER_RECORD = 10

#: a job that reads on past its first page compares the next ones with every
#: binding's state, read in one query, while there are at most this many: a
#: query a page was half the Odoo CPU of comparing a page. Re-syncs run in
#: turns: at 10,000 bindings as fast or faster (medians 0.51 s against
#: 0.54 s); at 100,000 slower (4.69 s against 4.13 s, and 26 MB more), its
#: rows read in one block while the next page waited
STATES_AT_ONCE = 20_000

#: states of a job that reads a listing, or will
READING_STATES = ("wait_dependencies", "pending", "enqueued", "started")


def page_limit(expected, page_size, slack=10):
    """The most pages a listing of ``expected`` records may take: an API that
    keeps sending fresh cursors with nothing new stops there."""
    return 2 * -(-expected // max(page_size, 1)) + slack


class ListedIds:
    """The external ids a listing has read so far. The job that started the
    listing holds them in memory until it hands the listing on: a re-sync
    read in one job writes none (a table row per listing was a tenth of a
    re-sync's time). Once handed on, they are in ``connector.sync.listing``,
    where each later job checks its pages."""

    def __init__(self, state, stored):
        self.state = state
        self.stored = stored  # an earlier job of the listing wrote its ids
        self.held = set()  # read by this job, not written yet

    @property
    def _table(self):
        return self.state.env["connector.sync.listing"]

    def first_seen(self, external_ids):
        """Note ``external_ids`` as read; returns those not read before."""
        if self.stored:
            return self._table._first_seen(self.state, external_ids)
        new = set(external_ids) - self.held
        self.held |= new
        return new

    def store(self):
        """Write the ids held, for the job the listing is handed on to."""
        self._table._first_seen(self.state, self.held)
        self.held, self.stored = set(), True

    def all(self):
        """Every id the listing read."""
        return self._table._read_ids(self.state) if self.stored else self.held


class SyncStates:
    """The bindings' sync states a job compares its pages with: one query a
    page; from its second page on (a re-sync reads the whole listing in one
    job), every binding's, read once, up to ``STATES_AT_ONCE``."""

    def __init__(self, binder, fields):
        self.binder, self.fields = binder, fields
        self.pages = 0
        self.every = None  # every binding's state, once read
        self.at_once = True  # until the bindings outnumber STATES_AT_ONCE

    def of(self, external_ids):
        """``{external id: state}`` holding those of ``external_ids`` bound."""
        self.pages += 1
        if self.every is None and self.at_once and self.pages > 1:
            every = self.binder.sync_states(None, self.fields, STATES_AT_ONCE + 1)
            self.every = every if len(every) <= STATES_AT_ONCE else None
            self.at_once = self.every is not None
        if self.every is not None:
            return self.every
        return self.binder.sync_states(external_ids, self.fields)


class ChunkRecords(list):
    """External records handed to a job: their repr, which queue_job stores
    as the job's task (``func_string``) besides the arguments themselves,
    counts them instead of repeating them (half a megabyte for a chunk of
    500 Kogan listings)."""

    def __repr__(self):
        return f"<{len(self)} records>"


class Page(list):
    """A page of external records that says where the listing goes on:
    ``resume`` holds the keyword arguments with which the adapter's
    ``get_records(since, **filters, **resume)`` yields the *next* page first
    (JSON values: a cursor, a URL, a page number), None on the last page.
    A plain list is a page too, but one that cannot be resumed from.

    ``read_ahead``, when the adapter offers it, starts reading the next page
    at once (``_http_ahead``): the batch importer calls it when it will read
    that page itself, so that the page travels while this one is compared
    (with an API's latency, the comparison then costs no time)."""

    def __init__(self, records=(), resume=None, read_ahead=None):
        super().__init__(records)
        self.resume = resume
        self.read_ahead = read_ahead


def listing_key(backend, model_name):
    """The identity key of the jobs reading the listing of ``model_name``
    from ``backend``: one such job pending at a time."""
    text = f"{backend._name},{backend.id},import_page,{model_name}"
    return hashlib.sha1(text.encode()).hexdigest()


def _listing_identity(job):
    return listing_key(job.recordset, job.args[0])


class ConnectorBaseBatchImporter(Component):
    """Pages through the adapter's records changed since the watermark and
    imports them in chunks of ``batch_size``, one job per chunk (or in the
    listing's job when they fit in one). The watermark advances once the
    listing was read to its end and every chunk job is done.

    A job reads pages until it has a chunk to hand on, then queues the chunk
    and a job for the next page, so that chunks import while later pages are
    read (reading is most of an import's time). The next job's ``listing``
    argument carries the adapter's position (``Page.resume``), the counts and
    the records not in a chunk yet; the ids read so far are handed on in
    ``connector.sync.listing`` (``ListedIds``: a listing read by one job, a
    re-sync's usual case, keeps them in memory). An adapter yielding plain
    lists is read in one job."""

    _name = "connector.base.batch.importer"
    _inherit = ["base.importer", "connector.base"]
    _usage = "batch.importer"
    _direction = "import"

    @process(description="Import changed records")
    def run(self, force=False, **filters):
        """Import the records changed since the watermark (all with
        ``force``), in chunk jobs; ``filters`` go to the adapter."""
        if self._listing_in_progress():
            return _(
                "The listing of %(model)s is still being read by a job of the "
                "previous import: that import goes on, none started."
            ) % {"model": self.model._description}
        state = self.sync_state
        since = state._start_run()
        state.pending_chunks = 0
        self.env["connector.sync.listing"]._forget(state)
        listing = {
            "run_start": fields.Datetime.to_string(state.last_start),
            "since": None if force else fields.Datetime.to_string(since),
            "force": force,
            "filters": filters,
            "resume": {},  # where the next page starts: the adapter's words
            "pages": 0,  # read so far
            "page_size": 0,  # of the first page: the page limit's unit
            "bound": self.binder.binding_count(),  # records bound before the run
            "listed": 0,  # distinct external ids read so far
            "unreadable": False,  # a record without an id was read
            "chunks": 0,  # chunk jobs queued so far
            "carry": [],  # changed records not in a chunk yet
        }
        return self._read(listing)

    @process(description="Read the listing on")
    def run_page(self, listing):
        """Go on reading the listing where the job before stopped."""
        if (
            fields.Datetime.to_string(self.sync_state.last_start)
            != listing["run_start"]
        ):
            return _("A newer import of %s started: this listing is left to it.") % (
                self.model._description
            )
        return self._read(dict(listing))

    def _read(self, listing):
        """Read pages until a chunk job is queued (a job of its own reads
        on) or the listing ends. A failed first page fails the job (retried
        from it); a later page failing transiently is left to the next job."""
        message, skipped = self._read_pages(listing)
        if skipped:
            # counted once a job, not once a page: each count is a
            # transaction of its own after the job's commit
            self.sync_state._count(skipped=skipped)
        return message

    def _read_pages(self, listing):
        """``_read``'s loop: its message, and how many records it skipped."""
        since = fields.Datetime.to_datetime(listing["since"])
        pages = iter(self._pages(since, **listing["filters"], **listing["resume"]))
        if "bound" not in listing:  # handed on by a job of an older version
            listing["bound"] = self.binder.binding_count()
        read_here, skipped = 0, 0
        # pages read by an earlier job: their ids are in the table
        listed = ListedIds(self.sync_state, stored=bool(listing["pages"]))
        states = SyncStates(self.binder, self._uptodate_fields)
        found = 0  # records first seen by this job, for the run's count
        chunks_before = listing["chunks"]
        due = False  # a chunk queued: the listing goes to a job of its own
        ahead = False  # the next page is on its way, asked for ahead
        while True:
            with collector_paused():  # a page's records live and die unwalked
                try:
                    page = next(pages, None)
                except Exception as error:
                    if not (
                        read_here
                        and listing["resume"]
                        and not self._inline()
                        and classify(error) == "transient"
                    ):
                        raise
                    end = partial(self._read_later, listing, error, listed)
                    break
                if page is None:
                    end = partial(self._listing_read, listing, listed)
                    break
                read_here += 1
                self._count_page(listing, page)
                ahead = not due and self._read_ahead(page, listing)
                queued = listing["chunks"]
                # a plain list, or a last page, leaves nowhere to resume from
                listing["resume"] = getattr(page, "resume", None)
                more = listing["resume"] is not None
                first, changed = self._take(listing, page, listed, more, states)
                found += first
                skipped += first - changed
                del page  # freed before the next page's wait
                due = due or (
                    listing["chunks"] > queued
                    and self._hands_on(listing, listed, chunks_before)
                )
                # a page asked for is read here, not by the next job again
                if due and not ahead and listing["resume"] is not None:
                    end = partial(
                        self._read_next, listing, _("chunk jobs queued"), listed
                    )
                    break
        if found:
            # once a job, not once a page (a transaction each after the
            # commit), and before the end of the listing is noted
            self.env["connector.sync.run"]._listed(self.sync_state, found)
        return end(), skipped

    def _hands_on(self, listing, listed, chunks_before):
        """Whether this job, having queued a chunk, hands the listing on to a
        job of its own: its chunk jobs start once it commits, and the ids it
        read go to the table for the next job. Worth it while those ids are
        few for the records queued (an import); a re-sync finding few
        changes reads on, and its chunks start when the listing is read."""
        queued = (listing["chunks"] - chunks_before) * self._batch_size()
        return len(listed.held) <= HAND_ON_IDS_PER_RECORD * queued

    def _read_ahead(self, page, listing):
        """Ask for the page after ``page`` now (``Page.read_ahead``) when
        this job will likely read it: a run that finds few changes (a
        re-sync) reads on (``_hands_on``). A page asked for is read by the
        job that asked: a chunk queued meanwhile waits for it. Returns
        whether it asked."""
        read_ahead = getattr(page, "read_ahead", None)
        if not read_ahead:
            return False
        if not self._inline():  # else no job of its own reads on
            changes = listing["chunks"] * self._batch_size() + len(listing["carry"])
            read = listing["listed"] or listing["bound"]  # first page: bound
            if not read or changes * HAND_ON_IDS_PER_RECORD > read:
                return False
        read_ahead()
        return True

    def _count_page(self, listing, page):
        """One more page read; past the page limit, the run stops (before
        asking for the next page)."""
        listing["pages"] += 1
        listing["page_size"] = listing["page_size"] or max(len(page), 1)
        # of the records bound, or read by this run, the more
        bound = listing["bound"]
        limit = page_limit(max(bound, listing["listed"]), listing["page_size"])
        if listing["pages"] > limit:
            self._too_many_pages(limit, listing["listed"], bound)

    def _take(self, listing, page, listed, more, states):
        """One page: its first sightings, those changed (``states``: the
        job's ``SyncStates``), full chunks handed on (``more``: a page
        follows this one). Returns how many records were first seen, and how
        many of them changed."""
        first = records = self._first_sightings(page, listing, listed)
        if not listing["force"]:
            records = self._changed(first, states)
        # a full chunk is handed on once more records may follow it: changes
        # that fit in one chunk (the usual scheduled run) are imported by the
        # listing's own job, a job of their own would only add a dispatch.
        # Handed on as soon as it is full, a chunk leaves no records for the
        # next page's job to carry (pages as large as chunks: none at all).
        carry, size = listing["carry"] + records, self._batch_size()
        while len(carry) > size or (more and len(carry) == size):
            self._hand_on(listing, carry[:size])
            carry = carry[size:]
        listing["carry"] = ChunkRecords(carry)
        return len(first), len(records)

    def _read_next(self, listing, why, listed):
        listed.store()
        description = _("Read the listing of %(model)s on, from page %(page)s") % {
            "model": self.model._description,
            "page": listing["pages"] + 1,
        }
        delayed = self._delay(description, identity_key=_listing_identity)
        delayed.import_page(self.model._name, listing)
        return _("%(pages)s pages read, %(why)s; the listing is read on") % {
            "pages": listing["pages"],
            "why": why,
        }

    def _read_later(self, listing, error, listed):
        _logger.info(
            "%s: page %s of the listing of %s failed (%s); read again by the next job",
            self.backend_record.display_name,
            listing["pages"] + 1,
            self.model._name,
            error,
        )
        why = _("the next page failed: %s") % error
        return self._read_next(listing, why, listed)

    def _listing_read(self, listing, listed):
        """The listing was read to its end: the last records are imported or
        handed on, the records it lacks are gone, and the run ends with its
        last chunk job."""
        run_start = fields.Datetime.to_datetime(listing["run_start"])
        carry, state = listing["carry"], self.sync_state
        if carry:
            # here when the run queued no chunk job
            self._hand_on(listing, carry, here=not listing["chunks"])
        self._mark_unlisted_gone(listing, run_start, listed)
        self.env["connector.sync.listing"]._forget(state)
        self.env["connector.sync.run"]._listed(state, 0, complete=True)
        if listing["chunks"] == 0:
            state._succeeded(run_start, self.backend_record.overlap_seconds)
            return (
                _("%s pages read and imported, watermark advanced") % (listing["pages"])
            )
        state._chunk_done(
            run_start, self.backend_record.overlap_seconds, -listing["chunks"]
        )
        return _("%(pages)s pages read, %(count)s chunk jobs queued") % {
            "pages": listing["pages"],
            "count": listing["chunks"],
        }

    def _hand_on(self, listing, records, here=False):
        """A chunk: imported here (or when inline), else by a job of its own."""
        if here or self._inline():
            self.component(usage="record.importer").import_records(
                records, force=listing["force"]
            )
            return
        self._queue_chunk(records, listing["force"], listing["run_start"])
        listing["chunks"] += 1

    def _listing_in_progress(self):
        """Whether a job of an earlier run still reads this listing."""
        key = listing_key(self.backend_record, self.model._name)
        domain = [("identity_key", "=", key), ("state", "in", READING_STATES)]
        return bool(self.env["queue.job"].sudo().search_count(domain, limit=1))

    def _pages(self, since, **filters):
        """The pages to consider; a connector adds the records to re-read."""
        return self.backend_adapter.get_records(since=since, **filters)

    def _listing_is_complete(self, since, filters):
        """Whether this run's pages hold every external record, so that a
        bound id missing from them is gone remotely."""
        return self.backend_adapter._lists_all and since is None and not filters

    def _first_sightings(self, page, listing, listed):
        """The page without the records an earlier page of this run held (a
        listing that moves while it is read repeats them; ``listed``: the
        ``ListedIds`` of the run); a record without a readable id stays (its
        import records the error)."""
        ids = self._ids_of(page)
        if None in ids:
            listing["unreadable"] = True
        new = listed.first_seen(set(ids) - {None})
        listing["listed"] += len(new)
        first = []
        for external_id, record in zip(ids, page, strict=True):
            if external_id is None:
                first.append(record)
            elif external_id in new:
                new.discard(external_id)  # a repeat within the page is dropped
                first.append(record)
        return first

    def _too_many_pages(self, limit, listed, bound):
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
                "records": listed,
                "bound": bound,
            }
        )

    def _mark_unlisted_gone(self, listing, run_start, listed):
        """Its bound records not listed are gone, when it lists them all; a
        listing that is empty, or holds a record without an id, proves
        nothing."""
        since = fields.Datetime.to_datetime(listing["since"])
        if (
            not listing["listed"]
            or listing["unreadable"]
            or not self._listing_is_complete(since, listing["filters"])
        ):
            return
        deletion = self.component(usage="remote.deletion")
        deletion.mark_unlisted(listed.all(), run_start)

    # what ``_is_uptodate`` reads of a binding: read alone, without its
    # record (``SyncStates``); extend it with what an override reads
    _uptodate_fields = ("external_hash", "external_updated_at", "external_deleted_at")

    def _changed(self, page, states=None):
        """The page without the records the importer would skip as up to
        date (``states``: the job's ``SyncStates``; by default, a query for
        this page): an unchanged record costs no job."""
        importer = self.component(usage="record.importer")
        ids = self._ids_of(page)
        states = states or SyncStates(self.binder, self._uptodate_fields)
        states = states.of(set(ids) - {None})
        return [
            record
            for external_id, record in zip(ids, page, strict=True)
            if not (
                (state := states.get(external_id))
                and importer._is_uptodate(state, record)
            )
        ]

    def _ids_of(self, page):
        """Each record's external id, None where it has no readable one (its
        import records the error)."""
        adapter, ids = self.backend_adapter, []
        for record in page:
            try:
                ids.append(adapter.external_id_of(record))
            except Exception:
                ids.append(None)
        return ids

    def _queue_chunk(self, records, force, run_start):
        description = _("Import %(count)s %(model)s") % {
            "count": len(records),
            "model": self.model._description,
        }
        self._delay(description).import_records(
            self.model._name, ChunkRecords(records), force=force, run_start=run_start
        )
        # the job is stored: its arguments (a chunk of records) need not stay
        # in this transaction's cache, or a listing's memory grows with it
        self.env["queue.job"].invalidate_model()

    def chunk_done(self, run_start):
        """Called by each chunk job of a run once its records are imported."""
        self.sync_state._chunk_done(run_start, self.backend_record.overlap_seconds)
