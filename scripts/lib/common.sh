# Shared by scripts/start and scripts/test: install the toolchain and find a PostgreSQL.
# shellcheck shell=bash

export UV_PYTHON_DOWNLOADS=never
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LOCAL_DIR="$ROOT/.local"
LOCAL_PG_PORT=${LOCAL_PG_PORT:-54329}

ensure_uv() {
  export PATH="$HOME/.local/bin:$PATH"
  if ! command -v uv >/dev/null 2>&1; then
    echo "installing uv with pip" >&2
    # Debian's own Python refuses user installs (PEP 668); uv is a self-contained tool, so
    # installing it beside the system packages is safe.
    python3 -m pip install --quiet --user uv 2>/dev/null \
      || python3 -m pip install --quiet --user --break-system-packages uv
  fi
  (cd "$ROOT" && uv sync --locked --quiet)
}

postgres_answers() {  # host port
  (cd "$ROOT" && uv run --quiet python - "$1" "$2" <<'PY'
import sys, psycopg2
try:
    psycopg2.connect(host=sys.argv[1], port=int(sys.argv[2]), user="postgres", dbname="postgres", connect_timeout=3).close()
except Exception:
    sys.exit(1)
PY
  )
}

find_postgres_bindir() {
  local candidate
  for candidate in "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/*/bin; do
    if [ -n "$candidate" ] && [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

start_local_cluster() {
  # A project-local throwaway cluster in .local/pgdata; PostgreSQL refuses to run as root.
  local bindir data run_as
  bindir=$(find_postgres_bindir) || {
    echo "No PostgreSQL found: set DATABASE_URL, start one on 127.0.0.1:5432, or install the" >&2
    echo "'postgresql' package (apt-get install postgresql) so a local cluster can be started." >&2
    return 1
  }
  data="$LOCAL_DIR/pgdata"
  run_as=()
  if [ "$(id -u)" = 0 ]; then
    local user=postgres
    id "$user" >/dev/null 2>&1 || user=nobody
    run_as=(runuser -u "$user" --)
  fi
  mkdir -p "$LOCAL_DIR"
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown "${run_as[2]}" "$data" && chmod 755 "$LOCAL_DIR"
    "${run_as[@]}" "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  if ! postgres_answers 127.0.0.1 "$LOCAL_PG_PORT"; then
    "${run_as[@]}" "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w \
      -o "-p $LOCAL_PG_PORT -k /tmp -c listen_addresses=127.0.0.1" start >/dev/null
  fi
  echo "started a local PostgreSQL cluster in $data on port $LOCAL_PG_PORT" >&2
}

# Sets DATABASE_SERVER_URL: a URL (database "postgres") on a server that answers.
ensure_postgres_server() {
  if [ -n "${DATABASE_URL:-}" ]; then
    DATABASE_SERVER_URL=$DATABASE_URL
  elif postgres_answers 127.0.0.1 5432; then
    DATABASE_SERVER_URL=postgresql+psycopg2://postgres@127.0.0.1:5432/postgres
  else
    start_local_cluster
    DATABASE_SERVER_URL=postgresql+psycopg2://postgres@127.0.0.1:$LOCAL_PG_PORT/postgres
  fi
  export DATABASE_SERVER_URL
}
