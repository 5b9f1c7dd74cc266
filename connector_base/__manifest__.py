# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Connector Base",
    "summary": "Declarative connector framework: decorators, generic sync flows, "
    "bindings, change detection and error tracking on top of OCA connector",
    "version": "18.0.2.4.0",
    "category": "Connector",
    "website": "https://github.com/connector-suite/connector-suite",
    "author": "Connector Suite, Odoo Community Association (OCA)",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": [
        "connector",
        "queue_job",
        "component",
        "component_event",
        "base_setup",
        "mail",
    ],
    # a listing's digest (change detection of every import)
    "external_dependencies": {"python": ["orjson"]},
    "data": [
        "security/connector_base_security.xml",
        "security/ir.model.access.csv",
        "security/connector_base_rules.xml",
        "data/queue_job_data.xml",
        "data/connector_cron.xml",
        "data/connector_health_cron.xml",
        "views/connector_binding_views.xml",
        "views/connector_error_views.xml",
        "views/connector_export_rule_views.xml",
        "views/connector_bulk_sync_views.xml",
        "views/connector_export_confirm_views.xml",
        "views/connector_review_views.xml",
        "views/connector_sync_change_views.xml",
        "views/connector_health_views.xml",
        "views/res_config_settings_views.xml",
        "views/connector_menus.xml",
    ],
    "demo": ["demo/connector_base_demo.xml"],
    "assets": {
        "web.assets_tests": ["connector_base/static/tests/tours/*.js"],
    },
}
