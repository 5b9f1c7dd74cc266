# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The command line every driver of scripts/*.sh shares: the Odoo
configuration and database the script made, and a folder for the results."""

import argparse
from pathlib import Path

import odoo

from .odoo_server import ROOT


def driver_parser(doc, out):
    """A parser of --config, --database and --out (default .var/``out``);
    its description is the first line of ``doc``."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--out", default=str(ROOT / ".var" / out))
    return parser


def open_database(args):
    """Configure Odoo on the script's database; returns the results folder,
    made if missing."""
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    return out
