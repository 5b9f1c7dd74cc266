# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The 18.0.1.1.0 upgrade: a backend that confirmed its orders keeps doing
so through the shipped workflow; one that did not gets none."""

import importlib.util
from pathlib import Path

from .common import KoganCase

SCRIPT = Path(__file__).parents[1] / "migrations" / "18.0.1.1.0" / "post-migration.py"


def post_migration():
    spec = importlib.util.spec_from_file_location("kogan_post_migration", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestUpgradeToWorkflows(KoganCase):
    def test_confirm_orders_becomes_the_confirm_workflow(self):
        confirming = self.backend
        quiet = self.backend.copy({"name": "Quiet"})
        (confirming | quiet).workflow_process_id = False
        self.env.flush_all()
        # the 18.0.1.0.0 column, as an upgraded database still has it
        cr = self.env.cr
        cr.execute("ALTER TABLE connector_kogan_backend ADD COLUMN confirm_orders bool")
        cr.execute(
            "UPDATE connector_kogan_backend SET confirm_orders = (id = %s)",
            (confirming.id,),
        )
        post_migration().migrate(cr, "18.0.1.0.0")
        (confirming | quiet).invalidate_recordset(["workflow_process_id"])
        workflow = self.env.ref("connector_kogan.kogan_workflow_confirm")
        self.assertEqual(confirming.workflow_process_id, workflow)
        self.assertFalse(quiet.workflow_process_id)
