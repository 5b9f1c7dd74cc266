#!/usr/bin/env bash
# soak.sh [--days N] [--orders-per-day M] [--fault-rate R] [--kill-every K]
# [--seed S] [--products P]: a month of Kogan trading, compressed, reconciled
# (issue 28, item 6). A fresh database with connector_kogan (no demo data), a
# real Odoo server with the queue_job jobrunner (scripts/serve.sh, killed and
# restarted every K days), the Kogan simulator in the driver's process
# (tests/soak/driver.py); then Odoo is reconciled with the simulator's own
# ledger (tests/soak/reconcile.py). Prints the report, writes
# .var/soak/result.json; exits non-zero when a figure is not 0. Not part of
# the test command (tests/test_soak.py runs a short one there).
source "$(dirname "$0")/lib.sh"
db=${SOAK_DB:-connector_soak}
prepare
conf=$VAR/soak-$db.conf
write_odoo_conf "$conf" "$db" 0
kogan_db "$conf" "$db"
cd "$ROOT"
status=0
"$PY" -m tests.soak.driver --config "$conf" --database "$db" "$@" || status=$?
exit "$status"
