# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class Base(models.AbstractModel):
    _inherit = "base"

    def unlink(self):
        """A deleted record takes its generic bindings with it: a binding
        never points at a record that no longer exists (concrete bindings go
        with their record through ``ondelete="cascade"``)."""
        model, ids = self._name, self.ids
        result = super().unlink()
        # ir.* rows are never bound, and are what an uninstall deletes after
        # dropping the bindings' table
        if (
            ids
            and not self._transient
            and not model.startswith(("connector.", "ir."))
            and "connector.binding" in self.env
        ):
            self.env.cr.execute(
                "DELETE FROM connector_binding "
                "WHERE res_model = %s AND res_id = ANY(%s)",
                (model, list(ids)),
            )
            if self.env.cr.rowcount:
                self.env["connector.binding"].invalidate_model()
        return result
