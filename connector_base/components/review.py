# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _

from odoo.addons.component.core import Component


class RecordImporterReview(Component):
    """New records wait for review when the backend's review rule for the
    model asks for it (*Review rules*, the import sync state)."""

    # one concern per file: the review queue's part of the import
    _inherit = "connector.base.record.importer"  # pylint: disable=consider-merging-classes-inherited

    def create(self, items, isolate=False):
        created = super().create(items, isolate=isolate)
        # the rule is read, never made here: parallel jobs would race to make it
        rule = self.env["connector.sync.state"]._for(
            self.backend_record, self.model._name, "import", create=False
        )
        if created and rule.review_new_records:
            # the Odoo record behind each binding
            records = [self.binder.unwrap_binding(entry["record"]) for entry in created]
            odoo_records = records[0].browse([record.id for record in records])
            self.env["connector.review"]._flag(
                self.backend_record,
                odoo_records,
                _("New record imported from %s") % self.backend_record.display_name,
            )
        return created
