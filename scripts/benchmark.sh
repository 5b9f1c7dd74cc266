#!/usr/bin/env bash
# benchmark.sh [--sizes 1000,10000] [--peer-sizes 1000] [--workers 1,2 [--workers-size N]] [--large-workers N]
# [--orders 1000,10000] [--order-peer-sizes 1000] [--fulfil 1000] [--stock-at-once N] [--readme]: sync
# throughput of the Kogan connector against Odoo's raw batched create and the
# one-job-per-record pattern, on a fresh database (tests/bench/bench_sync.py).
# Not part of the test command. Writes tests/bench/results.json and
# tests/bench/import_time.png; --readme also updates the README's table.
source "$(dirname "$0")/lib.sh"
db=${BENCH_DB:-connector_bench}
prepare
"$PY" -m pip install -q -r "$ROOT/requirements-bench.txt"
conf=$VAR/bench-$db.conf
write_odoo_conf "$conf" "$db" 0
drop_db "$db"
say "Creating database $db with connector_kogan (no demo data)"
odoo -c "$conf" -d "$db" -i connector_kogan --without-demo=all --stop-after-init \
    --log-level=warn
cd "$ROOT"
"$PY" -m tests.bench.bench_sync --config "$conf" --database "$db" "$@"
