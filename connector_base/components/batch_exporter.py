# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields
from odoo.osv import expression

from odoo.addons.component.core import Component

from ..process import process


class ConnectorBaseBatchExporter(Component):
    """Exports the records changed since their last export in chunks of
    ``batch_size``, one job per chunk; the last chunk done ends the run. Only
    along the export rule: with an empty one nothing (a fresh backend never
    pushes a whole catalogue), unless the connector's ``_domain`` restricts
    the records itself (Kogan's "Sell on Kogan" flag)."""

    _name = "connector.base.batch.exporter"
    _inherit = ["base.exporter", "connector.base"]
    _usage = "batch.exporter"
    _direction = "export"

    def _domain(self, domain):
        """``domain`` AND the export rule (nothing when it is needed and
        empty); connectors AND their own conditions."""
        rule = self.backend_record._export_rule(self.model._name)
        if self.needs_rule() and not rule._export_domain():
            return expression.FALSE_DOMAIN
        return expression.AND([domain or [], rule._export_domain()])

    def needs_rule(self):
        """Whether only the export rule says which records go."""
        return type(self)._domain is ConnectorBaseBatchExporter._domain

    def missing_rule(self):
        """Why nothing is exported (the rule is needed and empty), else None."""
        rule = self.backend_record._export_rule(self.model._name, create=False)
        if not self.needs_rule() or (rule and rule._export_domain()):
            return None
        return _(
            "%(backend)s has no export rule for %(model)s: nothing is exported. "
            "Set one on the backend, Synchronisation tab, Export rules."
        ) % {
            "backend": self.backend_record.display_name,
            "model": self.env["connector.sync.state"]._model_label(self.model._name),
        }

    def _changed_records(self, domain, force):
        records = self.model.search(self._domain(domain))
        # waiting for review: sent once reviewed
        records -= self.env["connector.review"]._held(self.backend_record, records)
        if force:
            return records
        binder = self.binder
        states = binder.bindings_by_record(records)
        return records.filtered(lambda r: binder.odoo_changed(r, states.get(r.id)))

    def count(self, domain=None, force=False):
        """How many records a run would export now (the Export button asks)."""
        return len(self._changed_records(domain, force))

    @process(description="Export changed records")
    def run(self, domain=None, force=False):
        """Export the records of ``domain`` changed since their last export
        (all with ``force``), in chunk jobs."""
        missing = self.missing_rule()
        if missing:
            return missing
        state = self.sync_state
        state._start_run()  # the counters are this run's
        run_start = state.last_start
        records = self._changed_records(domain, force)
        # found with the user's read rights; sent only with the right to change
        self.backend_record._check_remote_write(records=records)
        runs = self.env["connector.sync.run"].sudo()
        runs._listed(self.sync_state, len(records), complete=True)
        size = self._batch_size()
        chunks = [records[i : i + size] for i in range(0, len(records), size)]
        # the last chunk done ends the run (``chunk_done``), inline or as a job
        state.pending_chunks = len(chunks)
        if not chunks:
            state._succeeded(run_start, 0)
        for chunk in chunks:
            if self._inline():
                self.component(usage="record.exporter").export_records(chunk, force)
                self.chunk_done(run_start)
                continue
            self._queue_chunk(chunk, force, run_start)
        return _("%(count)s records to export in %(jobs)s jobs") % {
            "count": len(records),
            "jobs": len(chunks),
        }

    def _queue_chunk(self, records, force, run_start):
        description = _("Export %(count)s %(model)s") % {
            "count": len(records),
            "model": self.model._description,
        }
        self._delay(description).export_records(
            records, force=force, run_start=fields.Datetime.to_string(run_start)
        )

    def chunk_done(self, run_start):
        """Called by each chunk job of a run once its records are exported."""
        self.sync_state._chunk_done(run_start, 0)
