#!/usr/bin/env bash
# serve.sh DATABASE [HTTP_PORT]: Odoo's threaded server on 127.0.0.1 with the
# queue_job jobrunner, so queued jobs execute. Used by the end-to-end tests
# (tests/conftest.py) and the benchmarks, with the demo's configuration.
source "$(dirname "$0")/lib.sh"
db=${1:?usage: serve.sh DATABASE [HTTP_PORT]}
port=${2:-${PORT:-8069}}
prepare
conf=$VAR/serve-$db.conf
write_odoo_conf "$conf" "$db" "$port"
mkdir -p "$VAR/log"
if [ -z "$PG_STARTED_HERE" ]; then
    # Odoo replaces this shell: a signal meant for the server (and the tests'
    # "end with me" setting) reaches Odoo itself
    exec "$PY" "$ODOO_SRC/odoo-bin" -c "$conf" --logfile="${ODOO_LOGFILE:-}"
fi
odoo -c "$conf" --logfile="${ODOO_LOGFILE:-}"
