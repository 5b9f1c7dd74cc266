"""Security suite, companies surface: two companies over RPC on a real
server; what the connectors keep of a backend stays with the users of the
backend's company."""

from .committed import committed_env
from .security_suite import as_security_user, attacks, refused

attack = attacks(
    "companies",
    {
        "RPC: another company's backends, bindings, errors, states": (
            "not found; refused by id"
        ),
        "RPC: another company's Kogan account": "not found; refused by id",
        "RPC: another company's Kogan categories": (
            "not found; read and rewrite refused"
        ),
        "RPC: a binding put in another company": (
            "takes its backend's company whatever the caller says"
        ),
    },
)


def hidden_from_company_b(server, model, row_id, field="display_name"):
    """Company A's ``row_id`` of ``model``: B's connector user does not find
    it and may not read it, A's finds it. B's caller, for more refusals."""
    user_b = as_security_user(server, "user_b")
    assert user_b(model, "search", [("id", "=", row_id)]) == [], model
    assert refused(user_b, model, "read", [row_id], [field]), model
    user_a = as_security_user(server, "user_a")
    assert user_a(model, "search", [("id", "=", row_id)]) == [row_id], model
    return user_b


@attack("RPC: another company's backends, bindings, errors, states")
def test_rpc_other_company(odoo_server, two_companies):
    ids = two_companies
    rows = {
        "connector.binding": ids["binding"],
        "connector.error": ids["error"],
        "connector.sync.state": ids["state"],
        "coffee.backend": ids["backend"],
    }
    for model, row_id in rows.items():
        user_b = hidden_from_company_b(odoo_server, model, row_id)
    assert refused(user_b, "coffee.backend", "action_import_status", [ids["backend"]])


@attack("RPC: another company's Kogan account")
def test_rpc_other_company_kogan(odoo_server, two_companies):
    ids = two_companies
    model = "connector.kogan.backend"
    user_b = hidden_from_company_b(odoo_server, model, ids["kogan"], "name")
    assert refused(user_b, model, "action_import_orders", [ids["kogan"]])


@attack("RPC: another company's Kogan categories")
def test_rpc_other_company_categories(odoo_server, two_companies):
    ids = two_companies
    model = "connector.kogan.category"
    user_b = hidden_from_company_b(odoo_server, model, ids["category"], "title")
    assert refused(user_b, model, "write", [ids["category"]], {"title": "Mine"})
    user_a = as_security_user(odoo_server, "user_a")
    [row] = user_a(model, "read", [ids["category"]], ["title", "company_id"])
    assert row["title"] == "Kettles of A"
    assert row["company_id"][0] == ids["company_a"]


@attack("RPC: a binding put in another company")
def test_rpc_binding_company_forced(odoo_server, two_companies):
    """A manager of A creates a binding of A's backend saying company B: it
    is A's, B's users do not see it."""
    ids = two_companies
    manager = as_security_user(odoo_server, "manager_a")
    binding_id = manager(
        "connector.binding",
        "create",
        {
            "backend_model": "coffee.backend",
            "backend_id": ids["backend"],
            "res_model": "res.partner",
            "res_id": 1,
            "external_id": "forced-company",
            "company_id": ids["company_b"],
        },
    )
    try:
        user_b = as_security_user(odoo_server, "user_b")
        assert user_b("connector.binding", "search", [("id", "=", binding_id)]) == []
        with committed_env() as env:
            binding = env["connector.binding"].browse(binding_id)
            assert binding.company_id.id == ids["company_a"]
    finally:
        with committed_env() as env:
            env["connector.binding"].browse(binding_id).unlink()


#: connector models that hold nothing of a company: a wizard is its
#: creator's alone (Odoo's rule on transient models)
NO_COMPANY_RULE = {"connector.bulk.sync", "connector.export.confirm"}


def test_every_connector_model_has_a_company_rule():
    """Every model of the connectors (from the registry, not a hand list)
    has a record rule on its company: a model added without one fails here."""
    with committed_env() as env:
        suite = ("connector_base", "connector_coffee", "connector_kogan")
        models = {
            name
            for name, model in env.registry.items()
            if not model._abstract and model._original_module in suite
        }
        rules = env["ir.rule"].search([("model_id.model", "in", list(models))])
        covered = {
            rule.model_id.model for rule in rules if "company" in rule.domain_force
        }
    missing = sorted(models - covered - NO_COMPANY_RULE)
    assert not missing, f"connector models without a company rule: {missing}"
