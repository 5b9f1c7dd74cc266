# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Kogan Connector",
    "summary": "Sell on the Kogan.com marketplace: products, prices, stock, orders "
    "and fulfilment synchronised with Odoo",
    "version": "18.0.1.1.0",
    "category": "Connector",
    "website": "https://github.com/connector-suite/connector-suite",
    "author": "Connector Suite, Odoo Community Association (OCA)",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": [
        "connector",
        "connector_base",
        "sale_stock",
        "stock_delivery",
        "sale_automatic_workflow",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/kogan_company_rules.xml",
        "data/kogan_data.xml",
        "data/kogan_workflow_data.xml",
        "views/kogan_backend_views.xml",
        "views/product_views.xml",
        "views/sale_order_views.xml",
        "views/delivery_carrier_views.xml",
        "views/stock_picking_views.xml",
        "views/account_move_views.xml",
        "wizards/kogan_order_recovery_views.xml",
    ],
    "demo": ["demo/kogan_backend_demo.xml"],
    "assets": {
        "web.assets_tests": ["connector_kogan/static/tests/tours/*.js"],
    },
}
