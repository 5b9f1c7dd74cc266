# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Coffee Connector",
    "summary": "Connect Odoo to my coffee machine: pour a coffee when Odoo is busy "
    "for too long",
    "version": "18.0.1.1.0",
    "category": "Connector",
    "website": "https://github.com/connector-suite/connector-suite",
    "author": "Connector Suite, Odoo Community Association (OCA)",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["connector", "connector_base", "mail", "product"],
    "data": [
        "security/ir.model.access.csv",
        "security/coffee_rules.xml",
        "data/coffee_cron.xml",
        "views/coffee_backend_views.xml",
    ],
    "demo": ["demo/coffee_backend_demo.xml"],
    "assets": {
        "web.assets_tests": ["connector_coffee/static/tests/tours/*.js"],
    },
}
