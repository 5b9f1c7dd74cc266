# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""How long tests wait for what takes time (a server starting, a job run by
the jobrunner, a browser tour, a simulated slow reply).

Every wait of the suite comes from here. Each is sized for a machine at least
twice as slow as the one it was measured on; ``CONNECTOR_WAIT_FACTOR`` (a
number, default 1) multiplies them all, for a machine slower still. The
scripts (``scripts/lib.sh``) read the same variable."""

import math
import os
import time

WAIT_FACTOR_VARIABLE = "CONNECTOR_WAIT_FACTOR"


def wait_factor():
    raw = os.environ.get(WAIT_FACTOR_VARIABLE) or "1"
    try:
        factor = float(raw)
    except ValueError:
        factor = 0
    if factor < 1:
        raise ValueError(
            f"{WAIT_FACTOR_VARIABLE}={raw!r}: give a number of at least 1 "
            "(2 doubles every wait of the tests)"
        )
    return factor


def patience(seconds):
    """``seconds`` (sized for a machine twice as slow as the one measured),
    scaled by ``CONNECTOR_WAIT_FACTOR``."""
    return seconds * wait_factor()


# the waits the suite shares, in seconds (measured here; see each use)
SERVER_START = 180  # an Odoo server loads its registry (3 s here, 9 s on one cold core)
JOB_RUN = 120  # a job queued now is done by the jobrunner (1 to 5 s here)
TOUR = 180  # a browser tour, assets built on first use (10 to 40 s here)
REQUEST = 60  # one request to a running server
RACE = 60  # the threads of a race test meet, and end (under 1 s here)


def fault_timeouts():
    """For fault suites against a local simulator (whose replies take ~10 ms):
    a backend's HTTP timeout in whole seconds, a delay that exceeds it and a
    delay well within it."""
    timeout = math.ceil(patience(1))
    return timeout, 1.5 * timeout, 0.4 * timeout


def wait_until(predicate, seconds, what, interval=0.2):
    """Calls ``predicate()`` until it returns a truthy value, then returns it;
    fails naming ``what`` after ``patience(seconds)``."""
    limit = patience(seconds)
    deadline = time.monotonic() + limit
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {limit:.0f} s waiting for {what}")
        time.sleep(interval)
