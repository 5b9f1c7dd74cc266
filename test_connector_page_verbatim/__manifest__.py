# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Connector Base Tests: the Product Page's Code, Verbatim",
    "summary": "Test-only addon: connector_base's product page's code as printed, "
    "its adapter's methods left as pass",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "website": "https://github.com/connector-suite/connector-suite",
    "author": "Connector Suite, Odoo Community Association (OCA)",
    "license": "LGPL-3",
    "installable": True,
    "depends": ["connector_base", "product"],
    "data": ["security/ir.model.access.csv"],
}
