#!/usr/bin/env bash
# test.sh [PATH...] [PYTEST ARGS]: a test database with every addon of the
# suite, then pytest (pytest-odoo) over the PATHs given, else over each addon's
# tests/, the top-level tests/ and the test suites of OCA component, connector
# and queue_job. The database is reused while the addons' code and the
# virtualenv are unchanged (a stamp, as for the virtualenv); CI=true or
# TEST_DB_FRESH=1 always rebuilds it.
source "$(dirname "$0")/lib.sh"
db=${TEST_DB:-connector_test}
prepare
ensure_chromium
ensure_haproxy # tests/test_scaleout_failover.py
conf=$VAR/test-$db.conf
# no jobrunner in the test process: the end-to-end tests start their own server
ODOO_WORKERS=0 write_odoo_conf "$conf" "$db" 0 root:0
# every addon of the repository (a connector made by new_connector.sh too)
addons=$(find "$ROOT" -mindepth 2 -maxdepth 2 -name __manifest__.py -printf '%h\n' | xargs -n1 basename | sort | paste -sd,)
cd "$ROOT"
stamp_file=$VAR/test-$db.stamp
stamp=$(code_stamp "$addons,$TEST_ADDONS")
if [ "${CI:-}" != true ] && [ -z "${TEST_DB_FRESH:-}" ] && [ -f "$stamp_file" ] \
    && [ "$(cat "$stamp_file")" = "$stamp" ] && db_exists "$db"; then
    say "Reusing database $db (the addons' code is unchanged; TEST_DB_FRESH=1 rebuilds it)"
else
    rm -f "$stamp_file"
    install_db "$conf" "$db" "$addons,$TEST_ADDONS"
    echo "$stamp" >"$stamp_file"
fi
# OCA's own suites too: they must still pass with connector_base installed
oca=$(site_packages)/odoo/addons
paths="$(ls -d ./*/tests | tr '\n' ' ') $oca/component/tests $oca/connector/tests $oca/queue_job/tests tests"
# paths given first run only those tests
chosen=()
while [ $# -gt 0 ] && [ -e "${1%%::*}" ]; do chosen+=("$1"); shift; done
[ ${#chosen[@]} -eq 0 ] || paths="${chosen[*]}"
say "pytest $paths $*"
# --odoo-http: an HTTP server in the test process, for the browser tours (HttpCase);
# --rootdir: tests are named by their path from here (not from the first
# addon's pyproject.toml); CONNECTOR_SUITE_RUN marks every process the tests start
mark=$$-$RANDOM
status=0
# shellcheck disable=SC2086
CONNECTOR_SUITE_RUN=$mark "$PY" -m pytest --rootdir="$ROOT" --odoo-config="$conf" \
    --odoo-database="$db" --odoo-http -p no:cacheprovider $paths "$@" || status=$?
leftovers "$mark" || [ "$status" != 0 ] || status=1
exit "$status"
