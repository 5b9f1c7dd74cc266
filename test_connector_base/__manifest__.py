# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Connector Base Tests",
    "summary": "Test-only addon: a tiny connector written with connector_base's "
    "decorators, against a local HTTP simulator",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "website": "https://github.com/connector-suite/connector-suite",
    "author": "Connector Suite, Odoo Community Association (OCA)",
    "license": "LGPL-3",
    "installable": True,
    "depends": ["connector_base"],
    "data": ["security/ir.model.access.csv"],
}
