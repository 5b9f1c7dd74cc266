#!/usr/bin/env bash
# benchmark.sh [--sizes 1000,10000] [--peer-sizes 1000] [--workers 1,2 [--workers-size N]] [--large-workers N]
# [--orders 1000,10000] [--order-peer-sizes 1000] [--fulfil 1000] [--stock-at-once N]
# [--latency 0.3,2 --latency-size 10000] [--export-size N] [--readme]: sync throughput of the Kogan connector
# against Odoo's raw batched create of the mapper's values and the one-job-per-record
# pattern, and with the API's latency (seconds a read waits, a write task takes) against
# reading the listing alone, on a fresh database (tests/bench/bench_sync.py).
# Not part of the test command. Writes tests/bench/results.json and
# tests/bench/import_time.png; --readme also updates the README's table.
source "$(dirname "$0")/lib.sh"
db=${BENCH_DB:-connector_bench}
prepare
"$PY" -m pip install -q -r "$ROOT/requirements-bench.txt"
conf=$VAR/bench-$db.conf
write_odoo_conf "$conf" "$db" 0
kogan_db "$conf" "$db"
cd "$ROOT"
"$PY" -m tests.bench.bench_sync --config "$conf" --database "$db" "$@"
