# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _

from odoo.addons.component.core import Component


class ConnectorBaseImportReview(Component):
    """The import's "hold for review" step: new records wait for review when
    the backend's review rule for the model asks for it (*Sync state and
    rules*, the import row)."""

    _name = "connector.base.import.review"
    _inherit = "connector.base"
    _usage = "import.review"

    def hold(self, created):
        """Flag the records ``create`` made for review, when the rule says so."""
        if not created:
            return self.env["connector.review"]
        # the rule is read, never made here: parallel jobs would race to make it
        rule = self.env["connector.sync.state"]._for(
            self.backend_record, self.model._name, "import", create=False
        )
        if not rule.review_new_records:
            return self.env["connector.review"]
        records = [self.binder.unwrap_binding(entry["record"]) for entry in created]
        odoo_records = records[0].browse([record.id for record in records])
        return self.env["connector.review"]._flag(
            self.backend_record,
            odoo_records,
            _("New record imported from %s") % self.backend_record.display_name,
        )
