# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.1.0: ``confirm_orders`` became the backend's order workflow (OCA
sale_automatic_workflow), and the two backend taxes became fiscal positions.

A backend that confirmed its orders gets the shipped "Kogan: confirm orders"
workflow (the field's default could not find it when its column was added:
the data is loaded after); one that did not keeps none. The taxes cannot be
turned into fiscal positions without knowing the products' taxes: a backend
that had one is named in the log, and its orders are refused with a clear
error until its fiscal positions are set (nothing is imported wrong)."""

import logging

from odoo.tools.sql import column_exists

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    table = "connector_kogan_backend"
    if column_exists(cr, table, "confirm_orders"):
        cr.execute(
            """
            UPDATE connector_kogan_backend b SET workflow_process_id = d.res_id
              FROM ir_model_data d
             WHERE d.module = 'connector_kogan'
               AND d.name = 'kogan_workflow_confirm'
               AND b.confirm_orders IS TRUE
               AND b.workflow_process_id IS NULL
            """
        )
        cr.execute(
            "UPDATE connector_kogan_backend SET workflow_process_id = NULL "
            "WHERE confirm_orders IS NOT TRUE"
        )
    if column_exists(cr, table, "sale_tax_id"):
        cr.execute(
            "SELECT name FROM connector_kogan_backend WHERE sale_tax_id IS NOT NULL "
            "AND fiscal_position_id IS NULL"
        )
        for (name,) in cr.fetchall():
            _logger.warning(
                "Kogan backend %s had a tax on order lines: set its Kogan AU and "
                "NZ fiscal positions (its orders are refused until then).",
                name,
            )
