# Start a throwaway PostgreSQL 15 as an unprivileged user (`postgres` when run as root, else
# the current user), on 127.0.0.1, data in a temp folder, stopped at exit. Sets PG_URL.
# Used by .ci/run; see docs/search.md for running the search suite on PostgreSQL by hand.
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else bash -c "$1"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_postgres() {
  local bindir port
  bindir=$(dirname "$(command -v pg_ctl || echo /usr/lib/postgresql/15/bin/pg_ctl)")
  [ -x "$bindir/pg_ctl" ] || bindir=/usr/lib/postgresql/15/bin
  port=${PG_PORT:-$(free_port)}
  PG_DIR=$(mktemp -d /tmp/archive-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then chown postgres "$PG_DIR"; fi
  pg_as_owner "$bindir/initdb -D $PG_DIR/data -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null"
  pg_as_owner "$bindir/pg_ctl -D $PG_DIR/data -o '-h 127.0.0.1 -p $port -k $PG_DIR' -l $PG_DIR/log -w start >/dev/null"
  PG_STOP="$bindir/pg_ctl -D $PG_DIR/data -m fast stop"
  trap 'pg_as_owner "$PG_STOP" >/dev/null 2>&1; rm -rf "$PG_DIR"' EXIT
  PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
  export PG_URL
}
