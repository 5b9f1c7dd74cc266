#!/usr/bin/env bash
# scaleout.sh [--listings N] [--batch-size B] [--servers 1,2]: several Odoo
# servers on one database behind HAProxy (issue 32). A fresh database with
# connector_kogan (no demo data); N Kogan listings (the simulator, in the
# driver's process) imported through one server, then through two (each
# with worker processes and its jobrunner pointed at the load balancer),
# then a failover: the server whose jobrunner holds queue_job's lock is
# killed mid-import, the other takes over, and the books are counted
# (tests/scaleout/driver.py). HAProxy is installed when missing; every
# server and HAProxy end with this command, whatever ends it. Prints each
# measurement, writes .var/scaleout/result.json, exits non-zero when the
# failover lost or duplicated anything. Not part of the test command
# (tests/test_scaleout_failover.py runs a short failover there).
source "$(dirname "$0")/lib.sh"
db=${SCALEOUT_DB:-connector_scaleout}
prepare
ensure_haproxy
conf=$VAR/scaleout-$db.conf
write_odoo_conf "$conf" "$db" 0
kogan_db "$conf" "$db"
cd "$ROOT"
# the driver runs as a child: a signal to this shell is passed on to it (it
# stops the servers and HAProxy it started), then the cluster is stopped
"$PY" -m tests.scaleout.driver --config "$conf" --database "$db" "$@" &
driver=$!
trap 'kill -TERM "$driver" 2>/dev/null || true' INT TERM
status=0
while kill -0 "$driver" 2>/dev/null; do wait "$driver" || status=$?; done
exit "$status"
