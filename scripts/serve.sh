#!/usr/bin/env bash
# serve.sh DATABASE [HTTP_PORT]: Odoo's threaded server on 127.0.0.1 with the
# queue_job jobrunner, so queued jobs execute. Used by demo.sh and by the
# end-to-end tests (tests/conftest.py), so both run the same server.
source "$(dirname "$0")/lib.sh"
db=${1:?usage: serve.sh DATABASE [HTTP_PORT]}
port=${2:-${PORT:-8069}}
prepare
conf=$VAR/serve-$db.conf
write_odoo_conf "$conf" "$db" "$port"
mkdir -p "$VAR/log"
odoo -c "$conf" --logfile="${ODOO_LOGFILE:-}"
