/** @odoo-module **/
/* Copyright 2026 Connector Suite contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */

import {registry} from "@web/core/registry";

const tours = registry.category("web_tour.tours");

// The Kogan API the account points at: a simulator started by the Python
// test, on a port chosen at run time, handed over through the local storage.
const api = () => localStorage.getItem("connector_kogan_tour_api");

const openAccount = [
    {
        content: "Open the Kogan account",
        trigger: ".o_data_row td:contains('Kogan tour')",
        run: "click",
    },
    {
        content: "Its form",
        trigger: ".o_form_view .o_last_breadcrumb_item:contains('Kogan tour')",
    },
];

// From Connector → Configuration → Kogan: create a seller account, configure
// it, test the connection, import the listings and the orders.
tours.add("connector_kogan_backend_tour", {
    steps: () => [
        {
            content: "A new Kogan account",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Its name",
            trigger: "div[name='name'] input",
            run: "edit Kogan tour && press Tab",
        },
        {
            content: "The Kogan API (here the simulator)",
            trigger: "div[name='base_url'] input",
            run: `edit ${api()} && press Tab`,
        },
        {
            content: "Seller ID given by Kogan",
            trigger: "div[name='seller_id'] input",
            run: "edit tour && press Tab",
        },
        {
            content: "Seller Token given by Kogan",
            trigger: "div[name='seller_token'] input",
            run: "edit tour-s3cret && press Tab",
        },
        {
            content: "Prices in AUD from a pricelist",
            trigger: "div[name='pricelist_id'] input",
            run: "edit Tour AUD",
        },
        {
            content: "Choose it",
            trigger: ".o-autocomplete--dropdown-item a:contains('Tour AUD')",
            run: "click",
        },
        {
            content: "Default brand of the listings",
            trigger: "div[name='default_brand'] input",
            run: "edit Initech && press Tab",
        },
        {
            content: "Default Kogan category",
            trigger: "div[name='default_category'] input",
            run: "edit kogan:42 && press Tab",
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
            content: "The synchronisation settings",
            trigger: ".o_notebook_headers a[name='sync']",
            run: "click",
        },
        {
            content: "Orders imported every 5 minutes by the scheduled action",
            trigger: "div[name='cron_active'] input",
            run: "click",
        },
        {
            content: "Save again",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved again",
            trigger: ".o_form_saved div[name='cron_active'] input:checked",
        },
        {
            content: "Test the connection",
            trigger: "button[name='action_test_connection']",
            run: "click",
        },
        {
            content: "The connection works",
            trigger: ".o_notification:contains('Connection to Kogan tour works')",
        },
        {
            content: "Import the Kogan listings",
            trigger: "button[name='action_import_products']",
            run: "click",
        },
        {
            content: "The listing import is queued",
            trigger: ".o_notification:contains('listings is queued')",
        },
        {
            content: "Import the orders",
            trigger: "button[name='action_import_orders']",
            run: "click",
        },
        {
            content: "The order import is queued",
            trigger: ".o_notification:contains('orders is queued')",
        },
    ],
});

// Once the jobs ran: the orders, the listings, then the account's counters
// and the time and counts of its last synchronisations.
tours.add("connector_kogan_records_tour", {
    steps: () => [
        ...openAccount,
        {
            content: "Its orders",
            trigger: "button[name='action_open_orders']:contains('Orders')",
            run: "click",
        },
        {
            content: "The Kogan orders are sale orders of the buyers",
            trigger: ".o_data_row:contains('Buyer 1')",
        },
        {
            content: "Back to the account",
            trigger: ".breadcrumb-item a:contains('Kogan tour')",
            run: "click",
        },
        {
            content: "Its listings",
            trigger: "button[name='action_open_products']:contains('Listings')",
            run: "click",
        },
        {
            content: "A Kogan listing is an Odoo product",
            trigger: ".o_data_row:contains('Sample product 1')",
        },
        {
            content: "Back to the account",
            trigger: ".breadcrumb-item a:contains('Kogan tour')",
            run: "click",
        },
        {
            content: "Three listings",
            trigger: "button[name='action_open_products'] .o_stat_value:contains('3')",
        },
        {
            content: "One open error",
            trigger: "button[name='action_open_errors'] .o_stat_value:contains('1')",
        },
        {
            content: "The synchronisation settings and history",
            trigger: ".o_notebook_headers a[name='sync']",
            run: "click",
        },
        {
            content: "The scheduled order import is on",
            trigger: "div[name='cron_active'] input:checked",
        },
        {
            content: "The last imports, with their times and counts",
            trigger: "div[name='sync_state_ids'] .o_data_row:contains('Sales Order')",
            run() {
                this.anchor.scrollIntoView({block: "center"});
            },
        },
    ],
});

// The open error of the account: an order for a product not listed on Kogan.
tours.add("connector_kogan_error_tour", {
    steps: () => [
        ...openAccount,
        {
            content: "Open errors",
            trigger: "button[name='action_open_errors']",
            run: "click",
        },
        {
            content: "The failed order",
            trigger: ".o_data_row td:contains('KOGAN-NEW-1')",
            run: "click",
        },
        {
            content: "What failed, in plain words",
            trigger: ".alert-danger:contains('KOGAN-NEW-1'):contains('is not one of this seller')",
        },
        {
            content: "The order as Kogan sent it",
            trigger: "div[name='payload']:contains('KOGAN-NEW-1')",
        },
        {
            content: "It can be retried",
            trigger: "button[name='action_retry']",
        },
    ],
});

// The fix: the product is created in Odoo with that SKU and sold on Kogan.
tours.add("connector_kogan_list_product_tour", {
    steps: () => [
        {
            content: "The product's name",
            trigger: ".o_form_editable div[name='name'] textarea",
            run: "edit Kogan new product && press Tab",
        },
        {
            content: "Its Internal Reference is the Kogan SKU",
            trigger: "div[name='default_code'] input",
            run: "edit KOGAN-NEW-1 && press Tab",
        },
        {
            content: "Its price",
            trigger: "div[name='list_price'] input",
            run: "edit 12.95 && press Tab",
        },
        {
            content: "The Kogan tab",
            trigger: ".o_notebook_headers a[name='kogan']",
            run: "click",
        },
        {
            content: "Sell on Kogan",
            trigger: "div[name='kogan_listed'] input",
            run: "click",
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
            content: "Back to the general information",
            trigger: ".o_notebook_headers a[name='general_information']",
            run: "click",
        },
        {
            content: "The SKU is saved",
            trigger: "div[name='default_code'] input:value('KOGAN-NEW-1')",
        },
    ],
});

// Once the product is listed: retry the order from its error.
tours.add("connector_kogan_retry_tour", {
    steps: () => [
        {
            content: "The open error",
            trigger: ".o_data_row td:contains('KOGAN-NEW-1')",
            run: "click",
        },
        {
            content: "Retry",
            trigger: "button[name='action_retry']",
            run: "click",
        },
        {
            content: "The order import is queued again",
            trigger: ".o_notification:contains('queued again')",
        },
    ],
});

// The account's scheduled order import, opened from its form and run now.
tours.add("connector_kogan_cron_tour", {
    steps: () => [
        ...openAccount,
        {
            content: "The synchronisation settings",
            trigger: ".o_notebook_headers a[name='sync']",
            run: "click",
        },
        {
            content: "Open the scheduled action",
            trigger: "button[name='action_open_cron']",
            run: "click",
        },
        {
            content: "It is the order import of this account",
            trigger: ".o_breadcrumb:contains('Kogan: import orders from Kogan tour')",
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

// The account's other buttons: send the products, then their stock and prices.
tours.add("connector_kogan_send_tour", {
    steps: () => [
        ...openAccount,
        {
            content: "Export the products to Kogan",
            trigger: "button[name='action_export_products']",
            run: "click",
        },
        {
            content: "The export is queued",
            trigger: ".o_notification:contains('export of the products to Kogan is queued')",
        },
        {
            content: "Send stock and prices",
            trigger: "button[name='action_push_stock_price']",
            run: "click",
        },
        {
            content: "The four listed products will be sent",
            trigger: ".o_notification:contains('Stock and prices of 4 products will be sent')",
        },
    ],
});
