"""The one table of transport faults that the fault suites inject (the
coffee menu import, Kogan's product import and export, its order import):
each suite meets every one of them on an endpoint of its flow."""

from odoo.addons.connector_base.tests.patience import fault_timeouts

# a backend's HTTP timeout, a reply slower than it, a reply well within it
TIMEOUT, TOO_SLOW, WITHIN = fault_timeouts()
RETRY_AFTER = 7  # seconds, in the 429's Retry-After header

# fault -> (what the simulator does, what the attempt that meets it must be)
TRANSPORT_FAULTS = {
    "HTTP 429 with Retry-After": (
        {"kind": "http_status", "status": 429, "retry_after": RETRY_AFTER},
        "retry",
    ),
    "HTTP 500": ({"kind": "http_status", "status": 500}, "retry"),
    "HTTP 502": ({"kind": "http_status", "status": 502}, "retry"),
    "HTTP 503": ({"kind": "http_status", "status": 503}, "retry"),
    "connection reset": ({"kind": "reset"}, "retry"),
    "read timeout": ({"kind": "slow", "seconds": TOO_SLOW}, "retry"),
    "slow reply (within the timeout)": ({"kind": "slow", "seconds": WITHIN}, "done"),
    "malformed JSON": ({"kind": "malformed_json"}, "error"),
}


def transport_faults(where="", **match):
    """``TRANSPORT_FAULTS`` met ``where`` (said after the fault's name), each
    fault given ``match``: which of the simulator's calls it hits."""
    return {
        f"{name} {where}".strip(): (dict(fault, **match), outcome)
        for name, (fault, outcome) in TRANSPORT_FAULTS.items()
    }
