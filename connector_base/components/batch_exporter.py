# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _
from odoo.osv import expression

from odoo.addons.component.core import Component

from ..process import process


class ConnectorBaseBatchExporter(Component):
    """Finds the records changed since their last export (or never exported)
    and exports them in chunks of ``batch_size``, one job per chunk."""

    _name = "connector.base.batch.exporter"
    _inherit = ["base.exporter", "connector.base"]
    _usage = "batch.exporter"
    _direction = "export"

    def _domain(self, domain):
        """The records to export: ``domain`` and the backend's export rule
        for the model; connectors AND their own (e.g. a "sell there" flag)."""
        rule = self.backend_record._export_rule(self.model._name)
        return expression.AND([domain or [], rule._export_domain()])

    def _changed_records(self, domain, force):
        records = self.model.search(self._domain(domain))
        # waiting for review: sent once reviewed
        records -= self.env["connector.review"]._held(self.backend_record, records)
        if force:
            return records
        states = self.binder.bindings_by_record(records)
        binder = self.binder
        return records.filtered(
            lambda r: r.id not in states
            or not states[r.id].odoo_write_date
            or binder.odoo_write_date(r) > states[r.id].odoo_write_date
        )

    @process(description="Export changed records")
    def run(self, domain=None, force=False):
        """Export the records of ``domain`` (and the export rule) changed
        since their last export (all with ``force``), in chunk jobs."""
        self.sync_state._start_run()  # the counters are this run's
        records = self._changed_records(domain, force)
        # found with the user's read rights; sent only with the right to change
        self.backend_record._check_remote_write(records=records)
        runs = self.env["connector.sync.run"].sudo()
        runs._listed(self.sync_state, len(records), complete=True)
        size = max(self.backend_record.batch_size or 500, 1)
        backend = self.backend_record
        chunks = [records[i : i + size] for i in range(0, len(records), size)]
        for chunk in chunks:
            if self.env.context.get("connector_inline"):
                self.component(usage="record.exporter").export_records(chunk, force)
                continue
            description = _("Export %(count)s %(model)s") % {
                "count": len(chunk),
                "model": self.model._description,
            }
            backend.with_delay(
                **backend._job_options(description, key=False)
            ).export_records(chunk, force=force)
        return _("%(count)s records to export in %(jobs)s jobs") % {
            "count": len(records),
            "jobs": len(chunks),
        }
