"""new_connector.py SYSTEM --model MODEL --resource RESOURCE [--pagination
STYLE] [--auth KIND] [--dest DIR]: a new connector addon, ``connector_<system>``,
from connector_base's template (``scripts/connector_template``, rendered as
``odoo-bin scaffold`` renders its templates): a backend with its credentials
(a header token, HTTP Basic key and secret, or a key in the query string), an
adapter for one REST resource listed in the chosen pages (a cursor, page
numbers with a total-pages header, a ``Link`` header, offset and limit),
mappers, importer, exporter, a menu under Connector → Configuration (the form
is connector_base's), access rules, readme fragments, a local simulator of
the resource and tests that pass as generated. Asks for the styles not given
when run in a terminal. Run it with the project's virtualenv
(scripts/new_connector.sh)."""

import argparse
import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

from odoo.cli.scaffold import template

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "connector_template"
NAME = re.compile(r"[a-z][a-z0-9_]*")
MODEL = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
RESOURCE = re.compile(r"[A-Za-z0-9_-]+")
PAGINATIONS = {
    "cursor": 'a cursor: {"items": [...], "next": <cursor or null>}',
    "page": "page numbers, the count of pages in a header (X-WP-TotalPages...)",
    "link": 'a Link: <url>; rel="next" header',
    "offset": "offset and limit",
}
AUTHS = {
    "token": "an API key in a header",
    "basic": "HTTP Basic: a key and its secret",
    "query": "an API key in the query string",
}
#: the styles the scaffold asks for: (question, choices, default)
STYLES = {
    "pagination": ("how the API pages its lists", PAGINATIONS, "cursor"),
    "auth": ("how requests authenticate", AUTHS, "token"),
}
AUTH_SUMMARIES = {
    "token": "its API key",
    "basic": "its consumer key and secret",
    "query": "its API key",
}


def pascal(name):
    return "".join(part.capitalize() for part in re.split(r"[._-]", name) if part)


def params(system, model, resource, title, author, depends, styles):
    return {
        **styles,
        "auth_summary": AUTH_SUMMARIES[styles["auth"]],
        "system": system,
        "system_class": pascal(system),
        "title": title or pascal(system),
        "backend": f"{system}.backend",
        "backend_table": f"{system}_backend",
        "model": model,
        "model_label": model.replace(".", " ").replace("_", " ").title(),
        "resource": resource,
        "resource_module": re.sub(r"\W", "_", resource.lower()),
        "resource_class": pascal(resource),
        "author": author,
        "year": datetime.date.today().year,
        "depends": json.dumps(["connector_base", *depends]),
    }


def ask(question, choices, default):
    """The choice of the person at the terminal; without one (CI, a
    script), the default."""
    if not sys.stdin.isatty():
        return default
    print(f"{question[0].upper()}{question[1:]}?")
    keys = list(choices)
    for number, key in enumerate(keys, 1):
        print(f"  {number}. {key}: {choices[key]}")
    while True:
        answer = input(f"[{default}]: ").strip() or default
        if answer.isdigit() and 1 <= int(answer) <= len(keys):
            return keys[int(answer) - 1]
        if answer in choices:
            return answer
        print(f"one of {', '.join(keys)}, or its number")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("system", help="the external system, e.g. acme")
    parser.add_argument(
        "--model", required=True, help="the Odoo model, e.g. res.partner"
    )
    parser.add_argument(
        "--resource", required=True, help="the REST resource, e.g. contacts"
    )
    parser.add_argument("--title", help="the system's name as users read it")
    parser.add_argument("--author", default="Connector Suite")
    parser.add_argument(
        "--depends",
        default="",
        help="addons the model comes from, comma-separated (e.g. product)",
    )
    for name, (question, choices, __) in STYLES.items():
        parser.add_argument(
            f"--{name}",
            choices=choices,
            help=f"{question}: " + "; ".join(f"{k}: {v}" for k, v in choices.items()),
        )
    parser.add_argument(
        "--total-header",
        default="X-Total-Pages",
        help="with --pagination page: the header holding the number of pages",
    )
    parser.add_argument("--dest", default=str(ROOT), help="where the addon goes")
    args = parser.parse_args(argv)
    if not NAME.fullmatch(args.system):
        parser.error(f"{args.system!r}: a system name is lowercase letters, digits, _")
    if not MODEL.fullmatch(args.model):
        parser.error(f"{args.model!r} is not an Odoo model name (e.g. res.partner)")
    if not RESOURCE.fullmatch(args.resource):
        parser.error(f"{args.resource!r}: a resource is one URL path segment")
    module = f"connector_{args.system}"
    target = Path(args.dest) / module
    if target.exists():
        parser.error(f"{target} exists already: nothing written")
    depends = [d.strip() for d in args.depends.split(",") if d.strip()]
    styles = {
        **{
            name: getattr(args, name) or ask(question, choices, default)
            for name, (question, choices, default) in STYLES.items()
        },
        "total_header": args.total_header,
    }
    values = params(
        args.system, args.model, args.resource, args.title, args.author, depends, styles
    )
    template(str(TEMPLATE)).render_to(module, str(args.dest), params=values)
    if (Path(args.dest) / ".pre-commit-config.yaml").is_file():
        # the repository's own checks shape the new files: line lengths that
        # the names changed, README.rst from the readme fragments
        files = [str(path.relative_to(args.dest)) for path in target.rglob("*.*")]
        subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--files", *files],
            cwd=args.dest,
            stdout=subprocess.DEVNULL,
            check=False,
        )
    print(
        f"{target}: the {values['title']} connector ({styles['pagination']} pages, "
        f"{styles['auth']} authentication); scripts/test.sh {module}/tests runs its "
        "tests"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
