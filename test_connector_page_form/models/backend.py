# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class PageFormBackend(models.Model):
    _name = "test.page.form.backend"
    _inherit = [
        "connector.backend",
        "connector.backend.crud.mixin",
        "connector.backend.http.mixin",
    ]
    _description = "Test Backend in the Product Page's Form"
