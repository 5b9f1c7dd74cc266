"""The security suite's shared pieces: its count of attacks (which the
README's section shows after a complete run), the secret and the buyer's
data that no reply may leak, and its callers over XML-RPC and JSON-RPC."""

import functools
import xmlrpc.client

import requests

from .odoo_server import ROOT, waits

README = ROOT / "README.md"
SECURITY_START = "<!-- security-suite:start -->"
SECURITY_END = "<!-- security-suite:end -->"
#: surface -> {"outcomes": {attack: what stopped it}, "tried": set(),
#: "defended": {attack: outcome}}; filled by the tests/test_security_*.py files
SECURITY_SURFACES = {}


def attacks(surface, outcomes):
    """The ``attack(name)`` decorator of one surface of the security suite
    (``outcomes``: every attack of the surface and what stops it): a test so
    decorated is that attack, counted as defended once its assertions pass.
    Checks that are not attacks (configuration, clean-up) stay plain tests."""
    record = SECURITY_SURFACES.setdefault(
        surface, {"outcomes": outcomes, "tried": set(), "defended": {}}
    )

    def attack(name):
        assert name in outcomes, f"{name!r} is not an attack of {surface}"

        def decorate(test):
            @functools.wraps(test)
            def run(*args, **kwargs):
                record["tried"].add(name)
                test(*args, **kwargs)
                record["defended"][name] = outcomes[name]

            return run

        return decorate

    return attack


def _security_files():
    return sorted(ROOT.glob("tests/test_security_*.py"))


def security_figures():
    """The README's security section, or None unless every surface ran every
    one of its attacks in this session (not a -k selection, not one file)."""
    surfaces = SECURITY_SURFACES
    if (
        not surfaces
        or len(surfaces) != len(_security_files())
        or any(s["tried"] != set(s["outcomes"]) for s in surfaces.values())
    ):
        return None
    tried = sum(len(s["tried"]) for s in surfaces.values())
    succeeded = sum(len(s["tried"]) - len(s["defended"]) for s in surfaces.values())
    lines = [
        SECURITY_START,
        "Written by `tests/test_security_*.py` at each complete run: attacks "
        "only (configuration and clean-up checks are tests, not counted), run "
        "for real: hostile replies from local servers, curious users over "
        "XML-RPC and JSON-RPC on a real server, two companies.",
        "",
        f"- attacks tried: {tried}",
        f"- attacks that succeeded: {succeeded}",
        "",
        "| surface | attacks | succeeded |",
        "| --- | --- | --- |",
    ]
    for surface, s in sorted(surfaces.items()):
        lines.append(
            f"| {surface} | {len(s['tried'])} | "
            f"{len(s['tried']) - len(s['defended'])} |"
        )
    for surface, s in sorted(surfaces.items()):
        lines += ["", f"{surface}:", "", "| attack | outcome |", "| --- | --- |"]
        lines += [
            f"| {name} | {s['defended'].get(name, '**succeeded**')} |"
            for name in s["outcomes"]
        ]
    lines.append(SECURITY_END)
    return "\n".join(lines)


def write_security_figures():
    """Writes the security section of the README after a complete run."""
    figures = security_figures()
    if not figures:
        return
    text = README.read_text()
    if SECURITY_START in text and SECURITY_END in text:
        before, rest = text.split(SECURITY_START, 1)
        README.write_text(before + figures + rest.split(SECURITY_END, 1)[1])


SECRET = "s3cret-security-token"
BUYER = "Jane Buyer, jane@example.com, +61 400 000 000, 1 Secret St"
RPC_ACCESS_ERROR = 4  # XML-RPC fault code of an AccessError


def xml_rpc(server, login, password):
    """call(model, method, *args, **kwargs) over XML-RPC as ``login``."""
    common = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/common")
    uid = common.authenticate(server.db, login, password, {})
    assert uid, login
    models = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object", allow_none=True)

    def call(model, method, *args, **kwargs):
        return models.execute_kw(
            server.db, uid, password, model, method, list(args), kwargs
        )

    return call


def json_rpc(server, login, password):
    """call(model, method, *args, **kwargs) -> the web client's JSON-RPC reply
    (``result`` or ``error``), in a session of ``login``."""
    session = requests.Session()

    def post(path, params):
        reply = session.post(
            f"{server.url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "params": params},
            timeout=waits().patience(waits().REQUEST),
        )
        reply.raise_for_status()
        return reply.json()

    post(
        "/web/session/authenticate",
        {"db": server.db, "login": login, "password": password},
    )

    def call(model, method, *args, **kwargs):
        return post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    return call


def fault_of(call, *args, **kwargs):
    """The XML-RPC fault a call raises (None if it succeeds); no fault may
    carry the secret or the buyer's data."""
    try:
        call(*args, **kwargs)
    except xmlrpc.client.Fault as fault:
        assert SECRET not in fault.faultString
        assert BUYER not in fault.faultString
        return fault
    return None


def refused(call, *args, **kwargs):
    """True when the XML-RPC call is refused as an access error."""
    fault = fault_of(call, *args, **kwargs)
    return bool(fault) and fault.faultCode == RPC_ACCESS_ERROR


def web_refused(reply):
    assert BUYER not in str(reply)
    error = reply.get("error")
    return bool(error) and error["data"]["name"] == "odoo.exceptions.AccessError"


SECURITY_LOGINS = {
    "plain": "security-plain-a",  # an employee of A, no connector rights
    "user_a": "security-user-a",
    "manager_a": "security-manager-a",
    "user_b": "security-user-b",  # a connector user of the other company
    "manager_b": "security-manager-b",
}


def as_security_user(server, who):
    login = SECURITY_LOGINS[who]
    return xml_rpc(server, login, f"{login}-pass")


def coffee_values(sim, name, **values):
    """A coffee machine backend on ``sim`` (no HTTP retry: every fault
    reaches the connector)."""
    return {
        "name": name,
        "version": sim.version,
        "location": sim.url,
        "username": "barista",
        "password": SECRET,
        "http_timeout": waits().fault_timeouts()[0],
        "http_max_retries": 0,
        **values,
    }
