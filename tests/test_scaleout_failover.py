"""Two Odoo servers (worker processes, each with its jobrunner pointed at
HAProxy) on one database; an import of Kogan listings started; the server
whose jobrunner holds queue_job's lock killed while a job runs on it: the
other takes the lock over, the killed server's jobs run again, nothing is
lost or duplicated (``scripts/scaleout.sh``'s failover, on 300 listings).

It runs on a fresh database of its own, as the soak test does: the shared
test database's session server runs a jobrunner of its own, which would
take part in the election."""

import subprocess
import sys
from pathlib import Path
from unittest.mock import patch

import pytest

import odoo
from odoo.modules.registry import Registry
from odoo.tests.common import get_db_name

from odoo.addons.connector_kogan.tests.simulator import KoganSimulator

from .scaleout.driver import SELLER, TOKEN, ScaleOut
from .test_soak import _drop

LISTINGS, BATCH_SIZE = 300, 25  # 12 chunk jobs, 4 at once


@pytest.fixture(scope="module")
def scaleout_db():
    db = f"{get_db_name()}_scaleout"
    _drop(db)
    odoo_bin = Path(odoo.__file__).parents[1] / "odoo-bin"
    install = ["-i", "connector_kogan", "--without-demo=all", "--stop-after-init"]
    subprocess.run(
        [sys.executable, str(odoo_bin), "-c", odoo.tools.config.rcfile, "-d", db]
        + install,
        check=True,
        capture_output=True,
    )
    # loaded here as a server loads it (this process is a test run)
    with patch.dict(odoo.tools.config.options, test_enable=False):
        Registry(db)
    try:
        yield db
    finally:
        _drop(db)


def hold_chunk_jobs(env):
    """Until the kill, a chunk job waits where it creates its products (the
    listing job creates none): the kill then finds one running on the
    master whatever the machine's speed (HAProxy's round robin sends the
    4 chunk jobs that start to both servers)."""
    env.cr.execute("LOCK TABLE product_template IN SHARE MODE")


def test_the_other_server_takes_over_and_nothing_is_lost(scaleout_db, tmp_path):
    with KoganSimulator(seller_id=SELLER, seller_token=TOKEN) as sim:
        run = ScaleOut(scaleout_db, sim, tmp_path)
        result = run.failover(LISTINGS, BATCH_SIZE, hold=hold_chunk_jobs)
    assert result["killed"] != result["took_over"], result
    assert result["jobs_on_killed_server"] >= 1, result
    # each job the kill interrupted (and any its jobrunner had sent that no
    # worker started) was queued again, and done by the other server
    assert result["jobs_requeued"] >= result["jobs_on_killed_server"], result
    assert result["jobs_rerun_done"] == result["jobs_on_killed_server"], result
    assert (result["products"], result["bindings"]) == (LISTINGS, LISTINGS)
    assert result["products_duplicated"] == result["bindings_duplicated"] == 0
    assert result["listings_missing"] == 0
    assert set(result["jobs"]) == {"done"}, result["jobs"]
