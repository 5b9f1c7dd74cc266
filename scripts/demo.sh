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
cat <<BANNER

  Connector suite demo
  URL:      http://127.0.0.1:$port/odoo
  Login:    admin
  Password: admin
  Stop with Ctrl-C.

BANNER
odoo -c "$conf"
