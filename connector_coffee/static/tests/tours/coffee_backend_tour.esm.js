/** @odoo-module **/
/* Copyright 2026 Connector Suite contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */

import {registry} from "@web/core/registry";

// From the list of coffee machines: open one, test the connection, import its
// menu. The machine is created by the Python test, pointing at a simulator.
registry.category("web_tour.tours").add("connector_coffee_backend_tour", {
    steps: () => [
        {
            content: "Open the coffee machine",
            trigger: ".o_data_row td:contains('Tour machine')",
            run: "click",
        },
        {
            content: "Test the connection",
            trigger: "button[name='action_test_connection']",
            run: "click",
        },
        {
            content: "The connection works",
            trigger: ".o_notification:contains('works')",
        },
        {
            content: "Import the menu",
            trigger: "button[name='action_import_menu']",
            run: "click",
        },
        {
            content: "The import is queued",
            trigger: ".o_notification:contains('queued')",
        },
    ],
});

// The imported beverages, from the Connector menu.
registry.category("web_tour.tours").add("connector_coffee_beverages_tour", {
    steps: () => [
        {
            content: "Espresso is on the list",
            trigger: ".o_data_row td:contains('Espresso')",
        },
        {
            content: "So is the unavailable hot chocolate",
            trigger: ".o_data_row td:contains('Hot chocolate')",
        },
    ],
});

// A failed import: read the error in plain words, retry it.
registry.category("web_tour.tours").add("connector_coffee_error_retry_tour", {
    steps: () => [
        {
            content: "Open the error",
            trigger: ".o_data_row td:contains('not JSON')",
            run: "click",
        },
        {
            content: "The machine's answer is shown in plain words",
            trigger: ".alert-danger:contains('not JSON')",
        },
        {
            content: "Retry",
            trigger: "button[name='action_retry']",
            run: "click",
        },
        {
            content: "The synchronisation is queued again",
            trigger: ".o_notification:contains('queued again')",
        },
    ],
});

// Settings → Connector holds the global defaults.
registry.category("web_tour.tours").add("connector_settings_tour", {
    steps: () => [
        {
            content: "The connector defaults are there",
            trigger: ".o_setting_box:contains('Batch size') input",
        },
        {
            content: "Conflict policy too",
            trigger: ".o_setting_box:contains('Conflict policy')",
        },
    ],
});
