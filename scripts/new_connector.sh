#!/usr/bin/env bash
# new_connector.sh SYSTEM --model MODEL --resource RESOURCE [--pagination STYLE]
# [--auth KIND] [--dest DIR]: a new connector addon generated from
# scripts/connector_template (see new_connector.py).
source "$(dirname "$0")/lib.sh"
find_odoo
ensure_venv
"$PY" "$ROOT/scripts/new_connector.py" "$@"
