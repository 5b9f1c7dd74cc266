"""scripts/new_connector.sh: the connector it generates passes the project's
pre-commit checks as generated, installs into a fresh database and passes its
own tests there (import, export, no ping-pong, a fault)."""

import shutil
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import odoo

from .odoo_server import ROOT

CHECKS = [".pre-commit-config.yaml", ".ruff.toml", ".pylintrc", ".prettierrc.yml"]


def run(*command, cwd):
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


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
    made = run(
        sys.executable,
        str(ROOT / "scripts/new_connector.py"),
        "beanery",
        "--model",
        "res.partner",
        "--resource",
        "roasters",
        "--title",
        "Beanery",
        "--dest",
        str(repo),
        cwd=repo,
    )
    assert made.returncode == 0, made.stderr
    addon = repo / "connector_beanery"
    assert (addon / "README.rst").is_file()
    run("git", "add", "-A", cwd=repo)
    checks = run(sys.executable, "-m", "pre_commit", "run", "-a", cwd=repo)
    assert checks.returncode == 0, checks.stdout + checks.stderr

    again = run(
        sys.executable,
        str(ROOT / "scripts/new_connector.py"),
        "beanery",
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
            "connector_beanery",
            "--test-enable",
            "--test-tags=/connector_beanery",
            "--stop-after-init",
            "--log-level=test",
            cwd=repo,
        )
    finally:
        drop(db)
    log = installed.stdout + installed.stderr
    assert installed.returncode == 0, log[-5000:]
    assert "0 failed, 0 error(s) of 5 tests" in log, log[-5000:]
