"""Rights on Kogan backends over RPC (XML-RPC and the web client's
JSON-RPC), on a real server with its jobrunner."""

import xmlrpc.client

import requests

from odoo.addons.connector_base.tests.patience import REQUEST, patience
from odoo.addons.connector_kogan.tests.common import SELLER_TOKEN, backend_values

from .committed import committed_env, wait_for

RPC_ACCESS_ERROR = 4  # XML-RPC fault code of an AccessError


def _rpc(server, login, password):
    common = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/common")
    uid = common.authenticate(server.db, login, password, {})
    models = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object", allow_none=True)

    def call(model, method, *args):
        return models.execute_kw(server.db, uid, password, model, method, list(args))

    return uid, call


def _json_rpc(server, login=None, password=None):
    """The web client's way: a session (``/web/session/authenticate``, none
    without a login), then ``/web/dataset/call_kw``; returns call(model,
    method, *args) -> the JSON-RPC reply (``result`` or ``error``)."""
    session = requests.Session()

    def post(path, params):
        reply = session.post(
            f"{server.url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "params": params},
            timeout=patience(REQUEST),
        )
        reply.raise_for_status()
        return reply.json()

    if login:
        reply = post(
            "/web/session/authenticate",
            {"db": server.db, "login": login, "password": password},
        )
        assert reply["result"]["uid"], reply

    def call(model, method, *args):
        return post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": {}},
        )

    return call


def _refused(reply):
    """A JSON-RPC reply that is an access error, without the secret."""
    assert SELLER_TOKEN not in str(reply)
    error = reply.get("error")
    assert error, reply
    return error["data"]["name"] in (
        "odoo.exceptions.AccessError",
        "odoo.http.SessionExpiredException",
    )


def test_rpc_access_to_kogan_backends(odoo_server, kogan_sim):
    """Over RPC (XML-RPC and the web client's JSON-RPC), on the real server
    with its jobrunner: without connector rights, no credentials and no sync;
    a connector user syncs but does not read the token; nothing without a
    session."""
    sim = kogan_sim
    with committed_env() as env:
        backend = env["connector.kogan.backend"].create(
            backend_values(sim, "RPC access")
        )
        users = env["res.users"].create(
            [
                {
                    "name": "Clerk",
                    "login": "kogan-rpc-clerk",
                    "password": "clerk-pass-1",
                    "groups_id": [(6, 0, [env.ref("base.group_user").id])],
                },
                {
                    "name": "Connector user",
                    "login": "kogan-rpc-user",
                    "password": "user-pass-1",
                    "groups_id": [
                        (
                            6,
                            0,
                            [
                                env.ref("base.group_user").id,
                                env.ref("connector_base.group_connector_user").id,
                            ],
                        )
                    ],
                },
            ]
        )
        backend_id, user_ids = backend.id, users.ids
    model = "connector.kogan.backend"
    try:
        uid, clerk = _rpc(odoo_server, "kogan-rpc-clerk", "clerk-pass-1")
        assert uid
        web_clerk = _json_rpc(odoo_server, "kogan-rpc-clerk", "clerk-pass-1")
        for method, args in (
            ("read", ([backend_id], ["seller_token"])),
            ("action_import_orders", ([backend_id],)),
            ("action_import_products", ([backend_id],)),
            ("action_export_products", ([backend_id],)),
            ("import_batch", ([backend_id], "sale.order")),
            ("push_stock_price", ([backend_id],)),
        ):
            try:
                clerk(model, method, *args)
            except xmlrpc.client.Fault as fault:
                assert SELLER_TOKEN not in fault.faultString
                assert fault.faultCode == RPC_ACCESS_ERROR, (method, fault.faultString)
            else:
                raise AssertionError(f"a clerk could call {method}")
            assert _refused(web_clerk(model, method, *args)), method
        uid, user = _rpc(odoo_server, "kogan-rpc-user", "user-pass-1")
        web_user = _json_rpc(odoo_server, "kogan-rpc-user", "user-pass-1")
        assert user(model, "read", [backend_id], ["name"])
        try:
            user(model, "read", [backend_id], ["seller_token"])
        except xmlrpc.client.Fault as fault:
            assert SELLER_TOKEN not in fault.faultString
            assert fault.faultCode == RPC_ACCESS_ERROR, fault.faultString
        else:
            raise AssertionError("a connector user could read the seller token")
        assert _refused(web_user(model, "read", [backend_id], ["seller_token"]))
        assert _refused(web_user(model, "web_read", [backend_id], {"seller_token": {}}))
        # a connector user may sync: the jobrunner runs the job, as that user
        assert "error" not in web_user(model, "action_import_orders", [backend_id])
        job = wait_for(
            lambda env: env["queue.job"]
            .search(
                [
                    ("model_name", "=", model),
                    ("method_name", "=", "import_batch"),
                    ("user_id", "=", user_ids[1]),
                    ("state", "in", ("done", "failed")),
                ]
            )
            .filtered(lambda job: job.records.ids == [backend_id])
            .read(["state", "exc_info"]),
            what="the connector user's import job",
        )
        assert job[0]["state"] == "done", job
        assert [c["path"] for c in sim.calls] == ["orders/"]
        # the web client's data endpoint without a session
        anonymous = _json_rpc(odoo_server)
        assert _refused(anonymous(model, "read", [backend_id], ["seller_token"]))
    finally:
        with committed_env() as env:
            env["queue.job"].search([("model_name", "=", model)]).unlink()
            env["res.users"].browse(user_ids).unlink()
            env["connector.kogan.backend"].browse(backend_id).unlink()
