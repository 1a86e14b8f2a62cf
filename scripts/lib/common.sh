# Shared by scripts/start and scripts/test: install the toolchain and find a PostgreSQL.
# shellcheck shell=bash

# Python comes from the machine (3.12 or newer), never from a download.
export UV_PYTHON_DOWNLOADS=never
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LIB="$ROOT/scripts/lib"

fail() {
  echo "error: $*" >&2
  exit 1
}

# Sets PYTHON to the first interpreter of 3.12 or newer among the usual names.
find_python() {
  local name found=""
  for name in python3 python3.14 python3.13 python3.12 python; do
    command -v "$name" >/dev/null 2>&1 || continue
    if "$name" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      PYTHON=$(command -v "$name")
      return 0
    fi
    found="$found $name $("$name" -c 'import platform; print(platform.python_version())' 2>/dev/null)"
  done
  fail "Python 3.12 or newer is needed (found:${found:- none}); on Debian 13: apt-get install python3"
}

# A directory on PATH where uv can go: /usr/local/bin for root, ~/.local/bin otherwise (or
# another directory of the user's on PATH). Prints the directory; returns 1 if it is not on PATH.
uv_target_dir() {
  local dir
  if [ "$(id -u)" = 0 ]; then
    echo /usr/local/bin
    return 0
  fi
  for dir in "$HOME/.local/bin" "$HOME/bin"; do
    case ":$PATH:" in *":$dir:"*) echo "$dir"; return 0 ;; esac
  done
  echo "$HOME/.local/bin"
  return 1
}

# Installs the pinned uv (scripts/lib/uv-requirements.txt, with hashes) from the package index
# with pip: Debian's pip if there is one, else pip from a throwaway venv (python3-venv).
install_uv() {
  local target on_path=yes tmp pip
  target=$(uv_target_dir) || on_path=no
  tmp=$(mktemp -d)
  if "$PYTHON" -m pip --version >/dev/null 2>&1; then
    pip=("$PYTHON" -m pip)
  elif "$PYTHON" -m venv "$tmp/venv" >/dev/null 2>&1; then
    pip=("$tmp/venv/bin/python" -m pip)
  else
    rm -rf "$tmp"
    fail "$PYTHON has neither pip nor venv to install uv with: apt-get install python3-venv"
  fi
  echo "installing uv into $target" >&2
  "${pip[@]}" download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --require-hashes -r "$LIB/uv-requirements.txt" -d "$tmp/wheel" \
    || { rm -rf "$tmp"; fail "could not download uv with pip (see above)"; }
  # uv's wheel carries the uv and uvx executables; nothing else of it is needed.
  "$PYTHON" - "$tmp"/wheel/uv-*.whl "$target" <<'PY' || { rm -rf "$tmp"; fail "could not unpack uv"; }
import os, sys, zipfile
wheel, target = sys.argv[1], sys.argv[2]
os.makedirs(target, exist_ok=True)
with zipfile.ZipFile(wheel) as archive:
    for member in archive.namelist():
        if member.endswith(("/scripts/uv", "/scripts/uvx")):
            path = os.path.join(target, os.path.basename(member))
            with archive.open(member) as source, open(path + ".new", "wb") as copy:
                copy.write(source.read())
            os.chmod(path + ".new", 0o755)
            os.replace(path + ".new", path)
PY
  rm -rf "$tmp"
  export PATH="$target:$PATH"
  if [ "$on_path" = no ]; then
    echo "note: uv is in $target, which is not on your PATH: log in again (Debian's ~/.profile adds it) or run: export PATH=\"$target:\$PATH\"" >&2
  fi
}

ensure_uv() {
  if ! command -v uv >/dev/null 2>&1; then
    local previous
    previous=$(uv_target_dir) || true
    if [ -x "$previous/uv" ]; then
      export PATH="$previous:$PATH"
      echo "note: using $previous/uv, which is not on your PATH: export PATH=\"$previous:\$PATH\"" >&2
    else
      install_uv
    fi
  fi
}

# Python, uv and the locked dependencies in .venv.
ensure_toolchain() {
  find_python
  ensure_uv
  (cd "$ROOT" && uv sync --locked --quiet) \
    || fail "uv could not install the locked dependencies (see above)"
}

# Sets DATABASE_SERVER_URL, DATABASE_DESCRIPTION and DATABASE_STARTED from
# scripts/lib/postgres.py (DATABASE_URL, else 127.0.0.1:5432, else the embedded cluster).
# Arguments go to `postgres.py up` (--record: write .local/hestami.env).
ensure_postgres_server() {
  local output line
  output=$(cd "$ROOT" && uv run --quiet python "$LIB/postgres.py" up "$@") || exit 1
  while IFS= read -r line; do
    # shellcheck disable=SC2034 # DATABASE_DESCRIPTION is read by scripts/start and scripts/test
    case $line in
      DATABASE_SERVER_URL=*) DATABASE_SERVER_URL=${line#*=} ;;
      DATABASE_DESCRIPTION=*) DATABASE_DESCRIPTION=${line#*=} ;;
      STARTED=*) DATABASE_STARTED=${line#*=} ;;
    esac
  done <<<"$output"
  export DATABASE_SERVER_URL
}

# Stops the embedded cluster if ensure_postgres_server started it (for an EXIT trap).
stop_postgres_server() {
  if [ "${DATABASE_STARTED:-0}" = 1 ]; then
    DATABASE_STARTED=0
    (cd "$ROOT" && uv run --quiet python "$LIB/postgres.py" down) \
      && echo "stopped the embedded PostgreSQL" >&2
  fi
}

# CI installs the Debian tools some tests drive: PgBouncer (the transaction-pooling run of
# the contract tests) and Chromium (the /docs browser test). Elsewhere those tests skip with
# a one-line reason when the tools are missing; under CI they fail instead.
ensure_ci_test_tools() {
  [ -n "${CI:-}" ] || return 0
  local missing=()
  command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || missing+=(chromium chromium-driver)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    fail "CI needs ${missing[*]}: apt-get install ${missing[*]}"
  fi
  echo "installing ${missing[*]} with apt-get (for the PgBouncer and browser tests)" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}
