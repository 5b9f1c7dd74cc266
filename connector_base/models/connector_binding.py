# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .connector_backend_reference import DIRECTIONS


class ConnectorBindingSyncFields(models.AbstractModel):
    """What a binding remembers of its last synchronisation, to skip unchanged
    records both ways and to detect conflicts (both sides changed)."""

    _name = "connector.binding.sync.fields"
    _description = "Connector Binding Synchronisation State"

    external_updated_at = fields.Datetime(
        help="The external record's own update time at the last synchronisation",
        readonly=True,
    )
    external_hash = fields.Char(
        help="Digest of the external record at the last synchronisation, for "
        "systems that expose no update time",
        readonly=True,
    )
    odoo_write_date = fields.Datetime(
        help="The Odoo record's write date right after the last synchronisation",
        readonly=True,
    )
    sync_date = fields.Datetime(string="Last Synchronisation", readonly=True)
    sync_direction = fields.Selection(DIRECTIONS, readonly=True)
    external_deleted_at = fields.Datetime(
        string="Gone Remotely Since",
        readonly=True,
        help="The external record was found deleted or disabled (a 404 on read, "
        "its deleted flag, or missing from a complete listing); the backend's "
        "policy then archived, deleted or kept the Odoo record.",
    )
    archived_as_gone = fields.Boolean(
        readonly=True,
        help="The Odoo record was archived because the external one was gone: "
        "it is restored if the external record comes back.",
    )


class ConnectorBinding(models.Model):
    """The generic binding table: one row links one backend, one Odoo record and
    one external id, for any Odoo model, so that a connector needs no binding
    model of its own. Uniqueness both ways is enforced by the database."""

    _name = "connector.binding"
    _inherit = ["connector.record.reference", "connector.binding.sync.fields"]
    _description = "Connector Binding"
    _order = "sync_date desc, id desc"
    _rec_name = "external_id"

    res_model = fields.Char(string="Odoo Model")
    res_id = fields.Many2oneReference(string="Odoo Record ID", required=False)
    external_id = fields.Char(string="External ID", required=True, readonly=True)

    _sql_constraints = [
        (
            "external_uniq",
            "unique(backend_model, backend_id, res_model, external_id)",
            "An external record is bound only once per backend.",
        ),
        (
            "record_uniq",
            "unique(backend_model, backend_id, res_model, res_id)",
            "An Odoo record is bound only once per backend.",
        ),
    ]

    def _connector_record(self):
        """The bound Odoo record."""
        self.ensure_one()
        return self.env[self.res_model].browse(self.res_id)
