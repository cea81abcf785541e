#!/usr/bin/env bash
# A throwaway PostgreSQL for tests and trials (docs/decisions/0136-postgres-backend.md):
#   scripts/services/postgres.sh up DIR    starts a cluster in DIR/pg on a free loopback port and
#                                          prints VOCES_TEST_DATABASE_URL=… and
#                                          VOCES_TEST_DATABASE_ADMIN_URL=… on stdout
#   scripts/services/postgres.sh down DIR  stops it and removes DIR/pg
# Debian's postgresql 15 (+contrib, for unaccent). PostgreSQL refuses to run as root, so when we
# are root the cluster belongs to the `postgres` system user. Progress goes to stderr.
set -euo pipefail

action="${1:-}"
dir="${2:-}"
if [ -z "$action" ] || [ -z "$dir" ]; then
  echo "usage: $0 up|down DIR" >&2
  exit 2
fi
bin="${VOCES_PG_BIN:-/usr/lib/postgresql/15/bin}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
data="$dir/pg/data"
sock="$dir/pg/run"

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$action" in
  up)
    if [ ! -x "$bin/initdb" ]; then
      echo "PostgreSQL 15 is not installed ($bin/initdb missing): apt-get install postgresql postgresql-contrib" >&2
      exit 1
    fi
    if [ -f "$data/postmaster.pid" ]; then
      echo "a PostgreSQL is already running in $dir/pg: run '$0 down $dir' first" >&2
      exit 1
    fi
    rm -rf "$dir/pg"
    mkdir -p "$data" "$sock"
    if [ "$(id -u)" = 0 ]; then
      chown -R postgres:postgres "$dir/pg"
      # The postgres user must be able to reach DIR/pg through DIR's parents.
      chmod o+x "$dir"
    fi
    port="$(node -e "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
    password="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
    admin_password="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
    pwfile="$dir/pg/admin-password"
    printf '%s\n' "$admin_password" >"$pwfile"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$pwfile"
    as_owner "$bin/initdb" -D "$data" -U voces_admin --pwfile="$pwfile" -A scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 --no-sync >&2
    rm -f "$pwfile"
    # fsync off: a throwaway cluster; a crash loses nothing worth keeping.
    as_owner "$bin/pg_ctl" -D "$data" -l "$dir/pg/log" -w -t 30 start \
      -o "-h 127.0.0.1 -p $port -k $sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >&2
    PGPASSWORD="$admin_password" "$bin/psql" -h 127.0.0.1 -p "$port" -U voces_admin -d postgres \
      -v ON_ERROR_STOP=1 -q >&2 <<SQL
CREATE ROLE voces LOGIN PASSWORD '$password';
CREATE DATABASE voces OWNER voces;
\c voces
CREATE EXTENSION IF NOT EXISTS unaccent;
SQL
    echo "$port" >"$dir/pg/port"
    echo "VOCES_TEST_DATABASE_URL=postgres://voces:$password@127.0.0.1:$port/voces"
    echo "VOCES_TEST_DATABASE_ADMIN_URL=postgres://voces_admin:$admin_password@127.0.0.1:$port/postgres"
    ;;
  down)
    if [ -f "$data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$data" -m immediate -w -t 30 stop >&2 || true
    fi
    rm -rf "$dir/pg"
    ;;
  *)
    echo "usage: $0 up|down DIR" >&2
    exit 2
    ;;
esac
