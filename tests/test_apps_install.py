"""From Apps, a user finds "Kogan Connector" and "Coffee Connector" and
installs Kogan Connector, in a real browser (Chromium, Odoo's tour runner).

The test database has every addon installed already, so the install happens
in a throwaway database holding only ``base`` and ``web`` (no demo data, as a
new production database), served by ``scripts/serve.sh`` as the demo is. The
tour steps are given by this test: the addons' own tours are not in that
database's assets before the install."""

import json
import os
import shutil
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import requests

import odoo
from odoo.tests import HttpCase, tagged

from odoo.addons.connector_base.tests.common import patient_pages, screenshot_at_end
from odoo.addons.connector_base.tests.patience import (
    REQUEST,
    TOUR as TOUR_WAIT,
    patience,
)

from .odoo_server import ROOT, OdooServer, free_port

TOUR_NAME = "connector_apps_install"
# the page unloads when the install is done: Odoo reloads the web client
RELOADED = "connector apps: page reloaded after the install"


def register_and_start(steps, start_url):
    """JavaScript registering a tour in the page, then starting it."""
    return (
        "const {registry} = odoo.loader.modules.get('@web/core/registry');"
        f"registry.category('web_tour.tours').add({json.dumps(TOUR_NAME)}, "
        f"{{steps: () => {json.dumps(steps)}}});"
        f"odoo.startTour({json.dumps(TOUR_NAME)}, "
        f"{json.dumps({'stepDelay': 0, 'startUrl': start_url})});"
    )


def search(text):
    return [
        {
            "content": f"Search {text}",
            "trigger": ".o_searchview_input",
            "run": f"edit {text} && press Enter",
        },
        {
            "content": f"Only {text} is shown",
            "trigger": f".o_searchview_facet:contains('{text}')",
        },
    ]


def card(name, module, summary):
    """The app's card: name, icon and summary."""
    record = f".o_kanban_record:contains('{name}')"
    return [
        {
            "content": f"{name}: its summary",
            "trigger": f"{record}:contains('{summary}')",
        },
        {
            "content": f"{name}: its icon",
            "trigger": f"{record} img[src*='/{module}/static/description/icon.png']",
        },
    ]


CLEAR_SEARCH = {
    "content": "Clear the search",
    "trigger": ".o_searchview_facet .o_facet_remove",
    "run": "click",
}

FIND_AND_INSTALL = [
    {"content": "Apps", "trigger": ".o_modules_kanban"},
    *search("Coffee Connector"),
    *card("Coffee Connector", "connector_coffee", "Connect Odoo to my coffee machine"),
    CLEAR_SEARCH,
    *search("Kogan Connector"),
    *card("Kogan Connector", "connector_kogan", "Sell on the Kogan.com marketplace"),
    {
        "content": "Activate Kogan Connector",
        "trigger": ".o_kanban_record:contains('Kogan Connector') "
        "button[name='button_immediate_install']",
        "run": "click",
    },
]

AFTER_INSTALL = [
    *search("Kogan Connector"),
    {
        "content": "Kogan Connector is installed: no Activate button any more",
        "trigger": ".o_kanban_record:contains('Kogan Connector')"
        ":not(:has(button[name='button_immediate_install']))",
    },
    {
        "content": "Open the apps menu",
        "trigger": ".o_navbar_apps_menu button",
        "run": "click",
    },
    {
        "content": "The Connector app",
        "trigger": ".o-dropdown-item:contains('Connector')",
        "run": "click",
    },
    {
        "content": "Connector → Configuration",
        "trigger": ".o_menu_sections button:contains('Configuration')",
        "run": "click",
    },
    {
        "content": "→ Kogan",
        "trigger": ".o-dropdown-item:contains('Kogan')",
        "run": "click",
    },
    {
        "content": "No account yet: what to do",
        "trigger": ".o_view_nocontent:contains('Connect a Kogan.com seller account')",
    },
    {
        "content": "A new account",
        "trigger": ".o_list_button_add",
        "run": "click",
    },
    {
        "content": "Its form, with Test connection",
        "trigger": ".o_form_view button[name='action_test_connection']",
    },
    {
        "content": "Leave it unsaved",
        "trigger": ".o_form_button_cancel",
        "run": "click",
    },
    {
        "content": "Back to the list",
        "trigger": ".o_list_view, .o_view_nocontent",
    },
]

# what a user sees in Apps afterwards: the README's screenshot
BOTH_CARDS = [
    *search("Connector"),
    {
        "content": "Kogan Connector installed",
        "trigger": ".o_kanban_record:contains('Kogan Connector')"
        ":not(:has(button[name='button_immediate_install']))",
    },
    {
        "content": "Coffee Connector still to install",
        "trigger": ".o_kanban_record:contains('Coffee Connector') "
        "button[name='button_immediate_install']",
    },
]


@tagged("post_install", "-at_install")
class TestAppsInstall(HttpCase):
    allow_end_on_form = True  # the first browser ends on a page being unloaded

    def setUp(self):
        super().setUp()
        self.db = f"connector_apps_{os.getpid()}"
        self._drop()
        started = time.monotonic()
        subprocess.run(
            [
                sys.executable,
                str(Path(odoo.__file__).parents[1] / "odoo-bin"),
                "-c",
                odoo.tools.config.rcfile,
                "-d",
                self.db,
                "-i",
                "web",
                "--without-demo=all",
                "--stop-after-init",
                "--log-level=warn",
            ],
            check=True,
            capture_output=True,
        )
        self.addCleanup(self._drop)
        logfile = Path(odoo.tools.config["data_dir"]) / f"{self.db}.log"
        self.server = OdooServer(self.db, free_port(), logfile)
        self.server.start()
        self.addCleanup(self.server.stop)
        self.created_in = time.monotonic() - started
        self.http = requests.Session()
        self.http.post(
            f"{self.server.url}/web/session/authenticate",
            json={"params": {"db": self.db, "login": "admin", "password": "admin"}},
            timeout=patience(REQUEST),
        ).raise_for_status()

    def _drop(self):
        with closing(odoo.sql_db.db_connect("postgres").cursor()) as cr:
            cr._cnx.autocommit = True
            cr.execute(f'DROP DATABASE IF EXISTS "{self.db}" WITH (FORCE)')
        shutil.rmtree(odoo.tools.config.filestore(self.db), ignore_errors=True)
        Path(ROOT, ".var", f"serve-{self.db}.conf").unlink(missing_ok=True)

    def _modules(self, *names):
        reply = self.http.post(
            f"{self.server.url}/web/dataset/call_kw",
            json={
                "params": {
                    "model": "ir.module.module",
                    "method": "search_read",
                    "args": [[("name", "in", names)], ["name", "state"]],
                    "kwargs": {},
                }
            },
            timeout=patience(REQUEST),
        ).json()
        return {m["name"]: m["state"] for m in reply["result"]}

    def _browse(self, url, steps, before="", screenshot=None, **kwargs):
        # the server builds its asset bundles on the first page: on one
        # loaded core that takes longer than the 60 s Odoo gives a page
        patient_pages(self)
        with screenshot_at_end(screenshot):
            self.browser_js(
                f"{self.server.url}{url}",
                before + register_and_start(steps, url),
                ready="!!(odoo.startTour && "
                "odoo.loader.modules.get('@web/core/registry'))",
                cookies={"session_id": self.http.cookies["session_id"]},
                timeout=patience(TOUR_WAIT),
                **kwargs,
            )

    def test_find_and_install_from_apps(self):
        self.assertEqual(
            self._modules("connector_kogan", "connector_coffee"),
            {"connector_kogan": "uninstalled", "connector_coffee": "uninstalled"},
        )
        for module in ("connector_kogan", "connector_coffee"):
            icon = self.http.get(
                f"{self.server.url}/{module}/static/description/icon.png",
                timeout=patience(REQUEST),
            )
            self.assertEqual(icon.status_code, 200)
            self.assertTrue(icon.content.startswith(b"\x89PNG"), module)

        # find both apps, read their cards, press Activate on Kogan Connector;
        # the browser ends when Odoo reloads the page after the install
        started = time.monotonic()
        self._browse(
            "/odoo/apps",
            FIND_AND_INSTALL,
            before="window.addEventListener('beforeunload', () => "
            f"console.log({json.dumps(RELOADED)}));",
            success_signal=RELOADED,
        )
        installed_in = time.monotonic() - started
        states = self._modules("connector_kogan", "connector_base", "queue_job")
        self.assertEqual(set(states.values()), {"installed"}, states)

        # the new app: Connector → Configuration → Kogan, a new account
        self._browse("/odoo/apps", AFTER_INSTALL, success_signal="tour succeeded")
        self._browse(
            "/odoo/apps",
            BOTH_CARDS,
            screenshot="apps_connectors",
            success_signal="tour succeeded",
        )
        self.assertEqual(
            self._modules("connector_coffee"), {"connector_coffee": "uninstalled"}
        )
        self._logger.info(
            "database created and served in %.1fs, Kogan Connector found and "
            "installed from Apps in %.1fs",
            self.created_in,
            installed_in,
        )
