/** @odoo-module **/
/* Copyright 2026 Connector Suite contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */

import {registry} from "@web/core/registry";

const tours = registry.category("web_tour.tours");

const openConnectorMenu = (xmlid, name) => [
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
    {
        content: `Open ${name}`,
        trigger: `[data-menu-xmlid='${xmlid}']`,
        run: "click",
    },
];

const listingBinding = ".o_data_row:contains('SKU-00001'):contains('Kogan tour')";

// Connector → History shows what the last import changed; the listing's
// binding leads to the product, renamed in Odoo.
tours.add("connector_kogan_history_tour", {
    steps: () => [
        ...openConnectorMenu("connector_base.menu_connector_sync_changes", "History"),
        {
            content: "The import renamed the product",
            trigger:
                ".o_data_row:contains('SKU-00001') td[name='summary']:contains('Renamed on Kogan')",
        },
        {
            content: "Open the bindings",
            trigger: "[data-menu-xmlid='connector_base.menu_connector_bindings']",
            run: "click",
        },
        {
            content: "Open the product of the listing",
            trigger: `${listingBinding} button[name='action_open_record']`,
            run: "click",
        },
        {
            content: "Rename it",
            trigger: ".o_form_view div[name='name'] textarea",
            run: "edit Renamed in Odoo && press Tab",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
    ],
});

// Once exported: the history of the listing, from its binding.
tours.add("connector_kogan_history_view_tour", {
    steps: () => [
        ...openConnectorMenu("connector_base.menu_connector_bindings", "Bindings"),
        {
            content: "The history of the listing",
            trigger: `${listingBinding} button[name='action_open_history']`,
            run: "click",
        },
        {
            content: "The rename in Odoo, sent to Kogan",
            trigger:
                ".o_data_row:contains('Export'):contains('Updated on the remote side')",
        },
        {
            content: "The rename on Kogan, imported",
            trigger: ".o_data_row:contains('Import'):contains('Renamed on Kogan')",
        },
        {
            content: "Nothing of the other listings",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('SKU-00002')))",
        },
    ],
});
