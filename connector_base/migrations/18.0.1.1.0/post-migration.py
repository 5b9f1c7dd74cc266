# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Bindings, errors and synchronisation states take their backend's
    company, which the new record rules filter on."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for model in ("connector.binding", "connector.error", "connector.sync.state"):
        env[model]._fill_backend_companies()
