# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from .queue_job import hold_running_lock


class CollectionBase(models.AbstractModel):
    _inherit = "collection.base"

    def work_on(self, model_name, **kwargs):
        """Every synchronisation of a connector_base backend starts here: only
        users who may read the backend run one, whatever the entry point (a
        button, RPC, a job). Jobs queued on events of other users run as
        superuser (see the export listeners)."""
        if getattr(self, "_connector_base_backend", False):
            self.check_access("read")
            if self.env.context.get("job_uuid"):
                hold_running_lock(self.env.cr, self.env.context["job_uuid"])
        return super().work_on(model_name, **kwargs)
