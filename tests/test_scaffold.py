"""scripts/new_connector.sh: the connectors it generates, one per pagination
style (each with one of the authentications), pass the project's pre-commit
checks as generated, install into a fresh database and pass their own tests
there (Test connection, the Import and Export buttons, a 404, no ping-pong, a
fault retried, refused data); so does the BigShop connector an author wrote
from it, in at most 40 lines of Python and no XML."""

import difflib
import json
import shutil
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import odoo

from .odoo_server import ROOT

CHECKS = [".pre-commit-config.yaml", ".ruff.toml", ".pylintrc", ".prettierrc.yml"]
#: (pagination, authentication) of each connector generated
STYLES = [
    ("cursor", "token"),
    ("page", "basic"),
    ("link", "query"),
    ("offset", "basic"),
]
TESTS_PER_CONNECTOR = 7
#: a connector written from the scaffold for a system the suite had not
#: seen (README, "Writing a connector in a page"): its command and the
#: author's edits, as the author made them
BIGSHOP = json.loads(
    (Path(__file__).parent / "scaffold/bigshop_edits.json").read_text()
)
AUTHOR_LINES = 40  # the target: Python lines written by its author


def run(*command, cwd):
    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,  # no one to answer questions
    )


def author_edits(addon):
    """Apply the author's edits of the BigShop connector (measured: a
    BigCommerce-like API, page numbers given in the body, HTTP Basic) to
    the generated addon; returns the lines of Python the author wrote.
    An edit that no longer applies is the template's drift: re-measure."""
    written = 0
    for path, edits in BIGSHOP["edits"].items():
        source = addon / path
        text = source.read_text()
        generated = text
        for old, new in edits:
            assert text.count(old) == 1, f"{path}: the generated code changed: {old}"
            text = text.replace(old, new)
        source.write_text(text)
        diff = difflib.unified_diff(generated.splitlines(), text.splitlines(), n=0)
        written += sum(1 for line in diff if line[:1] == "+" and line[:3] != "+++")
    return written


def drop(db):
    with closing(odoo.sql_db.db_connect("postgres").cursor()) as cr:
        cr._cnx.autocommit = True
        cr.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    shutil.rmtree(odoo.tools.config.filestore(db), ignore_errors=True)


def test_generated_connector_is_clean_and_passes_its_tests(tmp_path):
    # a repository of its own, with the project's checks
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    for name in CHECKS + ["scripts/gen_addon_readme.py"]:
        shutil.copy(ROOT / name, repo / name)
    run("git", "init", "-q", cwd=repo)
    commands = [
        [
            f"bean{pagination}",
            "--model=res.partner",
            "--resource=roasters",
            f"--title=Beanery {pagination}",
            f"--pagination={pagination}",
            f"--auth={auth}",
        ]
        for pagination, auth in STYLES
    ]
    commands.append(BIGSHOP["command"])
    modules = []
    for command in commands:
        made = run(
            sys.executable,
            str(ROOT / "scripts/new_connector.py"),
            *command,
            f"--dest={repo}",
            cwd=repo,
        )
        assert made.returncode == 0, made.stderr
        modules.append(f"connector_{command[0]}")
        addon = repo / modules[-1]
        assert (addon / "README.rst").is_file()
        assert not list(addon.glob("views/*form*")), "the form is connector_base's"
    assert author_edits(repo / "connector_bigshop") <= AUTHOR_LINES
    run("git", "add", "-A", cwd=repo)
    checks = run(sys.executable, "-m", "pre_commit", "run", "-a", cwd=repo)
    assert checks.returncode == 0, checks.stdout + checks.stderr

    again = run(
        sys.executable,
        str(ROOT / "scripts/new_connector.py"),
        "beancursor",
        "--model=res.partner",
        "--resource=roasters",
        f"--dest={repo}",
        cwd=repo,
    )
    assert again.returncode != 0 and "exists already" in again.stderr

    db = f"connector_scaffold_{tmp_path.name}"[:63]
    drop(db)
    try:
        installed = run(
            sys.executable,
            str(Path(odoo.__file__).parents[1] / "odoo-bin"),
            "-c",
            odoo.tools.config.rcfile,
            f"--addons-path={repo},{odoo.tools.config['addons_path']}",
            "-d",
            db,
            "-i",
            ",".join(modules),
            "--test-enable",
            "--test-tags=" + ",".join(f"/{module}" for module in modules),
            "--stop-after-init",
            "--log-level=test",
            cwd=repo,
        )
    finally:
        drop(db)
    log = installed.stdout + installed.stderr
    # the failures first: the end of the log is the run's summary
    failed = [line for line in log.splitlines() if "FAIL:" in line or " ERROR " in line]
    assert installed.returncode == 0, "\n".join(failed)[:5000] + log[-3000:]
    tests = TESTS_PER_CONNECTOR * len(modules)
    assert f"0 failed, 0 error(s) of {tests} tests" in log, log[-5000:]
