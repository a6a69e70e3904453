#!/usr/bin/env bash
# Regenerates the TypeScript client (clients/typescript) from the API's OpenAPI document. Run it after changing
# the API, and commit what changes:
#
#   bash scripts/generate-client.sh            # rebuild the API, regenerate openapi.json and src/generated.ts
#   bash scripts/generate-client.sh --check    # the same, then fail if the committed client differs (CI)
#
# NSwag reads the document from the built API without starting it (Program.cs runs up to app.Run()), then
# writes the client with its fetch template; clients/typescript/nswag.json holds every setting. The typed layer
# on top (src/index.ts) is compiled against the new code, so a change that breaks it fails here too.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

configuration="${FLASHPURCHASE_CONFIGURATION:-Debug}"
check=false
[[ "${1:-}" == "--check" ]] && check=true
client=clients/typescript
generated=("$client/openapi.json" "$client/src/generated.ts")

say() { printf '[generate-client] %s\n' "$*" >&2; }

if $check; then
    before="$(mktemp -d)"
    trap 'rm -rf "$before"' EXIT
    cp "${generated[@]}" "$before/"
fi

dotnet build src/WebApi -c "$configuration" -nologo -v quiet >/dev/null
nswag="$(dotnet msbuild src/WebApi -getProperty:NSwagExe_Net100)"   # dotnet ".../dotnet-nswag.dll"
(cd "$client" && eval "$nswag run nswag.json /variables:Configuration=$configuration" >/dev/null)
say "regenerated ${generated[*]}"

(cd "$client" && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
say "the typed client compiles against it"

if $check; then
    drift=false
    for file in "${generated[@]}"; do
        if ! diff -u "$before/$(basename "$file")" "$file" >&2; then
            drift=true
        fi
    done
    if $drift; then
        say "ERROR: the committed TypeScript client differs from what the API now describes (diff above)."
        say "Run 'bash scripts/generate-client.sh' and commit clients/typescript."
        exit 1
    fi
    say "the committed client matches the API"
fi
