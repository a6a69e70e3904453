#!/usr/bin/env bash
# What an integrator's own tools say about the OpenAPI document (clients/typescript/openapi.json, regenerated from the
# API by scripts/generate-client.sh), from the pinned npm packages of clients/openapi-checks:
#   1. Redocly CLI's recommended rules: no error, no warning (redocly.yaml; the few rules that do not fit a call are
#      ignored for that call, each with its reason, in .redocly.lint-ignore.yaml);
#   2. Spectral's spectral:oas: no error, no warning (.spectral.yaml);
#   3. a second generator, unrelated to NSwag (openapi-typescript, with openapi-fetch), makes a client from the document
#      and the purchase flow written against it (flow.ts) type-checks.
#
#   bash scripts/check-openapi.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../clients/openapi-checks"

say() { printf '[check-openapi] %s\n' "$*" >&2; }

npm ci --no-audit --no-fund --loglevel=error
# Redocly prints a banner about Node.js 20's end of support; the result is its last lines and its exit code.
npm run --silent lint:redocly
say "Redocly (recommended): no error, no warning"
npm run --silent lint:spectral
say "Spectral (spectral:oas): no error, no warning"
# Quiet unless it fails: the generator lints with Redocly too, without this check's ignore list.
if ! generated="$(npm run --silent generate 2>&1)"; then
    printf '%s\n' "$generated" >&2
    exit 1
fi
npm run --silent typecheck
say "openapi-typescript + openapi-fetch: the purchase flow type-checks against the client made from the document"
