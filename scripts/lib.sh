# Shared by scripts/demo.sh and scripts/test.sh: find Odoo, prepare the Python
# environment, run a throwaway PostgreSQL cluster and write Odoo configurations.
# Everything it makes lives in .venv/ and .var/ (both ignored by git).
# shellcheck shell=bash

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=$ROOT/.venv
VAR=$ROOT/.var
PY=$VENV/bin/python
PGPORT=${CONNECTOR_PG_PORT:-54329}
# the cluster's place: .var/ unless its OS user cannot reach it (pg_location)
PGDATA_DIR=$VAR/pgdata
PGSOCK=$VAR/run
DB_USER=odoo
ADDONS="connector_base,connector_coffee,connector_kogan"
# OCA's hidden addons that exist only for their tests (the repository's own,
# test_connector_base among them, are found by scripts/test.sh)
TEST_ADDONS="test_component,test_connector"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# patience SECONDS: a wait sized for a machine twice as slow as the one it was
# measured on, times CONNECTOR_WAIT_FACTOR (default 1), as the tests' waits
# (connector_base/tests/patience.py)
patience() {
    local factor=${CONNECTOR_WAIT_FACTOR:-1}
    awk -v s="$1" -v f="$factor" 'BEGIN { if (f + 0 < 1) exit 1; printf "%d\n", s * f + 0.999 }' \
        || die "CONNECTOR_WAIT_FACTOR=$factor: give a number of at least 1 (2 doubles every wait)"
}

# Odoo 18.0 source tree: $ODOO_SRC, else /opt/odoo-18.0, else an importable odoo.
find_odoo() {
    local candidate
    for candidate in "${ODOO_SRC:-}" /opt/odoo-18.0; do
        if [ -n "$candidate" ] && [ -f "$candidate/odoo/release.py" ]; then
            ODOO_SRC=$(cd "$candidate" && pwd)
            break
        fi
        candidate=""
    done
    if [ -z "$candidate" ]; then
        candidate=$(python3 -c 'import os, odoo; print(os.path.dirname(os.path.dirname(odoo.__file__)))' 2>/dev/null || true)
        [ -n "$candidate" ] && [ -f "$candidate/odoo/release.py" ] && ODOO_SRC=$candidate
    fi
    if [ -z "${ODOO_SRC:-}" ] || [ ! -f "$ODOO_SRC/odoo/release.py" ]; then
        die "Odoo 18.0 source not found. This suite runs Odoo from its source tree, which is not part
of this repository. Put an Odoo 18.0 checkout (the tree holding odoo-bin) at /opt/odoo-18.0,
or point ODOO_SRC at one, e.g.:
    git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo /opt/odoo-18.0
    export ODOO_SRC=/opt/odoo-18.0"
    fi
    grep -q "^version_info = (18, 0," "$ODOO_SRC/odoo/release.py" \
        || die "$ODOO_SRC is not Odoo 18.0 (see $ODOO_SRC/odoo/release.py)."
    export ODOO_SRC
}

# The virtualenv: Odoo's runtime dependencies, the OCA wheels (--no-deps) and the
# test tools. A stamp of the inputs makes a second run with nothing to do instant.
ensure_venv() {
    local stamp
    stamp=$(cat "$ROOT/requirements.txt" "$ROOT/requirements-oca.txt" | sha1sum | cut -c1-16)-$(python3 -V 2>&1)
    if [ -f "$VENV/.stamp" ] && [ "$(cat "$VENV/.stamp")" = "$stamp" ]; then
        echo "$ODOO_SRC" >"$(site_packages)/odoo-src.pth"
        return
    fi
    say "Preparing the Python environment in .venv"
    [ -x "$PY" ] || python3 -m venv "$VENV"
    "$PY" -m pip install -qq --prefer-binary -r "$ROOT/requirements.txt"
    "$PY" -m pip install -qq --no-deps -r "$ROOT/requirements-oca.txt"
    echo "$ODOO_SRC" >"$(site_packages)/odoo-src.pth"
    echo "$stamp" >"$VENV/.stamp"
}

site_packages() { "$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'; }

# PostgreSQL binaries of Debian's packages; installed when absent.
pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$dir" ]; then
        say "Installing PostgreSQL (Debian package postgresql)"
        local sudo=""
        [ "$(id -u)" = 0 ] || sudo=sudo
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
        dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    echo "$dir"
}

# initdb and postgres refuse to run as root: run them as the "postgres" OS user
# then (from /, as the current directory may be closed to that user).
as_pg_owner() {
    if [ "$(id -u)" = 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# As root, the cluster runs as "postgres", who cannot enter a private directory
# (root's home is mode 700, so is a mktemp -d): the cluster then lives in
# /var/tmp/connector-suite-<hash of this checkout's path>, one per checkout.
pg_location() {
    [ "$(id -u)" = 0 ] || return 0
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    mkdir -p "$PGDATA_DIR" "$PGSOCK"
    chown postgres "$PGDATA_DIR" "$PGSOCK"
    as_pg_owner test -w "$PGDATA_DIR" -a -w "$PGSOCK" && return 0
    local home
    home=/var/tmp/connector-suite-$(printf %s "$ROOT" | sha1sum | cut -c1-12)
    PGDATA_DIR=$home/pgdata
    PGSOCK=$home/run
    mkdir -p "$PGDATA_DIR" "$PGSOCK"
    chmod 711 "$home"
    chmod 700 "$PGDATA_DIR"
    chown postgres "$PGDATA_DIR" "$PGSOCK"
    as_pg_owner test -w "$PGDATA_DIR" -a -w "$PGSOCK" \
        || die "the postgres OS user can write neither in $VAR nor in $home: clone
the repository where that user can reach it (e.g. under /srv or /opt), or run as a non-root user."
    if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
        say "The postgres OS user cannot enter $VAR: the cluster lives in $home"
    fi
}

PGBIN=""
PG_STARTED_HERE=""

# Debian's Chromium, for the browser tests (Odoo's tours).
ensure_chromium() { ensure_debian_command chromium chromium "the browser tests"; }

# A cluster of the project's own in .var/pgdata, reachable only through a unix
# socket in .var/run, tuned for throwaway data (no fsync).
pg_start() {
    PGBIN=$(pg_bin)
    mkdir -p "$PGDATA_DIR" "$PGSOCK"
    pg_location
    [ ${#PGSOCK} -lt 90 ] || die "socket path $PGSOCK is too long for PostgreSQL; clone the repository to a shorter path."
    if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
        say "Creating a PostgreSQL cluster in $PGDATA_DIR"
        as_pg_owner "$PGBIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_pg_owner "$PGBIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
        as_pg_owner "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w -t "$(patience 120)" -s \
            -o "-k $PGSOCK -p $PGPORT -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_preload_libraries=pg_stat_statements" \
            start || die "PostgreSQL did not start, see $PGDATA_DIR/server.log"
        PG_STARTED_HERE=1
    fi
    psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname='$DB_USER'" | grep -q 1 \
        || psql_admin -qc "CREATE ROLE $DB_USER LOGIN SUPERUSER"
}

# Stops the cluster only when this run started it (a running demo keeps its database).
pg_stop() {
    if [ -n "$PG_STARTED_HERE" ]; then
        as_pg_owner "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t "$(patience 120)" -s stop || true
        PG_STARTED_HERE=""
    fi
}

psql_admin() { "$PGBIN/psql" -h "$PGSOCK" -p "$PGPORT" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

drop_db() { PGOPTIONS="-c client_min_messages=warning" psql_admin -qc "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)"; }

# write_odoo_conf FILE DATABASE HTTP_PORT [CHANNELS]: a configuration running the
# queue_job jobrunner, so queued jobs really execute (CHANNELS "root:0"
# disables it). ODOO_WORKERS=N (default 0) runs N worker processes instead of
# the threaded server, the jobrunner in a process of its own, as in production;
# the root channel then runs as many jobs at once as there are workers.
write_odoo_conf() {
    local workers=${ODOO_WORKERS:-0}
    [[ $workers =~ ^[0-9]+$ ]] || die "ODOO_WORKERS=$workers: give a number of worker processes (0: threaded)"
    local channels=${4:-root:$((workers > 0 ? workers : 2))}
    mkdir -p "$VAR/data" "$(dirname "$1")"
    cat >"$1" <<EOF
[options]
addons_path = $ROOT,$ODOO_SRC/addons
data_dir = $VAR/data
db_host = $PGSOCK
db_port = $PGPORT
db_user = $DB_USER
db_name = $2
dbfilter = ^$2\$
list_db = False
http_interface = 127.0.0.1
http_port = $3
gevent_port = $(($3 + 1))
workers = $workers
max_cron_threads = 1
# a job may run longer than an HTTP request (a chunk of 500 records)
limit_time_cpu = 600
limit_time_real = 1200
server_wide_modules = base,web,queue_job
without_demo = False
log_level = info

[queue_job]
channels = $channels
scheme = http
host = 127.0.0.1
port = $3
EOF
}

# odoo ARGS...: Odoo from its source tree, with the project's virtualenv.
odoo() { "$PY" "$ODOO_SRC/odoo-bin" "$@"; }

# install_db CONF DATABASE MODULES: a fresh database with MODULES and demo data.
install_db() {
    drop_db "$2"
    say "Creating database $2 with $3"
    odoo -c "$1" -d "$2" -i "$3" --stop-after-init --log-level=warn
}

db_exists() { psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname='$1'" | grep -q 1; }

# code_stamp MODULES: a digest of what a test database depends on: the
# repository's addons (tracked and untracked files, ignored ones aside), the
# virtualenv's stamp, the Odoo tree and the modules installed.
code_stamp() {
    {
        echo "$1" "$ODOO_SRC"
        cat "$VENV/.stamp"
        git -C "$ROOT" ls-files -z --cached --others --exclude-standard -- \
            $(find "$ROOT" -mindepth 2 -maxdepth 2 -name __manifest__.py -printf '%h\n' | xargs -n1 basename) \
            | xargs -0 -r sha1sum 2>/dev/null
    } | sha1sum | cut -c1-16
}

# leftovers MARK [SECONDS]: fails, naming them, if processes started under MARK
# (a value of CONNECTOR_SUITE_RUN in their environment) outlive the run; they
# get SECONDS (default: the patience of 30 s) to end, as a server told to stop
# when its tests died does, then are killed.
leftovers() {
    local pids="" deadline=$((SECONDS + ${2:-$(patience 30)}))
    while :; do
        pids=$(grep -lsxz "CONNECTOR_SUITE_RUN=$1" /proc/[0-9]*/environ | cut -d/ -f3 | paste -sd, || true)
        [ -z "$pids" ] || [ $SECONDS -ge $deadline ] && break
        sleep 1
    done
    [ -z "$pids" ] && return 0
    printf 'ERROR: processes of the test run left running (now killed):\n' >&2
    ps -o pid,args -p "$pids" >&2 || true
    # shellcheck disable=SC2046
    kill -9 $(tr , ' ' <<<"$pids") 2>/dev/null || true
    return 1
}

prepare() {
    patience 1 >/dev/null # a wrong CONNECTOR_WAIT_FACTOR stops here
    find_odoo
    ensure_venv
    pg_start
    # a second Ctrl-C (or a signal sent twice) must not cut the clean-up short
    trap 'trap "" INT TERM; pg_stop' EXIT
    trap 'exit 130' INT TERM
}

# ensure_debian_command COMMAND PACKAGE PURPOSE: installs Debian's PACKAGE
# when COMMAND is missing.
ensure_debian_command() {
    command -v "$1" >/dev/null && return
    say "Installing $1 (Debian package $2) for $3"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >/dev/null
}

# Debian's HAProxy, the load balancer of scripts/scaleout.sh and of its test
# (tests/test_scaleout_failover.py). Debian's package may start a service of
# its own: the suite runs HAProxy itself, so that one is stopped.
ensure_haproxy() {
    command -v haproxy >/dev/null && return
    ensure_debian_command haproxy haproxy "the scale-out run"
    if command -v systemctl >/dev/null && systemctl is-active -q haproxy 2>/dev/null; then
        systemctl disable --now haproxy >/dev/null 2>&1 || true
    fi
}

# kogan_db CONF DATABASE: a fresh DATABASE with connector_kogan and no demo
# data (no demo backend, so no scheduled import of one), run by CONF.
kogan_db() {
    drop_db "$2"
    say "Creating database $2 with connector_kogan (no demo data)"
    odoo -c "$1" -d "$2" -i connector_kogan --without-demo=all --stop-after-init \
        --log-level=warn
}
