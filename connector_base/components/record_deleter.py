# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _

from odoo.addons.component.core import Component

from ..process import process


class ConnectorBaseRecordDeleter(Component):
    """Deletes a record remotely and forgets its binding (the job queued when
    a bound record is archived or deleted); ``_delete_remotely`` is the hook
    (Kogan disables the listing)."""

    _name = "connector.base.record.deleter"
    _inherit = ["base.deleter", "connector.base"]
    _usage = "record.deleter"

    @process(description="Delete a record remotely")
    def run(self, external_id):
        """Delete ``external_id`` remotely, unless its record is active again."""
        external_id = str(external_id)
        record = self.binder.to_internal(external_id)
        if record and "active" in record._fields and record.active:
            # un-archived before the job started: nothing to delete any more
            return _("Record %s is active again: kept") % external_id
        self._delete_remotely(external_id, record)
        return _("Record %s deleted") % external_id

    def _delete_remotely(self, external_id, record):
        """``record``: the archived Odoo record still bound, or empty."""
        self.backend_adapter.delete_record(external_id)
        if record:
            self.binder.unbind(record)
            self._cancel_pending_exports(record)

    def _cancel_pending_exports(self, record):
        """An export queued by the archiving itself would otherwise, with
        the binding gone, create the record again remotely."""
        backend = self.backend_record
        pending_exports = [
            ("model_name", "=", backend._name),
            ("method_name", "=", "export_record"),
            ("state", "in", ("pending", "enqueued", "wait_dependencies")),
        ]
        targets = (record, self.binder.unwrap_binding(record))
        for job in self.env["queue.job"].sudo().search(pending_exports):
            if job.records == backend and job.args and job.args[0] in targets:
                job.button_cancelled()
