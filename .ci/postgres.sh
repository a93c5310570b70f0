# Start a throwaway PostgreSQL 15 as the unprivileged user `postgres`, on 127.0.0.1,
# data in a temp folder, stopped at exit. Sets PG_URL. Used by .ci/run; see docs/search.md.
start_postgres() {
  local bindir port
  bindir=$(dirname "$(command -v pg_ctl || echo /usr/lib/postgresql/15/bin/pg_ctl)")
  [ -x "$bindir/pg_ctl" ] || bindir=/usr/lib/postgresql/15/bin
  port=${PG_PORT:-54329}
  PG_DIR=$(mktemp -d /tmp/archive-pg.XXXXXX)
  chown postgres "$PG_DIR"
  su postgres -c "$bindir/initdb -D $PG_DIR/data -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null"
  su postgres -c "$bindir/pg_ctl -D $PG_DIR/data -o '-h 127.0.0.1 -p $port -k $PG_DIR' -l $PG_DIR/log -w start >/dev/null"
  trap "su postgres -c '$bindir/pg_ctl -D $PG_DIR/data -m fast stop' >/dev/null 2>&1; rm -rf $PG_DIR" EXIT
  PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
  export PG_URL
}
