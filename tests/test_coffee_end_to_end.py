"""End to end: the coffee backend's buttons queue jobs that the real jobrunner
runs against the coffee machine simulator."""

import pytest

from odoo.addons.connector_coffee.tests.simulator import CoffeeMachineSimulator

from .committed import committed_coffee_backend, committed_env, wait_for


@pytest.fixture
def machine_backend():
    with CoffeeMachineSimulator(version="1900") as sim:
        with committed_coffee_backend(sim, "End-to-end machine") as backend_id:
            yield sim, backend_id


def test_menu_import_and_a_brew_through_the_jobrunner(odoo_server, machine_backend):
    sim, backend_id = machine_backend
    with committed_env() as env:
        env["coffee.backend"].browse(backend_id).action_import_menu()

    def beverages(env):
        return env["coffee.product"].search([("backend_id", "=", backend_id)])

    products = wait_for(
        lambda env: len(beverages(env)) == 6 and beverages(env).ids,
        what=f"the menu import (server log: {odoo_server.logfile})",
    )
    assert len(products) == 6

    with committed_env() as env:
        backend = env["coffee.backend"].browse(backend_id)
        backend.busy_beverage_id = beverages(env).filtered(
            lambda b: b.coffee_id == "ESP"
        )
        backend.action_brew_now()

    brew_state = wait_for(
        lambda env: env["coffee.brew"]
        .search([("backend_id", "=", backend_id)])
        .filtered(lambda b: b.state == "done")
        .state,
        what=f"the brew to be done (server log: {odoo_server.logfile})",
    )
    assert brew_state == "done"
    assert sim.state()["cups_brewed"] == 1
    assert [c["path"] for c in sim.calls if c["method"] == "POST"] == ["/api/v1/brew"]
