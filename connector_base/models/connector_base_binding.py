# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ConnectorBaseBinding(models.AbstractModel):
    """For OCA-style concrete bindings (``_inherits`` on the Odoo model, like
    ``coffee.binding``): adds the synchronisation state the generic flows use.

    The concrete model defines ``backend_id``, ``odoo_id`` and its external id
    field (named in ``_connector_external_field``), and declares the unique
    constraints (backend, external id) and (backend, odoo_id)."""

    _name = "connector.base.binding"
    _inherit = ["external.binding", "connector.binding.sync.fields"]
    _description = "Connector Concrete Binding (abstract)"

    _connector_external_field = "external_id"

    def _connector_record(self):
        """A concrete binding is itself the record the flows write to."""
        self.ensure_one()
        return self
