/** @odoo-module **/
/* Copyright 2026 Connector Suite contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */

import {registry} from "@web/core/registry";

const selectProducts = [
    {
        content: "Select the desk",
        trigger: ".o_data_row:contains('Bulk desk') .o_list_record_selector input",
        run: "click",
    },
    {
        content: "and the lamp",
        trigger: ".o_data_row:contains('Bulk lamp') .o_list_record_selector input",
        run: "click",
    },
    {
        content: "Open the actions",
        trigger: ".o_control_panel .o_cp_action_menus button",
        run: "click",
    },
];

// Connector → Errors: the two products Kogan refused, fixed since, retried
// together. Then the product variants: two selected, exported to Kogan from
// Actions.
registry.category("web_tour.tours").add("connector_kogan_bulk_tour", {
    steps: () => [
        {
            content: "Select the error of the first refused product",
            trigger: ".o_data_row:contains('bad sku!') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "and of the second",
            trigger: ".o_data_row:contains('worse sku!') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Retry them",
            trigger: ".o_control_panel button[name='action_retry']",
            run: "click",
        },
        {
            content: "Their export runs again, once",
            trigger: ".o_notification:contains('2 errors queued again (1 jobs)')",
        },
        {
            content: "The product variants",
            trigger: ".o_list_view",
            run: "goToUrl /odoo/action-product.product_normal_action_sell",
        },
        {
            content: "Search the products",
            trigger:
                ".o_control_panel:contains('Product Variants') .o_searchview_input",
            run: "edit Bulk && press Enter",
        },
        ...selectProducts,
        {
            content: "Export to / Re-import from Kogan",
            trigger: ".o-dropdown-item:contains('Export to / Re-import from Kogan')",
            run: "click",
        },
        {
            content: "Two products selected",
            trigger: ".modal div[name='record_count']:contains('2')",
        },
        {
            content: "Export, not re-import",
            trigger: ".modal div[name='direction'] input[data-value='export']:checked",
        },
        {
            content: "To the Kogan account",
            trigger: ".modal div[name='backend_ref'] select",
            run: "selectByLabel Kogan tour",
        },
        {
            content: "Queue",
            trigger: ".modal button[name='action_queue']",
            run: "click",
        },
        {
            content: "One job per product",
            trigger: ".o_notification:contains('2 jobs queued for Kogan tour')",
        },
        // the tour ends with them selected again and the actions open: the
        // readme's screenshot
        {
            content: "The list is back, nothing selected",
            trigger: ".o_list_view:not(:has(.o_data_row input:checked))",
        },
        ...selectProducts,
        {
            content: "Exported again or re-imported from the same entry",
            trigger: ".o-dropdown-item:contains('Export to / Re-import from Kogan')",
        },
    ],
});
