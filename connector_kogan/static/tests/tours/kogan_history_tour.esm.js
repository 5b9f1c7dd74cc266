/** @odoo-module **/
/* Copyright 2026 Connector Suite contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */

import {registry} from "@web/core/registry";
import {connectorApp} from "./kogan_tour_steps.esm";

const listingBinding = ".o_data_row:contains('SKU-00001'):contains('Kogan tour')";

// Connector → History shows what the last import changed; the listing's
// binding leads to the product, renamed in Odoo, then to its own history.
registry.category("web_tour.tours").add("connector_kogan_history_tour", {
    steps: () => [
        ...connectorApp(),
        {
            content: "Open the history",
            trigger: "[data-menu-xmlid='connector_base.menu_connector_sync_changes']",
            run: "click",
        },
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
        {
            content: "Back to the bindings",
            trigger: ".o_breadcrumb .o_back_button a:contains('Bindings')",
            run: "click",
        },
        {
            content: "The history of the listing",
            trigger: `${listingBinding} button[name='action_open_history']`,
            run: "click",
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
