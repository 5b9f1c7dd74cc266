/** @odoo-module **/
/* Copyright 2026 Connector Suite contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */

import {registry} from "@web/core/registry";
import {accountSyncTab} from "./kogan_tour_steps.esm";

// New records follow: on the Kogan account, the export rule of products
// (only what can be sold) gets "Export new records" ticked.
registry.category("web_tour.tours").add("connector_kogan_export_rules_tour", {
    steps: () => [
        ...accountSyncTab(),
        {
            content: "Open the export rules",
            trigger: "button[name='action_open_export_rules']",
            run: "click",
        },
        {
            content: "The rule of products exports only what can be sold",
            trigger:
                ".o_list_view .o_data_row:has(td[name='model_label']:contains('Product Variant')) td[name='export_domain']:contains('Sales')",
        },
        {
            content: "Edit the rule of products",
            trigger:
                ".o_data_row:has(td[name='model_label']:contains('Product Variant')) td[name='export_new_records']",
            run: "click",
        },
        {
            // the click that opened the row may have ticked it already
            content: "New products follow",
            trigger: ".o_selected_row td[name='export_new_records'] input:enabled",
            run() {
                if (!this.anchor.checked) {
                    this.anchor.click();
                }
            },
        },
        {
            content: "Save the rule",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger:
                ".o_list_view:not(:has(.o_selected_row)) .o_data_row:has(td[name='model_label']:contains('Product Variant')) td[name='export_new_records'] input:checked",
        },
    ],
});
