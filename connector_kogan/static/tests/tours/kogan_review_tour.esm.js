/** @odoo-module **/
/* Copyright 2026 Connector Suite contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */

import {registry} from "@web/core/registry";
import {accountSyncTab, connectorApp} from "./kogan_tour_steps.esm";

const tours = registry.category("web_tour.tours");

// From the account's Synchronisation tab: new listings imported from Kogan
// wait for review, and are not exported until they are reviewed.
tours.add("connector_kogan_review_rules_tour", {
    steps: () => [
        ...accountSyncTab(),
        {
            content: "Open the review rules",
            trigger: "button[name='action_open_review_rules']",
            run: "click",
        },
        {
            // the form's last runs list product.product too
            content: "The review rules, one per imported model",
            trigger: ".o_last_breadcrumb_item:contains('Review rules of Kogan tour')",
        },
        {
            content: "The rule of the imported products",
            trigger: ".o_data_row:contains('product.product') td[name='model_name']",
            run: "click",
        },
        {
            content: "New products wait for review",
            trigger: ".o_selected_row td[name='review_new_records'] input",
            run: "check",
        },
        {
            content: "and are not exported before",
            trigger: ".o_selected_row td[name='hold_export_until_reviewed'] input",
            run: "check",
        },
        {
            content: "Save",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger:
                ".o_data_row:not(.o_selected_row):contains('product.product') td[name='hold_export_until_reviewed'] input:checked",
        },
    ],
});

// Connector → To Review: the new listing is reviewed from the list; the
// order whose total does not reconcile is read, its order checked, then
// marked as reviewed; the queue then lists both as reviewed.
tours.add("connector_kogan_review_tour", {
    steps: () => [
        ...connectorApp(),
        {
            content: "Open the records to review",
            trigger: "[data-menu-xmlid='connector_base.menu_connector_reviews']",
            run: "click",
        },
        {
            content: "The order whose total differs waits",
            trigger: ".o_data_row td[name='reason']:contains('250.00')",
        },
        {
            content: "Select the new listing",
            trigger:
                ".o_data_row:contains('New record imported') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Mark it as reviewed",
            trigger: ".o_control_panel button[name='action_mark_reviewed']",
            run: "click",
        },
        {
            content: "It is reviewed",
            trigger: ".o_notification:contains('1 record reviewed')",
        },
        {
            content: "It left the queue",
            trigger:
                ".o_list_view:not(:has(.o_data_row:contains('New record imported')))",
        },
        {
            content: "Open the order's review",
            trigger: ".o_data_row td[name='reason']:contains('250.00')",
            run: "click",
        },
        {
            content: "Why it waits",
            trigger:
                ".o_form_view div[name='reason']:contains('Check prices and taxes')",
        },
        {
            content: "Open the order",
            trigger: "button[name='action_open_record']",
            run: "click",
        },
        {
            content: "The order says Kogan's total differs",
            trigger: ".o_form_view .alert-warning:contains('differs from this order')",
        },
        {
            content: "Back to its review",
            trigger: ".o_breadcrumb .o_back_button a",
            run: "click",
        },
        {
            content: "Checked: mark it as reviewed",
            trigger: ".o_form_view button[name='action_mark_reviewed']",
            run: "click",
        },
        {
            content: "Reviewed, by whom",
            trigger:
                ".o_statusbar_status .o_arrow_button_current:contains('Reviewed'):not(:contains('To Review'))",
        },
        {
            content: "By the user",
            trigger: "div[name='reviewed_by_id']:contains('Mitchell Admin')",
        },
        {
            content: "Back to the queue",
            trigger: ".o_breadcrumb .o_back_button a:contains('To Review')",
            run: "click",
        },
        {
            content: "Nothing left to review",
            trigger: ".o_list_view .o_view_nocontent",
        },
        {
            content: "Show the reviewed records too",
            trigger: ".o_searchview_facet:contains('To Review') .o_facet_remove",
            run: "click",
        },
        {
            content: "The order, reviewed",
            trigger:
                ".o_data_row:contains('250.00') td[name='state']:contains('Reviewed')",
        },
        {
            content: "The listing, reviewed",
            trigger:
                ".o_data_row:contains('New record imported') td[name='state']:contains('Reviewed')",
        },
        {
            content: "The notifications are gone",
            trigger: "body:not(:has(.o_notification))",
        },
    ],
});
