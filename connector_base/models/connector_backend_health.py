# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.tools import format_datetime

from ..settings import setting
from .actions import form_action
from .backend_crud_mixin import channel_name

_logger = logging.getLogger(__name__)

PENDING_JOB_STATES = ("wait_dependencies", "pending", "enqueued", "started")


class ConnectorBackendHealth(models.Model):
    """One card per backend, whatever its connector, on the Sync health
    dashboard. Backends are rows of each connector's own table, hence a row
    here per backend (made or removed when the dashboard opens and when the
    health check runs); the figures are computed when read, from the sync
    states, the run log, the errors and the jobs of the backend."""

    _name = "connector.backend.health"
    _inherit = "connector.backend.reference"
    _description = "Connector Backend Health"
    _order = "name, id"

    name = fields.Char(readonly=True)
    backend_kind = fields.Char(
        string="Connector",
        compute="_compute_health",
        help="The kind of backend (its model's name)",
    )
    user_id = fields.Many2one(
        "res.users", string="Responsible", compute="_compute_health"
    )
    health = fields.Selection(
        [("ok", "Healthy"), ("errors", "Errors piling up"), ("stale", "Stale")],
        compute="_compute_health",
        help="Stale: an import has not succeeded for longer than the threshold "
        "of Settings → Connector; errors piling up: at least the threshold of "
        "open errors.",
    )
    flows_html = fields.Html(
        string="Flows",
        compute="_compute_health",
        sanitize=False,  # built here from escaped values
        help="Last successful run and lag behind the remote side, per model",
    )
    lag_hours = fields.Float(
        string="Lag (h)",
        compute="_compute_health",
        digits=(16, 1),
        help="The largest delay of the imports behind the remote side: the "
        "time since their watermark",
    )
    synced_24h = fields.Integer(
        string="Synchronised (24 h)",
        compute="_compute_health",
        help="Records created or updated by the runs of the last 24 hours",
    )
    error_count = fields.Integer(string="Open Errors", compute="_compute_health")
    error_transient_count = fields.Integer(
        string="Temporary", compute="_compute_health"
    )
    error_permanent_count = fields.Integer(string="Refused", compute="_compute_health")
    error_bad_data_count = fields.Integer(
        string="Data to Fix", compute="_compute_health"
    )
    error_conflict_count = fields.Integer(string="Conflicts", compute="_compute_health")
    job_pending_count = fields.Integer(string="Jobs Pending", compute="_compute_health")
    job_failed_count = fields.Integer(string="Jobs Failed", compute="_compute_health")

    _sql_constraints = [
        (
            "backend_uniq",
            "unique(backend_model, backend_id)",
            "One health card per backend.",
        )
    ]

    # -- the cards ------------------------------------------------------------

    @api.model
    def _refresh(self):
        """A card per active backend, none for the others; a card takes its
        backend's name and company."""
        cards = self.sudo().search([])
        by_key = {(card.backend_model, card.backend_id): card for card in cards}
        keep = self.browse()
        for backend_model in self.env["connector.backend.crud.mixin"]._backends():
            for backend in self.env[backend_model].sudo().search([]):
                card = by_key.get((backend_model, backend.id))
                values = {
                    "name": backend.display_name,
                    "company_id": self._backend_company(backend_model, backend.id),
                }
                if not card:
                    values.update(backend_model=backend_model, backend_id=backend.id)
                    card = cards.create(values)
                elif (card.name, card.company_id.id) != tuple(values.values()):
                    card.write(values)
                keep |= card
        (cards - keep).unlink()
        return keep

    @api.model
    def action_open_dashboard(self):
        """Connector → Sync health: the cards, up to date (refreshed as
        superuser: for connector users only)."""
        self.check_access("read")
        self._refresh()
        return self.env["ir.actions.act_window"]._for_xml_id(
            "connector_base.action_connector_backend_health"
        )

    def action_open_backend(self):
        self.ensure_one()
        return form_action(self.backend_model, self.backend_id, views=[(False, "form")])

    def action_open_volume(self):
        """The runs of this backend, as a graph of records per day."""
        action = self._backend_action("connector_base.action_connector_sync_run")
        action["name"] = action["display_name"] = _("Volume of %s") % self.name
        return action

    def action_open_errors(self):
        return self._backend_action(
            "connector_base.action_connector_error", [("state", "=", "open")]
        )

    def _backend_action(self, xmlid, domain=()):
        """Action ``xmlid`` on this backend's rows of ``domain``."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = self._backend_domain() + list(domain)
        return action

    # -- the figures ----------------------------------------------------------

    def _compute_health(self):
        now = fields.Datetime.now()
        for card in self:
            lags = card._lags(now)
            errors = card._open_errors_by_kind()
            jobs = card._jobs_by_state()
            card.backend_kind = self._model_label(card.backend_model)
            card.user_id = card._backend().sudo().exists().user_id
            card.flows_html = card._flows_html(lags)
            card.lag_hours = max([lag for lag in lags.values() if lag] or [0])
            card.synced_24h = card._synced_since(now - timedelta(hours=24))
            card.error_count = sum(errors.values())
            for kind, __ in self.env["connector.error"]._fields["kind"].selection:
                card[f"error_{kind}_count"] = errors.get(kind, 0)
            card.job_pending_count = sum(jobs.get(s, 0) for s in PENDING_JOB_STATES)
            card.job_failed_count = jobs.get("failed", 0)
            if card._stale_states(lags):
                card.health = "stale"
            else:
                card.health = "errors" if card._errors_piling(errors) else "ok"

    def _lags(self, now):
        """``{sync state: lag in hours}``: how far each import is behind the
        remote side (changes since its watermark are not in Odoo yet).
        Exports are pushed as records change, and a model imported only on
        demand (no watermark) is behind nothing: None."""
        states = self.env["connector.sync.state"].sudo().search(self._backend_domain())
        return {
            state: (now - state.watermark).total_seconds() / 3600
            if state.direction == "import" and state.watermark
            else None
            for state in states
        }

    @api.model
    def _stale_states(self, lags):
        hours = setting(self.env, "health_stale_hours")
        if not hours:
            return []
        return [state for state, lag in lags.items() if lag and lag > hours]

    @api.model
    def _errors_piling(self, errors):
        """The open errors (``{kind: count}``) reached the threshold."""
        max_errors = setting(self.env, "health_error_threshold")
        return max_errors and sum(errors.values()) >= max_errors

    def _count(self, model, domain, groupby):
        """``{group: rows}`` of ``model`` (all users' rows: the card's
        figures are for whoever sees the card)."""
        return dict(self.env[model].sudo()._read_group(domain, groupby, ["__count"]))

    def _open_errors_by_kind(self):
        domain = self._backend_domain() + [("state", "=", "open")]
        return self._count("connector.error", domain, ["kind"])

    def _jobs_by_state(self):
        """Jobs on the backend's channel (not created here: this runs when
        reading)."""
        root = self.env.ref("connector_base.channel_connector").sudo()
        name = channel_name(self.backend_model, self.backend_id)
        channel = f"{root.complete_name}.{name}"
        return self._count("queue.job", [("channel", "=", channel)], ["state"])

    def _synced_since(self, since):
        domain = self._backend_domain() + [("run_start", ">=", since)]
        runs = self.env["connector.sync.run"].sudo()
        return runs._read_group(domain, [], ["synced_count:sum"])[0][0] or 0

    def _flows_html(self, lags):
        if not lags:
            return Markup("<p class='text-muted'>%s</p>") % _("Never synchronised")
        directions = dict(
            self.env["connector.sync.state"]._fields["direction"].selection
        )
        rows = Markup()
        for state, lag in lags.items():
            rows += Markup(
                "<tr><td>%s <span class='text-muted'>(%s)</span></td>"
                "<td class='text-nowrap'>%s</td>"
                "<td class='text-end text-nowrap'>%s</td></tr>"
            ) % (
                self._model_label(state.model_name),
                directions[state.direction].lower(),
                format_datetime(self.env, state.last_success, dt_format="short")
                if state.last_success
                else _("never"),
                _("%.1f h") % lag if lag else "",
            )
        head = Markup(
            "<thead><tr><th>%s</th><th>%s</th><th class='text-end'>%s</th></tr>"
            "</thead>"
        ) % (_("Flow"), _("Last success"), _("Lag"))
        return Markup(
            "<table class='table table-sm small mb-0'>%s<tbody>%s</tbody></table>"
        ) % (head, rows)

    # -- the responsible's activities ----------------------------------------

    @api.model
    def _cron_check_thresholds(self):
        """Settings → Connector thresholds exceeded: the backend's
        responsible gets an activity, one per cause while it is open."""
        for card in self._refresh():
            card._check_thresholds()

    def _check_thresholds(self):
        self.ensure_one()
        backend = self._backend().sudo()
        if not backend.user_id:
            _logger.info("%s has no responsible to warn", backend.display_name)
            return
        lags = self._lags(fields.Datetime.now())
        stale = self._stale_states(lags)
        if stale:
            self._warn(
                backend,
                "connector_base.mail_activity_type_sync_stale",
                _("Synchronisation stale"),
                self._stale_note(stale, lags),
            )
        errors = self._open_errors_by_kind()
        if self._errors_piling(errors):
            self._warn(
                backend,
                "connector_base.mail_activity_type_sync_errors",
                _("%s open synchronisation errors") % sum(errors.values()),
                self._errors_note(errors),
            )

    @api.model
    def _warn(self, backend, type_xmlid, summary, note):
        """Schedule the activity of this cause, unless one is still open."""
        if self.env.ref(type_xmlid) in backend.sudo().activity_ids.activity_type_id:
            return
        backend.activity_schedule(
            type_xmlid, summary=summary, note=note, user_id=backend.user_id.id
        )

    def _stale_note(self, stale, lags):
        intro = _(
            "These imports are behind the remote side by more than the "
            "threshold (Settings → Connector); check the backend's "
            "connection, its scheduled import and its failed jobs."
        )
        lines = [
            _(
                "%(model)s: not imported for %(hours).0f hours (last success: "
                "%(success)s)",
                model=self._model_label(state.model_name),
                hours=lags[state],
                success=format_datetime(self.env, state.last_success)
                if state.last_success
                else _("never"),
            )
            for state in stale
        ]
        return self._note(intro, lines)

    def _errors_note(self, errors):
        intro = _(
            "Open errors reached the threshold of Settings → Connector: "
            "read them under Connector → Errors, fix the data, then retry "
            "or resolve them."
        )
        labels = dict(self.env["connector.error"]._fields["kind"].selection)
        lines = [f"{labels[kind]}: {count}" for kind, count in sorted(errors.items())]
        return self._note(intro, lines)

    @api.model
    def _note(self, intro, lines):
        items = Markup().join(Markup("<li>%s</li>") % line for line in lines)
        return Markup("<p>%s</p><ul>%s</ul>") % (intro, items)
