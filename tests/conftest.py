"""pytest's hooks and fixtures for the cross-addon suites; what the tests
share besides lives in modules of this package (``odoo_server``,
``committed``, ``security_suite``, ...), imported as such.

pytest loads this file before pytest-odoo has set Odoo's addons path: what
imports ``odoo.addons`` is imported inside the fixtures."""

import pytest

from odoo.tests.common import get_db_name

from .odoo_server import OdooServer, free_port
from .security_suite import write_security_figures


def pytest_unconfigure(config):
    """Whatever ended the session (a failure, Ctrl-C), no server is left."""
    OdooServer.stop_all()


def pytest_sessionfinish(session, exitstatus):
    write_security_figures()


@pytest.fixture(scope="session")
def odoo_server(tmp_path_factory):
    server = OdooServer(
        get_db_name(), free_port(), tmp_path_factory.mktemp("odoo") / "odoo.log"
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def kogan_sim():
    """A simulator of a Kogan seller account, stopped after the test."""
    from odoo.addons.connector_kogan.tests.common import kogan_simulator

    with kogan_simulator() as sim:
        yield sim


@pytest.fixture(scope="session")
def two_companies(odoo_server):
    """See ``two_companies.two_companies``."""
    from .two_companies import two_companies

    with two_companies() as ids:
        yield ids
