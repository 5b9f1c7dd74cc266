/** @odoo-module **/
/* Copyright 2026 Connector Suite contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */

import {connectorApp} from "./connector_tour_steps.esm";
import {registry} from "@web/core/registry";

// Connector → Sync health: the card of a backend, its volume graph, the
// backend itself, then the cards again. The backend and its history are made
// by the Python test.
registry.category("web_tour.tours").add("connector_health_tour", {
    url: "/odoo",
    steps: () => [
        ...connectorApp(),
        {
            content: "Open Sync health",
            trigger: "[data-menu-xmlid='connector_base.menu_connector_health']",
            run: "click",
        },
        {
            content: "The backend has its card, with what it synchronised today",
            trigger:
                ".o_kanban_record:contains('Health machine') .o_health_synced:contains('9')",
        },
        {
            content: "Its open errors, by kind",
            trigger:
                ".o_kanban_record:contains('Health machine') .o_health_errors_by_kind:contains('Data to fix: 2')",
        },
        {
            content: "Open the volume of the backend",
            trigger:
                ".o_kanban_record:contains('Health machine') button[name='action_open_volume']",
            run: "click",
        },
        {
            content: "The volume is a graph",
            trigger: ".o_graph_view .o_graph_renderer canvas",
        },
        {
            content: "Back to the cards",
            trigger: ".o_breadcrumb a:contains('Sync health')",
            run: "click",
        },
        {
            content: "Open the card",
            trigger: ".o_kanban_record .o_health_name:contains('Health machine')",
            run: "click",
        },
        {
            content: "The card leads to its backend",
            trigger: ".o_form_view .o_field_widget[name='name'] input:value('Health machine')",
        },
        {
            content: "Back to the cards (the page the readme shows)",
            trigger: ".o_breadcrumb a:contains('Sync health')",
            run: "click",
        },
        {
            content: "The card again",
            trigger:
                ".o_kanban_record:contains('Health machine') .o_health_errors_by_kind:contains('Data to fix: 2')",
        },
    ],
});
