/** @odoo-module **/
/* Copyright 2026 Connector Suite contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */

// Steps the Kogan tours share.

// From the list of Kogan accounts, the tour account's Synchronisation tab.
export function accountSyncTab() {
    return [
        {
            content: "Open the Kogan account",
            trigger: ".o_data_row td:contains('Kogan tour')",
            run: "click",
        },
        {
            content: "Its form",
            trigger: ".o_form_view .o_last_breadcrumb_item:contains('Kogan tour')",
        },
        {
            content: "The synchronisation settings",
            trigger: ".o_notebook_headers a[name='sync']",
            run: "click",
        },
    ];
}

export {connectorApp} from "@connector_base/../tests/tours/connector_tour_steps.esm";
