#!/usr/bin/env bash
# Writes prisma/migrations/<stamp>_<name>/migration.sql: the SQL that turns the schema of the
# last commit (or nothing, with --from-empty) into the working copy's prisma/schema.prisma.
# Offline: Prisma 6's wasm schema engine does the diff (Prisma 7's CLI needs a download).
# Usage: bash tools/migrate-diff/new-migration.sh <name> [--from-empty]
set -euo pipefail
name=${1:?usage: new-migration.sh <name> [--from-empty]}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here"
[ -d node_modules/prisma ] || npm install --ignore-scripts --no-audit --no-fund >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Prisma 6 wants a url in the datasource; Prisma 7 refuses one. Add it to temporary copies.
add_url() { sed 's/^\(\s*provider\s*=\s*"postgresql"\)/\1\n  url = env("DATABASE_URL")/' "$1" > "$2"; }
add_url "$root/prisma/schema.prisma" "$tmp/new.prisma"
from=(--from-empty)
if [ "${2:-}" != "--from-empty" ]; then
  git -C "$root" show HEAD:prisma/schema.prisma > "$tmp/old7.prisma"
  add_url "$tmp/old7.prisma" "$tmp/old.prisma"
  from=(--from-schema-datamodel "$tmp/old.prisma")
fi
export PRISMA_SCHEMA_ENGINE_BINARY=/bin/false PRISMA_QUERY_ENGINE_LIBRARY=/bin/false PRISMA_HIDE_UPDATE_MESSAGE=1
export DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
dir="$root/prisma/migrations/$(date -u +%Y%m%d%H%M%S)_$name"
mkdir -p "$dir"
npx prisma migrate diff "${from[@]}" --to-schema-datamodel "$tmp/new.prisma" --script -o "$dir/migration.sql"
echo "wrote ${dir#$root/}/migration.sql"
