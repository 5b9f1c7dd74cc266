/** @odoo-module **/
/* Copyright 2026 Connector Suite contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */

// Steps the connectors' tours share.

// From the home screen, the Connector app.
export function connectorApp() {
    return [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Connector app",
            trigger: ".o_app[data-menu-xmlid='connector.menu_connector_root']",
            run: "click",
        },
    ];
}
