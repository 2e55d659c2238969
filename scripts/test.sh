#!/usr/bin/env bash
# `npm test`: make sure the local services are up (starting/installing them if needed), then run
# the whole vitest suite against them. Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh up >&2
# shellcheck disable=SC1091
. .services/env
[ -f src/generated/prisma/client.ts ] || node scripts/generate-client.mjs
exec npx vitest run "$@"
