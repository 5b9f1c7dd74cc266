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

// The machine's own buttons: read its status, choose the beverage to pour,
// brew one now, then run the scheduled menu import from the form.
registry.category("web_tour.tours").add("connector_coffee_machine_tour", {
    steps: () => [
        {
            content: "Open the coffee machine",
            trigger: ".o_data_row td:contains('Tour machine')",
            run: "click",
        },
        {
            content: "Import its status",
            trigger: "button[name='action_import_status']",
            run: "click",
        },
        {
            content: "The status import is queued",
            trigger: ".o_notification:contains('status import is queued')",
        },
        {
            content: "What to pour",
            trigger: ".o_notebook_headers a[name='busy']",
            run: "click",
        },
        {
            content: "An espresso",
            trigger: "div[name='busy_beverage_id'] input",
            run: "edit Espresso",
        },
        {
            content: "Choose it",
            trigger: ".o-autocomplete--dropdown-item a:contains('Espresso')",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Brew now",
            trigger: ".o_form_saved button[name='action_brew_now']",
            run: "click",
        },
        {
            content: "The brew order is sent",
            trigger: ".o_notification:contains('ordered')",
        },
        {
            content: "The chatter says why",
            trigger: ".o-mail-Message:contains('Brewed from the backend form')",
        },
        {
            content: "The synchronisation settings",
            trigger: ".o_notebook_headers a[name='sync']",
            run: "click",
        },
        {
            content: "Open the scheduled menu import",
            trigger: "button[name='action_open_cron']",
            run: "click",
        },
        {
            content: "It is this machine's",
            trigger: ".o_breadcrumb:contains('Tour machine')",
        },
        {
            content: "Run it now",
            trigger: "button[name='method_direct_trigger']",
            run: "click",
        },
        {
            content: "It ran",
            trigger: "button[name='method_direct_trigger']:enabled",
        },
    ],
});
