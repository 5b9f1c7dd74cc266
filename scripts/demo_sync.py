"""Once the demo server answers, start the demo backends' first imports
through XML-RPC (as a user pressing the buttons), so that the demo opens with
records to look at; the jobrunner runs them.

The Kogan orders are imported once the listings are: the orders sell the
demo's listings, and both imports would otherwise create the same products
at once (one of them then retried).

Usage: demo_sync.py URL DATABASE SECONDS (how long to wait for the server
and for the listings, given by demo.sh)."""

import sys
import time
import urllib.request
import xmlrpc.client

url, db, patience = sys.argv[1], sys.argv[2], float(sys.argv[3])


def wait(what, ready):
    deadline = time.monotonic() + patience
    while not ready():
        if time.monotonic() > deadline:
            sys.exit(f"Demo imports: gave up after {patience:.0f} s waiting for {what}")
        time.sleep(1)


def answers():
    try:
        urllib.request.urlopen(f"{url}/web/health", timeout=patience)
    except OSError:
        return False
    return True


wait("the server to answer", answers)
uid = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").authenticate(
    db, "admin", "admin", {}
)
models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)


def press(model, *buttons):
    ids = models.execute_kw(db, uid, "admin", model, "search", [[]])
    for button in buttons:
        models.execute_kw(db, uid, "admin", model, button, [ids[:1]])


def no_job_left():
    return not models.execute_kw(
        db,
        uid,
        "admin",
        "queue.job",
        "search_count",
        [[("state", "not in", ("done", "failed", "cancelled"))]],
    )


press("coffee.backend", "action_import_menu", "action_import_status")
press("connector.kogan.backend", "action_import_products")
wait("the Kogan listings to be imported", no_job_left)
press("connector.kogan.backend", "action_import_orders")
print(f"Demo imports queued on {db}", flush=True)
