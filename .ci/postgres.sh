#!/usr/bin/env bash
# Sourced by .ci/run (which uses `set -euo pipefail`): a throwaway PostgreSQL server for the
# database tests. Installs PostgreSQL from Debian's packages when missing, initialises a fresh
# cluster in a temporary folder (owned by the `postgres` user, since initdb refuses root),
# starts it on a free port on 127.0.0.1 only, exports CQC_TEST_POSTGRES_URL, and registers an
# EXIT trap that stops the server and deletes the folder. Nothing outside that folder changes
# (apart from the package install), and Debian's own "main" cluster is never started.
#
# By hand: bash -c 'set -euo pipefail; source .ci/postgres.sh; .venv/bin/python -m pytest tests/test_store.py'

_cqc_pg_initdb() {
  compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1 || true
}

if [ -z "$(_cqc_pg_initdb)" ]; then
  echo "postgres.sh: installing PostgreSQL from Debian packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # policy-rc.d (when present) keeps the package from starting its own cluster; we never use it.
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

_cqc_pg_bin="$(dirname "$(_cqc_pg_initdb)")"
if [ ! -x "$_cqc_pg_bin/initdb" ]; then
  echo "postgres.sh: PostgreSQL's initdb not found after install" >&2
  return 1
fi
if ! id postgres >/dev/null 2>&1; then
  echo "postgres.sh: the 'postgres' user is missing (the Debian package creates it)" >&2
  return 1
fi

_cqc_pg_dir="$(mktemp -d /tmp/cqc-postgres.XXXXXX)"
chown postgres:postgres "$_cqc_pg_dir"
chmod 700 "$_cqc_pg_dir"
_cqc_pg_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

_cqc_pg_as_postgres() {
  runuser -u postgres -- "$@"
}

_cqc_pg_stop() {
  if [ -n "${_cqc_pg_dir:-}" ] && [ -f "$_cqc_pg_dir/data/postmaster.pid" ]; then
    _cqc_pg_as_postgres "$_cqc_pg_bin/pg_ctl" -D "$_cqc_pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ -n "${_cqc_pg_dir:-}" ]; then
    rm -rf "$_cqc_pg_dir"
  fi
}

# Keep whatever EXIT trap the caller already had, and run ours after it.
_cqc_pg_previous_trap="$(trap -p EXIT | sed -e "s/^trap -- '//" -e "s/' EXIT$//")"
# shellcheck disable=SC2064
trap "${_cqc_pg_previous_trap:+$_cqc_pg_previous_trap;} _cqc_pg_stop" EXIT

_cqc_pg_as_postgres "$_cqc_pg_bin/initdb" -D "$_cqc_pg_dir/data" -U postgres -A trust \
  -E UTF8 --locale=C --no-sync >"$_cqc_pg_dir/initdb.log" 2>&1 || {
  echo "postgres.sh: initdb failed:" >&2
  cat "$_cqc_pg_dir/initdb.log" >&2
  return 1
}
_cqc_pg_as_postgres "$_cqc_pg_bin/pg_ctl" -D "$_cqc_pg_dir/data" -l "$_cqc_pg_dir/server.log" -w -t 60 \
  -o "-p $_cqc_pg_port -k $_cqc_pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" \
  start >/dev/null || {
  echo "postgres.sh: the server did not start:" >&2
  cat "$_cqc_pg_dir/server.log" >&2
  return 1
}
_cqc_pg_as_postgres "$_cqc_pg_bin/createdb" -h 127.0.0.1 -p "$_cqc_pg_port" -U postgres cqc_test

export CQC_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$_cqc_pg_port/cqc_test"
echo "postgres.sh: PostgreSQL $("$_cqc_pg_bin/postgres" --version | awk '{print $3}') at $CQC_TEST_POSTGRES_URL" >&2
