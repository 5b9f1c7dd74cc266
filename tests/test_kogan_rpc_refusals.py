"""Kogan's remote acts over XML-RPC, on a real server: cancelling an order,
switching listings, refunding a return or a credit note act only on records
of a job or a method call, never on ids an RPC caller sends. A plain user, a
connector user and a manager holding every right on the records are all
refused, and Kogan is asked nothing."""

import uuid
import xmlrpc.client

import pytest

from odoo.addons.connector_kogan.tests.common import SELLER_TOKEN, backend_values

from .committed import committed_env

RPC_ACCESS_ERROR = 4  # XML-RPC fault code of an AccessError
MODEL = "connector.kogan.backend"
# the Kogan endpoints of the four acts
ACT_PATHS = ("/cancel", "/refund", "products/status")


def _rpc(server, login, password):
    common = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/common")
    uid = common.authenticate(server.db, login, password, {})
    assert uid, login
    models = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object", allow_none=True)

    def call(model, method, *args):
        return models.execute_kw(server.db, uid, password, model, method, list(args))

    return call


def _sold_and_refunded(env, backend, tag):
    """A listed product; a Kogan order cancelled in Odoo; a Kogan order
    delivered, then returned (validated) and credited (posted), both with a
    Kogan refund reason: each act would be sent for them. Made without
    telling Kogan (``connector_no_export``), as if the jobs had run."""
    product = env["product.product"].create(
        {
            "name": f"RPC lamp {tag}",
            "default_code": f"RPC-{tag}",
            "list_price": 25.0,
            "kogan_listed": True,
        }
    )
    partner = env["res.partner"].create({"name": f"RPC buyer {tag}"})

    def order(item_id):
        order = env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": product.id,
                            "product_uom_qty": 1,
                            "price_unit": 25.0,
                            "kogan_item_id": item_id,
                        },
                    )
                ],
            }
        )
        order.action_confirm()
        return order

    cancelled, delivered = order(f"{tag}-1-1"), order(f"{tag}-2-1")
    cancelled._action_cancel()
    delivery = delivered.picking_ids
    delivery.move_ids.quantity = 1
    delivery.button_validate()
    wizard = (
        env["stock.return.picking"]
        .with_context(active_id=delivery.id, active_model="stock.picking")
        .create({})
    )
    wizard.product_return_moves.quantity = 1
    returned = env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
    returned.kogan_refund_reason = "Faulty Item"
    returned.move_ids.quantity = 1
    returned.button_validate()
    invoice = delivered._create_invoices()
    invoice.action_post()
    credit = invoice._reverse_moves()
    credit.kogan_refund_reason = "Faulty Item"
    credit.action_post()
    with backend.work_on("sale.order") as work:
        binder = work.component(usage="binder")
        binder.bind(f"{tag}-1", cancelled)
        binder.bind(f"{tag}-2", delivered)
    with backend.work_on("product.product") as work:
        work.component(usage="binder").bind(product.default_code, product)
    assert returned.state == "done" and credit.state == "posted"
    return {
        "cancel_order": (cancelled.id,),
        "set_products_enabled": ([product.id], False),
        "refund_return": (returned.id,),
        "refund_credit_note": (credit.id,),
    }


@pytest.fixture
def kogan_acts(odoo_server, kogan_sim):
    """A Kogan backend on a simulator, the records of its four acts and three
    users (plain, connector user, manager with every right on them),
    committed; the backend, its bindings and jobs and the users are deleted
    afterwards, the product archived (the done moves and posted entries
    stay, as in Odoo)."""
    tag = uuid.uuid4().hex[:8]
    sim = kogan_sim
    with committed_env() as env:
        env = env(context=dict(env.context, connector_no_export=True))
        backend = env[MODEL].create(backend_values(sim, f"RPC refusals {tag}"))
        acts = _sold_and_refunded(env, backend, tag)
        backend_id = backend.id
        groups = {
            "plain": ["base.group_user"],
            "connector": ["base.group_user", "connector_base.group_connector_user"],
            "manager": [
                "base.group_user",
                "connector.group_connector_manager",
                "sales_team.group_sale_manager",
                "stock.group_stock_manager",
                "account.group_account_manager",
            ],
        }
        users = env["res.users"].create(
            [
                {
                    "name": f"RPC {kind} {tag}",
                    "login": f"rpc-{kind}-{tag}",
                    "password": f"rpc-{kind}-{tag}-pass",
                    "groups_id": [(6, 0, [env.ref(xmlid).id for xmlid in xmlids])],
                }
                for kind, xmlids in groups.items()
            ]
        )
        logins = dict(zip(groups, users.mapped("login"), strict=True))
        user_ids = users.ids
    try:
        yield sim, backend_id, acts, logins
    finally:
        with committed_env() as env:
            backend = env[MODEL].browse(backend_id)
            of_backend = [
                ("backend_model", "=", MODEL),
                ("backend_id", "=", backend_id),
            ]
            env["queue.job"].search([("model_name", "=", MODEL)]).filtered(
                lambda job: job.records == backend
            ).unlink()
            env["connector.binding"].search(of_backend).unlink()
            env["connector.error"].search(of_backend).unlink()
            env["res.users"].browse(user_ids).unlink()
            backend.unlink()
            # kept with its moves, but no longer listed for the next backends
            product = env["product.product"].browse(acts["set_products_enabled"][0])
            product.write({"kogan_listed": False, "active": False})


def _jobs(backend_id):
    with committed_env() as env:
        return (
            env["queue.job"]
            .search([("model_name", "=", MODEL)])
            .filtered(lambda job: job.records.ids == [backend_id])
            .ids
        )


def test_kogan_acts_refuse_ids_over_rpc(odoo_server, kogan_acts):
    sim, backend_id, acts, logins = kogan_acts
    jobs_before = _jobs(backend_id)
    for kind, login in logins.items():
        call = _rpc(odoo_server, login, f"{login}-pass")
        for method, args in acts.items():
            with pytest.raises(xmlrpc.client.Fault) as refusal:
                call(MODEL, method, [backend_id], *args)
            fault = refusal.value
            assert fault.faultCode == RPC_ACCESS_ERROR, (kind, method, fault)
            assert SELLER_TOKEN not in fault.faultString
    # Kogan was asked nothing, and nothing was queued to ask it later
    assert not [
        call for call in sim.calls if any(path in call["path"] for path in ACT_PATHS)
    ], sim.calls
    assert _jobs(backend_id) == jobs_before
    with committed_env() as env:
        returned = env["stock.picking"].browse(acts["refund_return"][0])
        credit = env["account.move"].browse(acts["refund_credit_note"][0])
        cancelled = env["sale.order"].browse(acts["cancel_order"][0])
        assert not (returned.kogan_refunded or credit.kogan_refunded)
        assert not credit.invoice_line_ids.sale_line_ids.kogan_refunded
        assert cancelled.state == "cancel"
