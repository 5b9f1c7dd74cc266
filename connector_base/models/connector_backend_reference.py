# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models

from ..settings import setting

#: the two ways a synchronisation goes
DIRECTIONS = [("import", "Import"), ("export", "Export")]


class ConnectorBackendReference(models.AbstractModel):
    """A row that belongs to one backend of any connector (bindings, errors,
    synchronisation states): backends are records of each connector's own
    model, hence a model name and an id. The row takes its backend's company,
    which the record rules keep to the users of that company."""

    _name = "connector.backend.reference"
    _description = "Connector: Row of a Backend"

    backend_model = fields.Char(required=True, index=True, readonly=True)
    backend_id = fields.Many2oneReference(
        model_field="backend_model", required=True, index=True, readonly=True
    )
    backend_name = fields.Char(compute="_compute_backend_name")
    company_id = fields.Many2one(
        "res.company",
        readonly=True,
        index=True,
        help="The backend's company (none: the backend is shared)",
    )

    @api.depends("backend_model", "backend_id")
    def _compute_backend_name(self):
        for row in self:
            row.backend_name = row._backend().exists().display_name or ""

    @api.model
    def _gc_older_than_retention(self, date_field, domain=()):
        """Autovacuum: rows of ``domain`` whose ``date_field`` is older than
        the log retention of Settings → Connector are deleted."""
        days = setting(self.env, "log_retention_days")
        limit = fields.Datetime.now() - timedelta(days=days)
        self.sudo().search([*domain, (date_field, "<", limit)]).unlink()

    def _backend(self):
        self.ensure_one()
        return self.env[self.backend_model].browse(self.backend_id)

    def _backend_domain(self):
        """The rows of this row's backend (the backend's ``_backend_domain``)."""
        return [
            ("backend_model", "=", self.backend_model),
            ("backend_id", "=", self.backend_id),
        ]

    @api.model
    def _model_label(self, model_name):
        """The name people know a model by (Sales Order, not sale.order)."""
        return self.env["ir.model"].sudo()._get(model_name).name or model_name

    @api.model_create_multi
    def create(self, vals_list):
        # always the backend's company, whatever the caller says: a row
        # given another company would be shown to that company's users
        for vals in vals_list:
            if vals.get("backend_model"):
                vals["company_id"] = self._backend_company(
                    vals["backend_model"], vals.get("backend_id")
                )
        return super().create(vals_list)

    @api.model
    def _backend_company(self, backend_model, backend_id):
        backends = self.env[backend_model]
        if "company_id" not in backends._fields or not backend_id:
            return False
        return backends.sudo().browse(backend_id).company_id.id

    @api.model
    def _fill_backend_companies(self):
        """Rows stored before they had a company take their backend's (the
        update to 18.0.1.1.0 runs it): otherwise every company sees them."""
        rows = self.sudo().search([("company_id", "=", False)])
        for (backend_model, backend_id), backend_rows in rows.grouped(
            lambda row: (row.backend_model, row.backend_id)
        ).items():
            if backend_model in self.env:  # else its connector is uninstalled
                company = self._backend_company(backend_model, backend_id)
                backend_rows.company_id = company
