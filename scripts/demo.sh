#!/usr/bin/env bash
# demo.sh: a fresh demo database with the three connectors, served on
# http://127.0.0.1:$PORT (default 8069) with the jobrunner executing queued jobs.
source "$(dirname "$0")/lib.sh"
db=${DEMO_DB:-connector_demo}
port=${PORT:-8069}
prepare
conf=$VAR/serve-$db.conf
write_odoo_conf "$conf" "$db" "$port"
install_db "$conf" "$db" "$ADDONS"

# the external systems of the demo backends, simulated on loopback
mkdir -p "$VAR/log"
"$PY" "$ROOT/connector_base/tests/http_simulator.py" odoo.addons.connector_kogan.tests.simulator --port 8072 --seed-products 30 --seed-orders 3 \
    >"$VAR/log/kogan-simulator.log" 2>&1 &
simulators=$!
"$PY" "$ROOT/connector_base/tests/http_simulator.py" odoo.addons.connector_coffee.tests.simulator --version 2900 --port 8071 \
    >"$VAR/log/coffee-simulator.log" 2>&1 &
simulators="$simulators $!"
# the demo backends' first imports, queued once the server answers
"$PY" "$ROOT/scripts/demo_sync.py" "http://127.0.0.1:$port" "$db" "$(patience 300)" \
    >"$VAR/log/demo-sync.log" 2>&1 &
simulators="$simulators $!"
trap 'trap "" INT TERM; kill $simulators 2>/dev/null || true; pg_stop' EXIT
cat <<BANNER

  Connector suite demo
  URL:      http://127.0.0.1:$port/odoo
  Login:    admin
  Password: admin
  Simulators: Kogan API on http://127.0.0.1:8072, coffee machine on http://127.0.0.1:8071
  Stop with Ctrl-C.

BANNER
odoo -c "$conf"
