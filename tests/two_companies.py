"""The security suite's world: two companies, their users, and records of
company A of every kind a user could reach (see ``two_companies``)."""

import json
from contextlib import contextmanager

from odoo.addons.connector_coffee.tests.simulator import CoffeeMachineSimulator
from odoo.addons.connector_kogan.tests.common import backend_values
from odoo.addons.connector_kogan.tests.simulator import KoganSimulator
from odoo.addons.queue_job.job import Job

from .committed import committed_env, delete_coffee_backend
from .security_suite import BUYER, SECRET, SECURITY_LOGINS


@contextmanager
def two_companies():
    """Company A with a coffee machine (a binding, an error holding a buyer's
    data, a synchronisation state, a failed job) and a
    Kogan account with a category; an employee without connector rights, a
    connector user and a connector manager in A; a connector user and a
    connector manager in B."""
    with (
        CoffeeMachineSimulator(version="1900", password=SECRET) as sim,
        KoganSimulator(seller_id="a", seller_token=SECRET) as kogan_sim,
    ):
        ids = _create(sim, kogan_sim)
        try:
            yield ids
        finally:
            _delete(ids)


def _create(sim, kogan_sim):
    with committed_env() as env:
        # companies are kept (their warehouses refer to them); found again
        companies = env["res.company"]
        for name in ("Security A", "Security B"):
            companies |= companies.search([("name", "=", name)]) or companies.create(
                {"name": name}
            )
        company_a, company_b = companies
        employee = env.ref("base.group_user")
        group_user = env.ref("connector_base.group_connector_user")
        group_manager = env.ref("connector.group_connector_manager")

        def user(who, company, groups):
            login = SECURITY_LOGINS[who]
            return env["res.users"].create(
                {
                    "name": login,
                    "login": login,
                    "password": f"{login}-pass",
                    "company_id": company.id,
                    "company_ids": [(6, 0, company.ids)],
                    "groups_id": [(6, 0, [g.id for g in groups])],
                }
            )

        users = (
            user("plain", company_a, employee)
            | user("user_a", company_a, employee | group_user)
            | user("manager_a", company_a, employee | group_manager)
            | user("user_b", company_b, employee | group_user)
            | user("manager_b", company_b, employee | group_manager)
        )
        backend = env["coffee.backend"].create(
            {
                "name": "Machine of A",
                "location": sim.url,
                "username": "barista",
                "password": SECRET,
                "company_id": company_a.id,
            }
        )
        kogan = env["connector.kogan.backend"].create(
            backend_values(kogan_sim, "Kogan of A", company_id=company_a.id)
        )
        # a wizard of the administrator's: another user's, whoever calls it
        recovery = env["kogan.order.recovery"].create(
            {"backend_id": kogan.id, "mode": "order", "order_ref": "ORDER-1"}
        )
        category = env["connector.kogan.category"].create(
            {"backend_id": kogan.id, "kogan_id": 7, "title": "Kettles of A"}
        )
        of_backend = {"backend_model": backend._name, "backend_id": backend.id}
        binding = env["connector.binding"].create(
            dict(
                of_backend,
                res_model="res.partner",
                res_id=company_a.partner_id.id,
                external_id="buyer-1",
            )
        )
        state = env["connector.sync.state"]._for(backend, "coffee.product", "import")
        job = backend.with_delay(eta=86400).import_status()  # never run here
        failed = Job.load(env, job.uuid)
        failed.set_failed(exc_info="Traceback", exc_message="failed")
        failed.store()

        def bad_data(model_name, external_id, message, **values):
            return env["connector.error"].create(
                dict(
                    of_backend,
                    model_name=model_name,
                    external_id=external_id,
                    kind="bad_data",
                    message=message,
                    job_uuid=job.uuid,
                    **values,
                )
            )

        error = bad_data(
            "sale.order",
            "ORDER-1",
            "An order to fix",
            payload=json.dumps({"buyer": BUYER}),
            traceback=f"Traceback: {BUYER}",
        )
        beverage = env["coffee.product"].create(
            {"backend_id": backend.id, "name": "Espresso of A", "coffee_id": "ESP"}
        )
        brew = env["coffee.brew"].create(
            {"backend_id": backend.id, "product_id": beverage.id}
        )
        product = env["product.product"].create({"name": "Kettle of A"})
        review = env["connector.review"].create(
            dict(of_backend, res_model="product.product", res_id=product.id)
        )
        change = env["connector.sync.change"].create(
            dict(
                of_backend,
                res_model="coffee.product",
                res_id=beverage.id,
                direction="import",
                job_uuid=job.uuid,
            )
        )
        card = (
            env["connector.backend.health"]
            ._refresh()
            .filtered(
                lambda c: (c.backend_model, c.backend_id) == (backend._name, backend.id)
            )
        )
        wizard = env["connector.bulk.sync"].create(
            {
                "res_model": "coffee.product",
                "res_ids": beverage.ids,
                "backend_ref": f"coffee.backend,{backend.id}",
            }
        )
        export_wizard = env["connector.export.confirm"].create(
            {"backend_model": backend._name, "backend_id": backend.id, "counts": {}}
        )
        # an error of its own for the calls of every method (which resolve it)
        error_rpc = bad_data("coffee.product", "ESP", "A beverage to fix")
        ids = {
            "error_rpc": error_rpc.id,
            "beverage": beverage.id,
            "brew": brew.id,
            "product": product.id,
            "review": review.id,
            "change": change.id,
            "card": card.id,
            "wizard": wizard.id,
            "export_wizard": export_wizard.id,
            "backend": backend.id,
            "kogan": kogan.id,
            "recovery": recovery.id,
            "category": category.id,
            "binding": binding.id,
            "state": state.id,
            "error": error.id,
            "job": job.uuid,
            "company_a": company_a.id,
            "company_b": company_b.id,
            "users": dict(zip(SECURITY_LOGINS, users.ids, strict=True)),
        }
    return ids


def _delete(ids):
    with committed_env() as env:
        env["connector.review"].browse(ids["review"]).unlink()
        env["connector.sync.change"].browse(ids["change"]).unlink()
        env["queue.job"].search(
            [("user_id", "in", list(ids["users"].values()))]
        ).unlink()
        env["queue.job"].search([("uuid", "=", ids["job"])]).unlink()
        env["connector.kogan.backend"].browse(ids["kogan"]).unlink()
        env["res.users"].browse(list(ids["users"].values())).unlink()
        env["product.product"].browse(ids["product"]).unlink()
    delete_coffee_backend(ids["backend"])
