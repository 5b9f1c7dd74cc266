"""Once the demo server answers, start the demo backends' first imports
through XML-RPC (as a user pressing the buttons), so that the demo opens with
records to look at; the jobrunner runs them."""

import sys
import time
import urllib.request
import xmlrpc.client

url, db = sys.argv[1], sys.argv[2]
for __ in range(300):
    try:
        urllib.request.urlopen(f"{url}/web/health", timeout=2)
        break
    except OSError:
        time.sleep(1)
uid = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").authenticate(
    db, "admin", "admin", {}
)
models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)
for model, buttons in (
    ("connector.kogan.backend", ["action_import_products", "action_import_orders"]),
    ("coffee.backend", ["action_import_menu", "action_import_status"]),
):
    ids = models.execute_kw(db, uid, "admin", model, "search", [[]])
    for button in buttons:
        models.execute_kw(db, uid, "admin", model, button, [ids[:1]])
print(f"Demo imports queued on {db}", flush=True)
