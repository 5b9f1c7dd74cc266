"""What the Kogan suites of this folder share (faults, user input, RPC rights,
races): the seller token that must never leak, the fault timeouts, and a
backend on a local simulator of Kogan's API."""

from odoo.addons.connector_base.tests.patience import fault_timeouts
from odoo.addons.connector_kogan.tests.simulator import KoganSimulator

SECRET = "kogan-s3cret-token-7"
TIMEOUT, TOO_SLOW, WITHIN = fault_timeouts()


def start_simulator(test, seller_id, **options):
    """A simulator of ``seller_id``'s Kogan account, stopped after ``test``."""
    sim = KoganSimulator(seller_id=seller_id, seller_token=SECRET, **options).start()
    test.addCleanup(sim.stop)
    return sim


def backend_values(sim, name, **values):
    """A Kogan backend on ``sim``; no HTTP retry, so that every fault reaches
    the connector."""
    return {
        "name": name,
        "base_url": sim.base_url,
        "seller_id": sim.seller_id,
        "seller_token": SECRET,
        "http_max_retries": 0,
        **values,
    }
