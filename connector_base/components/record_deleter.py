# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _

from odoo.addons.component.core import Component

from ..process import process


class ConnectorBaseRecordDeleter(Component):
    """Deletes a record on the external system and forgets its binding."""

    _name = "connector.base.record.deleter"
    _inherit = ["base.deleter", "connector.base"]
    _usage = "record.deleter"

    @process(description="Delete a record remotely")
    def run(self, external_id):
        self.external_id = str(external_id)
        self.backend_adapter.delete_record(self.external_id)
        record = self.binder.to_internal(self.external_id)
        if record:
            self.binder.unbind(record)
        return _("Record %s deleted") % self.external_id
