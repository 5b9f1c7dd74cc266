"""scripts/new_connector.sh: the connectors it generates, one per pagination
style (each with one of the authentications), pass the project's pre-commit
checks as generated, install into a fresh database and pass their own tests
there (Test connection, the Import and Export buttons, a 404, no ping-pong, a
fault retried, refused data)."""

import shutil
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from conftest import ROOT

import odoo

CHECKS = [".pre-commit-config.yaml", ".ruff.toml", ".pylintrc", ".prettierrc.yml"]
#: (pagination, authentication) of each connector generated
STYLES = [
    ("cursor", "token"),
    ("page", "basic"),
    ("link", "query"),
    ("offset", "basic"),
]
TESTS_PER_CONNECTOR = 7


def run(*command, cwd):
    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,  # no one to answer questions
    )


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
    modules = []
    for pagination, auth in STYLES:
        made = run(
            sys.executable,
            str(ROOT / "scripts/new_connector.py"),
            f"bean{pagination}",
            "--model",
            "res.partner",
            "--resource",
            "roasters",
            "--title",
            f"Beanery {pagination}",
            f"--pagination={pagination}",
            f"--auth={auth}",
            "--dest",
            str(repo),
            cwd=repo,
        )
        assert made.returncode == 0, made.stderr
        modules.append(f"connector_bean{pagination}")
        addon = repo / modules[-1]
        assert (addon / "README.rst").is_file()
        assert not list(addon.glob("views/*form*")), "the form is connector_base's"
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
    tests = TESTS_PER_CONNECTOR * len(STYLES)
    assert f"0 failed, 0 error(s) of {tests} tests" in log, log[-5000:]
