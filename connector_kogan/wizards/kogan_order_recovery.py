# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class KoganOrderRecovery(models.TransientModel):
    """Bring back Kogan orders the scheduled import missed (an outage, the
    first run): one by its Kogan ID, or those placed in a period. Each runs
    as a job; an order already imported is only followed, never made
    twice."""

    _name = "kogan.order.recovery"
    _description = "Recover Kogan Orders"

    backend_id = fields.Many2one(
        "connector.kogan.backend", required=True, ondelete="cascade"
    )
    mode = fields.Selection(
        [("order", "One order, by its Kogan ID"), ("period", "Orders of a period")],
        required=True,
        default="order",
    )
    order_ref = fields.Char(string="Kogan Order ID")
    date_from = fields.Date(default=lambda self: fields.Date.today() - timedelta(7))
    date_to = fields.Date(default=fields.Date.today)

    @api.constrains("mode", "date_from", "date_to")
    def _check_period(self):
        for wizard in self.filtered(lambda w: w.mode == "period"):
            if not (wizard.date_from and wizard.date_to):
                raise ValidationError(
                    _("Give the first and the last day of the period.")
                )
            if wizard.date_from > wizard.date_to:
                raise ValidationError(_("The period ends before it starts."))

    def action_recover(self):
        self.ensure_one()
        backend = self.backend_id
        backend._check_may_import_orders()
        if self.mode == "order":
            order_ref = (self.order_ref or "").strip()
            if not order_ref:
                raise UserError(_("Give the Kogan ID of the order to import."))
            backend._queue(
                _("Import Kogan order %s") % order_ref, "import_order", order_ref
            )
            message = _("The import of Kogan order %s is queued.") % order_ref
        else:
            start = datetime.combine(self.date_from, time.min)
            end = datetime.combine(self.date_to, time.max).replace(microsecond=0)
            backend._queue(
                _("Re-read Kogan orders from %(start)s to %(end)s")
                % {"start": self.date_from, "end": self.date_to},
                "import_orders_period",
                fields.Datetime.to_string(start),
                fields.Datetime.to_string(end),
            )
            message = _("Kogan's orders of the period will be re-read.")
        return backend._notify(message)
