"""Security suite, RPC surface: every public method of every connector model
and wizard, found in the registry (not a hand list), is called over XML-RPC
on a real server by an employee without connector rights, a connector user
of the other company and a connector user of the backend's company, and each
outcome is asserted. A method this file does not know fails the suite with
what to add: a new endpoint is reviewed before it ships."""

import os

import pytest

from .committed import committed_env
from .security_suite import (
    BUYER,
    RPC_ACCESS_ERROR,
    as_security_user,
    attacks,
    fault_of,
    json_rpc,
    refused,
    web_refused,
)

#: the addons whose models and methods are the connectors'
SUITE_ADDONS = ("connector_base", "connector_coffee", "connector_kogan")
OK, REFUSED = "ok", "AccessError"
RPC_USER_ERROR = 2  # XML-RPC fault code of a UserError, ValidationError...
WHO = ("plain", "user_b", "user_a")

attack = attacks(
    "RPC methods",
    {
        "RPC: every connector method by an employee without connector rights": (
            "refused (AccessError), each method"
        ),
        "RPC: every connector method on another company's records": (
            "refused (AccessError), each method"
        ),
        "RPC: every connector method by a connector user of the company": (
            "syncs and reads; remote writes, deletions and forged chunks refused"
        ),
        "RPC: made-up records bound by `import_records`": "refused (AccessError)",
        "RPC: export a model the user may not change": "refused (AccessError)",
        "RPC: delete a remote record": "refused (AccessError)",
        "RPC: a connector user reads error payloads and tracebacks": (
            "refused; managers read them"
        ),
        "RPC: a connector user edits an error record": (
            "refused; Retry and Resolve work"
        ),
        "RPC: an error made under another user's job, then *Retry*": (
            "the error names no job; Retry runs only the backend's jobs, as "
            "the user pressing it"
        ),
        "RPC: a connector user reads job arguments": (
            "refused; the job's state shown; the job in the backend's company"
        ),
    },
)


def expect(key, args, user_a, user_b=REFUSED, plain=REFUSED):
    """A method's call (``key``: the record of ``two_companies`` it is called
    on, None for a model method) and what each caller gets."""
    return {
        "key": key,
        "args": args,
        "outcomes": {"plain": plain, "user_b": user_b, "user_a": user_a},
    }


def _backend_calls(model, key, export_all):
    """The methods every connector_base backend has: a connector user syncs
    and reads, but changes nothing remote nor the configuration."""
    return {
        "action_open_export_rules": expect(key, (), REFUSED),
        "import_batch": expect(key, (model,), OK),
        "import_record": expect(key, (model, "ESP"), OK),
        "export_batch": expect(key, (model,), REFUSED),
        "export_record": expect(key, (model, 0), REFUSED),
        "delete_record": expect(key, (model, "1"), REFUSED),
        "action_import_all": expect(key, (), OK),
        # to change the records exported (Kogan's products: no; brews: yes)
        "action_export_all": expect(key, (), export_all),
        "action_open_bindings": expect(key, (), OK),
        "action_open_errors": expect(key, (), OK),
        "action_open_cron": expect(key, (), OK),
        "import_records": expect(key, (model, [{"code": "X"}]), REFUSED),
        "import_page": expect(key, (model, {"resume": {}}), REFUSED),
        "export_records": expect(key, (model, []), REFUSED),
        "action_open_reviews": expect(key, (), OK),
        "action_open_review_rules": expect(key, (), REFUSED),
        "action_test_connection": expect(key, (), OK),
    }


#: (model, method) -> its call and outcomes; the table every public method
#: of the connectors must be in
EXPECTED = {
    **{
        ("coffee.backend", method): call
        for method, call in _backend_calls("coffee.product", "backend", OK).items()
    },
    # reading the status writes it on the backend: for managers
    ("coffee.backend", "import_status"): expect("backend", (), REFUSED),
    ("coffee.backend", "action_test_connection"): expect("backend", (), REFUSED),
    # importing writes the beverages, which connector users only read
    ("coffee.backend", "import_record"): expect(
        "backend", ("coffee.product", "ESP"), REFUSED
    ),
    ("coffee.backend", "action_import_menu"): expect("backend", (), OK),
    ("coffee.backend", "action_import_status"): expect("backend", (), OK),
    ("coffee.backend", "action_brew_now"): expect("backend", (), "UserError"),
    ("coffee.backend", "action_open_products"): expect("backend", (), OK),
    ("coffee.brew", "action_send"): expect("brew", (), OK),
    **{
        ("connector.kogan.backend", method): call
        for method, call in _backend_calls("product.product", "kogan", REFUSED).items()
    },
    ("connector.kogan.backend", "action_import_products"): expect("kogan", (), OK),
    # queued at once: the job refuses when it runs (export_batch checks the
    # right to change products); the button does not check first
    ("connector.kogan.backend", "action_export_products"): expect("kogan", (), OK),
    ("connector.kogan.backend", "action_import_categories"): expect("kogan", (), OK),
    ("connector.kogan.backend", "action_import_orders"): expect("kogan", (), OK),
    ("connector.kogan.backend", "action_push_stock_price"): expect(
        "kogan", (), "UserError"
    ),
    ("connector.kogan.backend", "action_open_orders"): expect("kogan", (), OK),
    ("connector.kogan.backend", "action_open_products"): expect("kogan", (), OK),
    ("connector.kogan.backend", "push_stock_price"): expect("kogan", (), OK),
    ("connector.kogan.backend", "import_record"): expect(
        "kogan",
        ("product.product", "ESP"),
        "odoo.addons.connector.exception.IDMissingInBackend: product.product ESP "
        "does not exist on Kogan of A",
    ),
    ("connector.kogan.backend", "import_categories"): expect("kogan", (), OK),
    # recovering orders makes sale orders: for who may create them (the
    # connector user of this suite has no sales rights)
    ("connector.kogan.backend", "action_import_order_by_id"): expect(
        "kogan", (), REFUSED
    ),
    ("connector.kogan.backend", "action_reread_orders"): expect("kogan", (), REFUSED),
    ("connector.kogan.backend", "import_order"): expect("kogan", ("1",), REFUSED),
    ("connector.kogan.backend", "import_orders_period"): expect(
        "kogan", ("2026-11-01", "2026-11-02"), REFUSED
    ),
    ("kogan.order.recovery", "action_recover"): expect("recovery", (), REFUSED),
    # who may see the backend may compare its stock and resend it
    ("connector.kogan.backend", "action_reconcile_stock"): expect("kogan", (), OK),
    ("connector.kogan.backend", "reconcile_stock"): expect("kogan", (), OK),
    # records, never ids from a caller: refused to everyone over RPC
    ("connector.kogan.backend", "set_products_enabled"): expect(
        "kogan", ([1], False), REFUSED
    ),
    ("connector.kogan.backend", "cancel_order"): expect("kogan", (1,), REFUSED),
    ("connector.kogan.backend", "refund_return"): expect("kogan", (1,), REFUSED),
    ("connector.kogan.backend", "refund_credit_note"): expect("kogan", (1,), REFUSED),
    # taking a listing off Kogan is a right of who may archive the product
    ("product.product", "action_kogan_enable"): expect("product", (), REFUSED),
    ("product.product", "action_kogan_disable"): expect("product", (), REFUSED),
    ("connector.error", "action_retry"): expect("error_rpc", (), OK),
    ("connector.error", "action_resolve"): expect("error_rpc", (), OK),
    ("connector.error", "action_open_record"): expect("error_rpc", (), "UserError"),
    ("connector.binding", "action_open_record"): expect("binding", (), OK),
    ("connector.binding", "action_open_history"): expect("binding", (), OK),
    # vouching for a record is a right of who may change it
    ("connector.review", "action_mark_reviewed"): expect("review", (), REFUSED),
    ("connector.review", "action_open_record"): expect("review", (), OK),
    # the job (its arguments) is for job queue managers
    ("connector.sync.change", "action_open_job"): expect("change", (), REFUSED),
    ("connector.sync.change", "action_open_record"): expect("change", (), OK),
    # the dashboard lists the cards each user may see
    ("connector.backend.health", "action_open_dashboard"): expect(
        None, (), OK, user_b=OK
    ),
    ("connector.backend.health", "action_open_backend"): expect("card", (), OK),
    ("connector.backend.health", "action_open_volume"): expect("card", (), OK),
    ("connector.backend.health", "action_open_errors"): expect("card", (), OK),
    # a wizard is its creator's: another user's is refused, whoever
    ("connector.bulk.sync", "action_queue"): expect("wizard", (), REFUSED),
    ("connector.export.confirm", "action_confirm"): expect(
        "export_wizard", (), REFUSED
    ),
}


def suite_methods(env):
    """{(model, method)} of the public methods the suite's addons define,
    on their own models and on Odoo's (a method an Odoo or OCA class also
    defines, such as ``write``, is the ORM's: access rules cover it)."""
    prefixes = tuple(f"odoo.addons.{addon}." for addon in SUITE_ADDONS)
    found = set()
    for name in env.registry:
        model_class = env.registry[name]
        # the test addons' models are no endpoints of a production database
        if model_class._abstract or model_class._original_module.startswith("test_"):
            continue
        for attr in dir(model_class):
            if attr.startswith("_") or not callable(getattr(model_class, attr)):
                continue
            owners = [cls for cls in model_class.__mro__ if attr in vars(cls)]
            if all(cls.__module__.startswith(prefixes) for cls in owners):
                found.add((name, attr))
    return found


def outcome(call, model, method, record_id, args):
    """ "ok", the name of the Odoo exception the call raised, or the fault's
    last line."""
    ids = [] if record_id is None else [[record_id]]
    fault = fault_of(call, model, method, *ids, *args)
    if fault is None:
        return OK
    if fault.faultCode == RPC_ACCESS_ERROR:
        return REFUSED
    if fault.faultCode == RPC_USER_ERROR:
        return "UserError"  # and ValidationError, MissingError: a clear refusal
    return fault.faultString.strip().splitlines()[-1][:200]


@pytest.fixture(scope="module")
def every_method(odoo_server, two_companies):
    """Each known method called by each of the three users: {(model,
    method, who): outcome}; the unknown ones listed."""
    with committed_env() as env:
        known = suite_methods(env)
    callers = {who: as_security_user(odoo_server, who) for who in WHO}
    outcomes = {}
    for (model, method), call in sorted(EXPECTED.items()):
        if (model, method) not in known:
            continue
        record_id = two_companies[call["key"]] if call["key"] else None
        for who in WHO:
            outcomes[model, method, who] = outcome(
                callers[who], model, method, record_id, call["args"]
            )
    if os.environ.get("SECURITY_DUMP"):
        for item, result in sorted(outcomes.items()):
            print("OUTCOME", item, result)
    return {"known": known, "outcomes": outcomes}


def test_every_method_is_known(every_method):
    """A public method of a connector model this suite does not know is a
    new RPC endpoint: it says what to add."""
    unknown = sorted(every_method["known"] - set(EXPECTED))
    assert not unknown, (
        "Public methods of connector models unknown to the RPC suite: "
        f"{unknown}. Each is an RPC endpoint: add it to EXPECTED "
        "in tests/test_security_rpc_methods.py with its arguments and what a "
        "connector user of the backend's company gets, and check the rights it "
        "needs (an employee without connector rights and another company's "
        "connector user must be refused)."
    )


def test_no_expectation_left_over(every_method):
    """Every method of the table still exists (a renamed one would leave its
    expectation untested)."""
    gone = sorted(set(EXPECTED) - every_method["known"])
    assert not gone, f"EXPECTED names methods that no longer exist: {gone}"


def _unexpected(every_method, who):
    """{(model, method): (outcome, expected)} of ``who``'s calls that did not
    get what EXPECTED says."""
    return {
        (model, method): (result, EXPECTED[model, method]["outcomes"][who])
        for (model, method, caller), result in every_method["outcomes"].items()
        if caller == who and result != EXPECTED[model, method]["outcomes"][who]
    }


@attack("RPC: every connector method by an employee without connector rights")
def test_every_method_plain_employee(every_method):
    assert not _unexpected(every_method, "plain")


@attack("RPC: every connector method on another company's records")
def test_every_method_other_company(every_method):
    assert not _unexpected(every_method, "user_b")


@attack("RPC: every connector method by a connector user of the company")
def test_every_method_same_company(every_method):
    assert not _unexpected(every_method, "user_a")


@attack("RPC: made-up records bound by `import_records`")
def test_rpc_made_up_records(odoo_server, two_companies):
    ids = two_companies
    user = as_security_user(odoo_server, "user_a")
    fake = [{"code": "ESP", "name": "Free coffee", "price": 0.01}]
    # with a job's id in the context, made up too
    for context in ({}, {"job_uuid": ids["job"]}):
        assert refused(
            user,
            "coffee.backend",
            "import_records",
            [ids["backend"]],
            "coffee.product",
            fake,
            context=context,
        )
    with committed_env() as env:
        beverages = env["coffee.product"].search([("backend_id", "=", ids["backend"])])
        assert "Free coffee" not in beverages.mapped("name")


@attack("RPC: export a model the user may not change")
def test_rpc_export_without_rights(odoo_server, two_companies):
    ids = two_companies
    user = as_security_user(odoo_server, "user_a")
    assert refused(
        user, "coffee.backend", "export_batch", [ids["backend"]], "coffee.product"
    )
    web = json_rpc(odoo_server, "security-user-a", "security-user-a-pass")
    assert web_refused(
        web("coffee.backend", "export_batch", [ids["backend"]], "coffee.product")
    )


@attack("RPC: delete a remote record")
def test_rpc_remote_delete(odoo_server, two_companies):
    ids = two_companies
    user = as_security_user(odoo_server, "user_a")
    assert refused(
        user, "coffee.backend", "delete_record", [ids["backend"]], "coffee.brew", "1"
    )


@attack("RPC: a connector user reads error payloads and tracebacks")
def test_rpc_error_payloads(odoo_server, two_companies):
    error_id = two_companies["error"]
    user = as_security_user(odoo_server, "user_a")
    assert user("connector.error", "read", [error_id], ["message"])
    for field in ("payload", "traceback"):
        assert refused(user, "connector.error", "read", [error_id], [field]), field
    web = json_rpc(odoo_server, "security-user-a", "security-user-a-pass")
    assert web_refused(web("connector.error", "read", [error_id], ["payload"]))
    listed = user("connector.error", "search_read", [("id", "=", error_id)])
    assert listed and BUYER not in str(listed)
    manager = as_security_user(odoo_server, "manager_a")
    [row] = manager("connector.error", "read", [error_id], ["payload", "traceback"])
    assert BUYER in row["payload"]


@attack("RPC: a connector user edits an error record")
def test_rpc_error_edit(odoo_server, two_companies):
    ids = two_companies
    user = as_security_user(odoo_server, "user_a")
    assert refused(
        user, "connector.error", "write", [ids["error"]], {"message": "gone"}
    )
    assert refused(user, "connector.error", "unlink", [ids["error"]])
    # the buttons work for whoever sees the error
    user("connector.error", "action_retry", [ids["error"]])
    with committed_env() as env:
        job = env["queue.job"].search([("uuid", "=", ids["job"])])
        assert job.state == "pending"
        assert env["connector.error"].browse(ids["error"]).state == "retried"
    user("connector.error", "action_resolve", [ids["error"]])
    with committed_env() as env:
        assert env["connector.error"].browse(ids["error"]).state == "resolved"


@attack("RPC: a connector user reads job arguments")
def test_rpc_job_arguments(odoo_server, two_companies):
    ids = two_companies
    user = as_security_user(odoo_server, "user_a")
    assert refused(
        user, "queue.job", "search_read", [("uuid", "=", ids["job"])], ["args"]
    )
    [row] = user("connector.error", "read", [ids["error"]], ["job_state"])
    assert row["job_state"]
    assert refused(user, "connector.error", "read", [ids["error"]], ["job_id"])
    # queued by a superuser, the job belongs to the backend's company: queue_job's
    # company rule keeps it (and its arguments) there
    with committed_env() as env:
        job = env["queue.job"].search([("uuid", "=", ids["job"])])
        assert job.company_id.name == "Security A"


@attack("RPC: an error made under another user's job, then *Retry*")
def test_rpc_error_under_another_users_job(odoo_server, two_companies):
    """A connector user runs a failing step naming the administrator's
    finished job in its context: the error it leaves names no job. An error
    naming a job anyway (stored by an older version) runs only a job of its
    own backend, as the user pressing *Retry*, never as the administrator."""
    ids = two_companies
    with committed_env() as env:
        admin = env.ref("base.user_admin")
        backend = env["coffee.backend"].browse(ids["backend"])
        kogan = env["connector.kogan.backend"].browse(ids["kogan"])
        jobs = {
            "own": backend.with_user(admin).with_delay(eta=86400).import_status(),
            "other": kogan.with_user(admin).with_delay(eta=86400).import_categories(),
        }
        uuids = {key: job.uuid for key, job in jobs.items()}
        env["queue.job"].search([("uuid", "in", list(uuids.values()))]).write(
            {"state": "done"}
        )
    user = as_security_user(odoo_server, "user_a")
    # a beverage the machine does not know: the step fails, an error is kept
    fault_of(
        user,
        "coffee.backend",
        "import_record",
        [ids["backend"]],
        "coffee.product",
        "NO-SUCH-BEVERAGE",
        True,
        context={"job_uuid": uuids["own"]},
    )
    with committed_env() as env:
        error = env["connector.error"].search(
            [
                ("backend_id", "=", ids["backend"]),
                ("external_id", "=", "NO-SUCH-BEVERAGE"),
            ]
        )
        assert error, "the failing step kept no error"
        assert not error.job_uuid, error.job_uuid
        error_id = error.id
        error.job_uuid = uuids["other"]  # a job of another backend
    assert fault_of(user, "connector.error", "action_retry", [error_id])
    with committed_env() as env:
        other = env["queue.job"].search([("uuid", "=", uuids["other"])])
        assert other.state == "done"
        env["connector.error"].browse(error_id).job_uuid = uuids["own"]
    user("connector.error", "action_retry", [error_id])
    with committed_env() as env:
        own = env["queue.job"].search([("uuid", "=", uuids["own"])])
        assert own.state == "pending"
        assert own.user_id.login == "security-user-a"
        env["connector.error"].browse(error_id).unlink()
        env["queue.job"].search([("uuid", "in", list(uuids.values()))]).unlink()
