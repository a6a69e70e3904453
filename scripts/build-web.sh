#!/usr/bin/env bash
# Builds the shoppers' waiting-room page (web/) into src/WebApi/wwwroot, which the API serves at `/`. Run it after
# changing web/src or the TypeScript client, and commit what changes:
#
#   bash scripts/build-web.sh            # type-check web/src with the client, bundle it, write src/WebApi/wwwroot
#   bash scripts/build-web.sh --check    # the same build in memory; fail if the committed wwwroot differs (CI)
#
# The page talks to the API only through clients/typescript (regenerate it with scripts/generate-client.sh).
# Installs web/'s pinned npm packages (npm ci) when node_modules is missing or older than package-lock.json.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '[build-web] %s\n' "$*" >&2; }

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    say "ERROR: node and npm are needed (Node.js 20 or later)."
    exit 1
fi

# npm ci writes node_modules/.package-lock.json: missing or older than the lock file means "install again".
if [[ ! -f web/node_modules/.package-lock.json || web/package-lock.json -nt web/node_modules/.package-lock.json ]]; then
    say "npm ci (web/)"
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi

exec node web/build.mjs "$@"
