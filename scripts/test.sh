#!/usr/bin/env bash
# test.sh [PYTEST ARGS]: a fresh test database with every addon of the suite,
# then pytest (pytest-odoo) over each addon's tests/ and the top-level tests/.
source "$(dirname "$0")/lib.sh"
db=${TEST_DB:-connector_test}
prepare
conf=$VAR/test.conf
write_odoo_conf "$conf" "$db" 0
install_db "$conf" "$db" "$ADDONS,$TEST_ADDONS"
cd "$ROOT"
paths=$(ls -d ./*/tests | tr '\n' ' ')
say "pytest $paths tests"
# shellcheck disable=SC2086
"$PY" -m pytest --odoo-config="$conf" --odoo-database="$db" -p no:cacheprovider $paths tests "$@"
