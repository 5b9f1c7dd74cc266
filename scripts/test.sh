#!/usr/bin/env bash
# test.sh [PYTEST ARGS]: a fresh test database with every addon of the suite,
# then pytest (pytest-odoo) over each addon's tests/, the top-level tests/ and
# the test suites of OCA component, connector and queue_job.
source "$(dirname "$0")/lib.sh"
db=${TEST_DB:-connector_test}
prepare
ensure_chromium
conf=$VAR/test-$db.conf
# no jobrunner in the test process: the end-to-end tests start their own server
ODOO_WORKERS=0 write_odoo_conf "$conf" "$db" 0 root:0
# every addon of the repository (a connector made by new_connector.sh too)
addons=$(find "$ROOT" -mindepth 2 -maxdepth 2 -name __manifest__.py -printf '%h\n' | xargs -n1 basename | sort | paste -sd,)
install_db "$conf" "$db" "$addons,$TEST_ADDONS"
cd "$ROOT"
# OCA's own suites too: they must still pass with connector_base installed
oca=$(site_packages)/odoo/addons
paths="$(ls -d ./*/tests | tr '\n' ' ') $oca/component/tests $oca/connector/tests $oca/queue_job/tests"
say "pytest $paths tests"
# --odoo-http: an HTTP server in the test process, for the browser tours (HttpCase);
# --rootdir: tests are named by their path from here (not from the first
# addon's pyproject.toml); CONNECTOR_SUITE_RUN marks every process the tests start
mark=$$-$RANDOM
status=0
# shellcheck disable=SC2086
CONNECTOR_SUITE_RUN=$mark "$PY" -m pytest --rootdir="$ROOT" --odoo-config="$conf" \
    --odoo-database="$db" --odoo-http -p no:cacheprovider $paths tests "$@" || status=$?
leftovers "$mark" || [ "$status" != 0 ] || status=1
exit "$status"
