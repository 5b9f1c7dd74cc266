# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.connector_base import secrets
from odoo.addons.connector_base.bounds import check_ranges


class CoffeeBackend(models.Model):
    """A coffee machine Odoo talks to (the backend of OCA's bootstrap tutorial)."""

    _name = "coffee.backend"
    _inherit = [
        "connector.backend",
        "connector.backend.crud.mixin",
        "connector.backend.http.mixin",
        "mail.thread",
    ]
    _description = "Coffee Backend"
    _connector_secret_fields = ["password"]

    @api.model
    def _select_versions(self):
        """Machine models; other addons extend this list to support new machines."""
        return [("1900", "1900"), ("2900", "2900")]

    name = fields.Char(required=True)
    location = fields.Char(
        help="URL of the coffee machine, e.g. https://10.0.0.7:8443 (plain http "
        "only to this machine, or in a test environment)"
    )
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        help="The machine, its menu, brews and synchronisation records are seen "
        "by the users of this company (none: every company)",
    )
    username = fields.Char()
    password = fields.Char(groups="connector.group_connector_manager")
    version = fields.Selection(
        selection="_select_versions", required=True, default="1900"
    )
    default_lang_id = fields.Many2one(
        comodel_name="res.lang",
        string="Default Language",
        help="Language of the names imported from the machine",
    )
    base_url = fields.Char(compute="_compute_base_url")
    # machine status, imported by "Import status"
    water_level = fields.Integer(string="Water (%)", readonly=True)
    beans_level = fields.Integer(string="Beans (%)", readonly=True)
    cups_brewed = fields.Integer(readonly=True)
    machine_state = fields.Char(readonly=True)
    status_date = fields.Datetime(string="Status Read At", readonly=True)
    # "pour a coffee when Odoo is busy for too long"
    busy_check = fields.Boolean(
        string="Pour a Coffee When Busy",
        help="A scheduled check pours a coffee when Odoo's job queue is busy "
        "for too long.",
    )
    busy_age_minutes = fields.Integer(
        string="Oldest Waiting Job (min)",
        default=15,
        help="Busy when a job has been waiting this long",
    )
    busy_backlog = fields.Integer(
        string="Waiting Jobs",
        default=100,
        help="Busy when this many jobs are waiting",
    )
    busy_beverage_id = fields.Many2one(
        "coffee.product",
        string="Beverage to Pour",
        domain="[('backend_id', '=', id)]",
    )
    busy_cooldown_minutes = fields.Integer(
        string="At Most One Coffee Every (min)", default=60
    )
    last_pour_date = fields.Datetime(readonly=True)
    product_count = fields.Integer(compute="_compute_product_count")

    #: a threshold or cool-down beyond a day (or a backlog beyond a million
    #: jobs) never triggers; 0 turns a threshold off
    _busy_ranges = {
        "busy_age_minutes": (0, 1440),
        "busy_backlog": (0, 1000000),
        "busy_cooldown_minutes": (0, 1440),
    }

    @api.constrains(*_busy_ranges)
    def _check_busy_settings(self):
        check_ranges(self, self._busy_ranges)

    def _http_secrets(self):
        """The password, and the HTTP Basic token carrying it (version 1900):
        a reply echoing the Authorization header shows the token."""
        found = super()._http_secrets()
        if self.version == "1900" and self.sudo().password:
            found.append(secrets.basic_auth_token(self.username, self.sudo().password))
        return found

    @api.depends("location")
    def _compute_base_url(self):
        for backend in self:
            backend.base_url = backend.location

    def _compute_product_count(self):
        for backend in self:
            backend.product_count = self.env["coffee.product"].search_count(
                [("backend_id", "=", backend.id)]
            )

    def _http_test_connection(self):
        return self.import_status()

    # -- flows -------------------------------------------------------------

    def import_status(self):
        """Read the machine's levels and counters onto the backend."""
        self.ensure_one()
        with self.work_on("coffee.backend") as work:
            return work.component(usage="status.importer").run()

    def action_import_menu(self):
        self.ensure_one()
        self._queue(_("Import the menu"), "import_batch", "coffee.product")
        return self._notify(_("The menu import is queued."))

    def action_import_status(self):
        self.ensure_one()
        self._queue(_("Import the status"), "import_status")
        return self._notify(_("The status import is queued."))

    def action_brew_now(self):
        self.ensure_one()
        brew = self._order_coffee(_("Brewed from the backend form"))
        return self._notify(_("%s ordered.") % brew.display_name, reload=True)

    def action_open_products(self):
        self.ensure_one()
        return self._open(
            "coffee.product", _("Beverages"), [("backend_id", "=", self.id)]
        )

    def _order_coffee(self, reason):
        """Create a brew order for the busy beverage and queue its export."""
        self.ensure_one()
        if not self.busy_beverage_id:
            raise UserError(
                _("Choose the beverage to pour on %s first.") % self.display_name
            )
        brew = self.env["coffee.brew"].create(
            {"backend_id": self.id, "product_id": self.busy_beverage_id.id, "cups": 1}
        )
        brew.action_send()
        self.message_post(
            body=_("%(brew)s: %(reason)s") % {"brew": brew.name, "reason": reason}
        )
        return brew

    # -- busy detector -----------------------------------------------------

    def _busy_reason(self):
        """Why Odoo is busy (oldest waiting job, backlog), or None."""
        self.ensure_one()
        waiting = [("state", "in", ("pending", "enqueued"))]
        jobs = self.env["queue.job"].sudo()
        backlog = jobs.search_count(waiting)
        if self.busy_backlog and backlog >= self.busy_backlog:
            return _("%(count)s jobs are waiting (threshold %(max)s)") % {
                "count": backlog,
                "max": self.busy_backlog,
            }
        oldest = jobs.search(waiting, order="date_created asc", limit=1)
        if oldest and self.busy_age_minutes:
            age = fields.Datetime.now() - oldest.date_created
            if age >= timedelta(minutes=self.busy_age_minutes):
                return _("a job has been waiting for %(minutes)s minutes") % {
                    "minutes": int(age.total_seconds() // 60)
                }
        return None

    def _cooling_down(self):
        if not self.last_pour_date:
            return False
        return fields.Datetime.now() - self.last_pour_date < timedelta(
            minutes=self.busy_cooldown_minutes
        )

    def _check_busy(self):
        """Pour a coffee when Odoo is busy, at most once per cool-down."""
        poured = self.browse()
        for backend in self.search([("busy_check", "=", True), ("active", "=", True)]):
            reason = backend._busy_reason()
            if not reason or backend._cooling_down():
                continue
            backend.last_pour_date = fields.Datetime.now()
            backend._order_coffee(_("Odoo is busy: %s. Have a coffee.") % reason)
            poured |= backend
        return poured
