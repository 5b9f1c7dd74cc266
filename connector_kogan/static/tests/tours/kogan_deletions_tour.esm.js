/** @odoo-module **/
/* Copyright 2026 Connector Suite contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */

import {registry} from "@web/core/registry";
import {accountSyncTab} from "./kogan_tour_steps.esm";

// The account's deletion policies: a listing gone from Kogan archives its
// product (the default), a product archived in Odoo is disabled on Kogan;
// then the listings are imported.
registry.category("web_tour.tours").add("connector_kogan_deletions_tour", {
    steps: () => [
        ...accountSyncTab(),
        {
            content: "A listing gone from Kogan archives its product",
            trigger:
                "div[name='remote_deletion_policy'] select:has(option:selected:contains('Archive the Odoo record'))",
        },
        {
            content: "A product archived in Odoo is disabled on Kogan",
            trigger: "div[name='odoo_deletion_policy'] select",
            run: "selectByLabel Delete (or disable) the external record",
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
            content: "Import the listings",
            trigger: "button[name='action_import_products']",
            run: "click",
        },
        {
            content: "The listing import is queued",
            trigger: ".o_notification:contains('listings is queued')",
        },
        {
            content: "The policies, in view",
            trigger: "div[name='odoo_deletion_policy']",
            run() {
                this.anchor.scrollIntoView({block: "center"});
            },
        },
    ],
});
