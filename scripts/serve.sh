#!/usr/bin/env bash
# serve.sh DATABASE [HTTP_PORT] [--install ADDONS]: Odoo's threaded server on
# 127.0.0.1 with the queue_job jobrunner, so queued jobs execute. Used by the
# end-to-end tests (tests/conftest.py) and the benchmarks, with the demo's
# configuration. --install installs (or updates) the comma-separated ADDONS in
# DATABASE first (a new database is created with them). A connector installed
# later from Apps, in a running threaded server, has its jobs run at once
# (connector_base restarts queue_job's jobrunner thread); with ODOO_WORKERS
# the jobrunner is a process of its own: restart this command then.
source "$(dirname "$0")/lib.sh"
usage="usage: serve.sh DATABASE [HTTP_PORT] [--install ADDONS]"
db="" port="" install=""
while [ $# -gt 0 ]; do
    case $1 in
    --install) install=${2:?$usage}; shift 2 ;;
    -*) die "$usage" ;;
    *) if [ -z "$db" ]; then db=$1; elif [ -z "$port" ]; then port=$1; else die "$usage"; fi; shift ;;
    esac
done
[ -n "$db" ] || die "$usage"
port=${port:-${PORT:-8069}}
prepare
conf=$VAR/serve-$db.conf
write_odoo_conf "$conf" "$db" "$port"
mkdir -p "$VAR/log"
if [ -n "$install" ]; then
    say "Installing $install in $db"
    odoo -c "$conf" -d "$db" -i "$install" --stop-after-init --log-level=warn
fi
if [ -z "$PG_STARTED_HERE" ]; then
    # Odoo replaces this shell: a signal meant for the server (and the tests'
    # "end with me" setting) reaches Odoo itself
    exec "$PY" "$ODOO_SRC/odoo-bin" -c "$conf" --logfile="${ODOO_LOGFILE:-}"
fi
# the cluster is this command's: Odoo runs as a child, a signal to this shell
# is passed on to it, and the cluster is stopped once Odoo has ended
"$PY" "$ODOO_SRC/odoo-bin" -c "$conf" --logfile="${ODOO_LOGFILE:-}" &
server=$!
trap 'kill -TERM "$server" 2>/dev/null || true' INT TERM
while kill -0 "$server" 2>/dev/null; do wait "$server" || true; done
