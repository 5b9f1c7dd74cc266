"""Security suite, RPC surface: every public method of every connector model
and wizard, found in the registry (not a hand list), is called over XML-RPC
on a real server by an employee without connector rights, a connector user
of the other company and a connector user of the backend's company, and each
outcome is asserted. A method this file does not know fails the suite with
what to add: a new endpoint is reviewed before it ships."""

import os

import pytest
from conftest import (
    as_security_user,
    attacks,
    committed_env,
    fault_of,
    json_rpc,
    refused,
    web_refused,
)

#: the addons whose models and methods are the connectors'
SUITE_ADDONS = ("connector_base", "connector_coffee", "connector_kogan")
OK, REFUSED = "ok", "AccessError"
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


def _backend_calls(model, record):
    """(method, record key, args, outcome of the same company's connector
    user) of the methods every connector_base backend has."""
    return {
        "action_open_export_rules": (record, (), OK),
        "import_batch": (record, (model,), OK),
        "import_record": (record, (model, "ESP"), OK),
        "export_batch": (record, (model,), REFUSED),
        "export_record": (record, (model, 0), REFUSED),
        "delete_record": (record, (model, "1"), REFUSED),
        "action_import_all": (record, (), OK),
        "action_export_all": (record, (), REFUSED),
        "action_open_bindings": (record, (), OK),
        "action_open_errors": (record, (), OK),
        "action_open_cron": (record, (), OK),
        "import_records": (record, (model, [{"code": "X"}]), REFUSED),
        "export_records": (record, (model, []), REFUSED),
        "action_open_reviews": (record, (), OK),
        "action_open_review_rules": (record, (), OK),
        "action_test_connection": (record, (), OK),
    }


#: (model, method) -> (record key in the ``two_companies`` ids, args, outcome
#: for the same company's connector user); the employee without rights and
#: the other company's connector user are refused every one
EXPECTED = {
    **{
        ("coffee.backend", method): call
        for method, call in _backend_calls("coffee.product", "backend").items()
    },
    ("coffee.backend", "import_status"): ("backend", (), OK),
    ("coffee.backend", "action_import_menu"): ("backend", (), OK),
    ("coffee.backend", "action_import_status"): ("backend", (), OK),
    ("coffee.backend", "action_brew_now"): ("backend", (), "UserError"),
    ("coffee.backend", "action_open_products"): ("backend", (), OK),
    **{
        ("connector.kogan.backend", method): call
        for method, call in _backend_calls("product.product", "kogan").items()
        if method != "action_test_connection"
    },
    ("connector.kogan.backend", "action_test_connection"): ("kogan", (), OK),
}


def suite_methods(env):
    """{(model, method)} of the public methods the suite's addons define on
    their models (a method an Odoo or OCA class also defines, such as
    ``write``, is the ORM's: access rules cover it)."""
    prefixes = tuple(f"odoo.addons.{addon}." for addon in SUITE_ADDONS)
    found = set()
    for name in env.registry:
        model_class = env.registry[name]
        if model_class._abstract or model_class._original_module not in SUITE_ADDONS:
            continue
        for attr in dir(model_class):
            if attr.startswith("_"):
                continue
            owners = [
                cls for cls in model_class.__mro__ if attr in vars(cls)
            ]
            if not owners or not callable(getattr(model_class, attr)):
                continue
            if all(cls.__module__.startswith(prefixes) for cls in owners):
                found.add((name, attr))
    return found


def outcome(call, model, method, record_id, args):
    fault = fault_of(call, model, method, [record_id], *args)
    if fault is None:
        return OK
    for name in ("AccessError", "UserError", "ValidationError", "MissingError"):
        if f"odoo.exceptions.{name}" in fault.faultString or (
            name == "AccessError" and fault.faultCode == 4
        ):
            return name
    return fault.faultString.strip().splitlines()[-1][:200]


@pytest.fixture(scope="module")
def every_method(odoo_server, two_companies):
    """Each known method called by each of the three users: {(model,
    method, who): outcome}; the unknown ones listed."""
    with committed_env() as env:
        known = suite_methods(env)
    unknown = sorted(known - set(EXPECTED))
    callers = {who: as_security_user(odoo_server, who) for who in WHO}
    outcomes = {}
    for (model, method), (key, args, __) in sorted(EXPECTED.items()):
        if (model, method) not in known:
            continue
        for who in WHO:
            outcomes[model, method, who] = outcome(
                callers[who], model, method, two_companies[key], args
            )
    if os.environ.get("SECURITY_DUMP"):
        for item, result in sorted(outcomes.items()):
            print("OUTCOME", item, result)
    return {"known": known, "unknown": unknown, "outcomes": outcomes}


def test_every_method_is_known(every_method):
    """A public method of a connector model this suite does not know is a
    new RPC endpoint: it says what to add."""
    assert not every_method["unknown"], (
        "Public methods of connector models unknown to the RPC suite: "
        f"{every_method['unknown']}. Each is an RPC endpoint: add it to EXPECTED "
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


def _refused_to(every_method, who):
    wrong = {
        key[:2]: result
        for key, result in every_method["outcomes"].items()
        if key[2] == who and result != REFUSED
    }
    assert not wrong, f"not refused to {who}: {wrong}"


@attack("RPC: every connector method by an employee without connector rights")
def test_every_method_plain_employee(every_method):
    _refused_to(every_method, "plain")


@attack("RPC: every connector method on another company's records")
def test_every_method_other_company(every_method):
    _refused_to(every_method, "user_b")


@attack("RPC: every connector method by a connector user of the company")
def test_every_method_same_company(every_method):
    wrong = {
        (model, method): (result, EXPECTED[model, method][2])
        for (model, method, who), result in every_method["outcomes"].items()
        if who == "user_a" and result != EXPECTED[model, method][2]
    }
    assert not wrong, f"outcome, expected: {wrong}"
@attack("RPC: made-up records bound by `import_records`")
def test_rpc_made_up_records(odoo_server, two_companies):
    ids = two_companies
    user = as_security_user(odoo_server, "user_a")
    fake = [{"code": "ESP", "name": "Free coffee", "price": 0.01}]
    assert refused(
        user,
        "coffee.backend",
        "import_records",
        [ids["backend"]],
        "coffee.product",
        fake,
    )
    # with a job's id in the context, made up too
    assert refused(
        user,
        "coffee.backend",
        "import_records",
        [ids["backend"]],
        "coffee.product",
        fake,
        context={"job_uuid": ids["job"]},
    )
    with committed_env() as env:
        assert not env["coffee.product"].search([("backend_id", "=", ids["backend"])])


@attack("RPC: export a model the user may not change")
def test_rpc_export_without_rights(odoo_server, two_companies):
    ids = two_companies
    user = as_security_user(odoo_server, "user_a")
    assert refused(
        user, "coffee.backend", "export_batch", [ids["backend"]], "coffee.product"
    )
    web = _jsonas_security_user(odoo_server, "user_a")
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
    web = _jsonas_security_user(odoo_server, "user_a")
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
