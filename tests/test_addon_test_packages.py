"""Each addon's ``tests`` package imports its Odoo test modules: pytest finds
them by their files, but Odoo's own runner (``--test-enable``, as OCA's CI
runs it) only sees what the package imports. A simulator's plain pytest
module (no Odoo test case) is left to pytest."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(package):
    tree = ast.parse((package / "__init__.py").read_text())
    return {
        alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.level == 1 and not node.module
        for alias in node.names
    }


def is_plain_pytest(module):
    tree = ast.parse(module.read_text())
    return any(
        isinstance(node, ast.Import) and any(a.name == "pytest" for a in node.names)
        for node in tree.body
    )


def test_every_odoo_test_module_is_imported_by_its_package():
    packages = [p.parent for p in ROOT.glob("*/tests/__init__.py")]
    assert packages, ROOT
    missing = [
        str(module.relative_to(ROOT))
        for package in packages
        for module in sorted(package.glob("test_*.py"))
        if module.stem not in imported_modules(package) and not is_plain_pytest(module)
    ]
    assert not missing, f"not imported by their package's __init__.py: {missing}"
