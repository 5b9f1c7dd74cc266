# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import _, api, fields, models

from .actions import form_action
from .connector_backend_reference import DIRECTIONS
from .queue_job import running_job_uuid


def _shown(value, limit=300):
    """An external value as people read it (nested data as compact JSON)."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        value = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return str(value)[:limit]


class ConnectorSyncChange(models.Model):
    """What one synchronisation changed on one record, and which job did it:
    an import's changed fields (before and after), an export's update of the
    remote record. "Why did this price change?" has its answer here."""

    _name = "connector.sync.change"
    _inherit = "connector.record.reference"
    _description = "Connector: Change Made by a Synchronisation"
    _order = "create_date desc, id desc"

    external_id = fields.Char(readonly=True)
    direction = fields.Selection(DIRECTIONS, required=True, readonly=True)
    changes = fields.Json(readonly=True, help="{field label: [before, after]}")
    summary = fields.Text(compute="_compute_summary")
    job_uuid = fields.Char(string="Job", readonly=True, index=True)

    @api.depends("changes", "direction")
    def _compute_summary(self):
        for change in self:
            lines = [
                f"{label}: {before} → {after}"
                for label, (before, after) in (change.changes or {}).items()
            ]
            change.summary = "\n".join(lines) or (
                _("Updated on the remote side")
                if change.direction == "export"
                else _("Updated")
            )

    @api.model
    def _log(self, backend, direction, entries):
        """Store ``entries``: ``(record, external id, changes)`` of one job."""
        if not entries:
            return
        job_uuid = running_job_uuid(self.env, backend)
        self.sudo().create(
            [
                {
                    "backend_model": backend._name,
                    "backend_id": backend.id,
                    "res_model": record._name,
                    "res_id": record.id,
                    "external_id": external_id,
                    "direction": direction,
                    "changes": changes or False,
                    "job_uuid": job_uuid,
                }
                for record, external_id, changes in entries
            ]
        )

    @api.model
    def _sent(self, data, before):
        """``{external field: [before, after]}`` of what an export sent that
        differs from the external record before it (``before``; all that was
        sent when it is unknown), for people."""
        known = isinstance(before, dict)
        return {
            key: [_shown(before.get(key) if known else None), _shown(value)]
            for key, value in (data or {}).items()
            if not known or before.get(key) != value
        }

    @api.model
    def _changes(self, record, before, names):
        """``{field label: [before, after]}`` of ``names`` on ``record``,
        ``before`` being their display values before the write."""
        after = self._display(record, names)
        return {
            record._fields[name].get_description(self.env, ["string"])["string"]: [
                before[name],
                after[name],
            ]
            for name in names
            if before[name] != after[name]
        }

    @api.model
    def _display(self, record, names):
        """Display values of simple fields (relations by name), for people."""
        values = {}
        for name in names:
            field, value = record._fields[name], record[name]
            if field.type == "many2one":
                values[name] = value.display_name or ""
            elif field.type in ("one2many", "many2many"):
                values[name] = ", ".join(value.mapped("display_name"))
            elif field.type == "selection":
                values[name] = dict(field._description_selection(self.env)).get(
                    value, value or ""
                )
            elif field.type == "binary":
                values[name] = _("(file)") if value else ""
            else:
                values[name] = "" if value is False else str(value)
        return values

    def action_open_job(self):
        self.ensure_one()
        job = self.env["queue.job"].search([("uuid", "=", self.job_uuid)], limit=1)
        return form_action("queue.job", job.id) if job else False

    @api.autovacuum
    def _gc_changes(self):
        self._gc_older_than_retention("create_date")


class ConnectorBindingHistory(models.Model):
    _inherit = "connector.binding"

    def action_open_history(self):
        """The changes the synchronisations made on this record."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "connector_base.action_connector_sync_change"
        )
        action["domain"] = self._backend_domain() + [
            ("res_model", "=", self.res_model),
            ("res_id", "=", self.res_id),
        ]
        action["context"] = {}
        return action
