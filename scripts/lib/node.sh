# Shared by scripts/lint-spec, scripts/generate-clients and scripts/smoke-clients.
# shellcheck shell=bash

# Install a folder's locked npm packages (npm ci) unless node_modules already matches the lock.
ensure_node_modules() {  # folder
  local folder=$1
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm is missing: install Node.js 20 or newer (apt-get install nodejs npm)" >&2
    exit 1
  fi
  # npm writes node_modules/.package-lock.json on install; an older copy means a stale tree.
  if [ ! -f "$folder/node_modules/.package-lock.json" ] \
    || [ "$folder/package-lock.json" -nt "$folder/node_modules/.package-lock.json" ]; then
    (cd "$folder" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}
