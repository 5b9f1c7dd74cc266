# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

FINAL_STATES = ("done", "failed")


class CoffeeBrew(models.Model):
    """A brew order sent to a machine, whose state is followed until done."""

    _name = "coffee.brew"
    _description = "Coffee Brew Order"
    _order = "id desc"

    name = fields.Char(compute="_compute_name", store=True)
    backend_id = fields.Many2one("coffee.backend", required=True, ondelete="cascade")
    product_id = fields.Many2one(
        "coffee.product",
        string="Beverage",
        required=True,
        domain="[('backend_id', '=', backend_id)]",
    )
    cups = fields.Integer(required=True, default=1)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("queued", "Queued"),
            ("brewing", "Brewing"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        default="draft",
        required=True,
        readonly=True,
    )
    external_id = fields.Char(
        string="ID in the Coffee Machine", compute="_compute_external_id"
    )

    _sql_constraints = [
        ("cups_positive", "check(cups > 0)", "Brew at least one cup."),
    ]

    @api.depends("product_id", "cups")
    def _compute_name(self):
        for brew in self:
            brew.name = f"{brew.cups} x {brew.product_id.name or '?'}"

    def _compute_external_id(self):
        bindings = self.env["connector.binding"].search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        )
        by_id = {binding.res_id: binding.external_id for binding in bindings}
        for brew in self:
            brew.external_id = by_id.get(brew.id, False)

    def action_send(self):
        """Queue the export of the brew order, then follow its state."""
        for brew in self:
            backend = brew.backend_id
            backend._queue(_("Brew %s") % brew.name, "export_record", brew)
        return True

    def _follow(self):
        """Queue a read of the brew's state on the machine (until it is final)."""
        for brew in self.filtered(lambda b: b.state not in FINAL_STATES):
            backend = brew.backend_id
            options = backend._job_options(_("Follow %s") % brew.name)
            options["eta"] = 5
            backend.with_delay(**options).import_record(
                self._name, brew.external_id, force=True
            )
