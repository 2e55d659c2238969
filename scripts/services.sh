#!/usr/bin/env bash
# pinmail local services without Docker: PostgreSQL, Redis, Dovecot (IMAP + LMTP) and an SMTP catcher,
# all on 127.0.0.1. Works in any clone (also one inside a private directory such as root's home or a
# `mktemp -d`), side by side with other checkouts on the same machine.
#
#   bash scripts/services.sh up       make sure everything is reachable; idempotent (a second run only
#                                     says what is already up)
#   bash scripts/services.sh down     stop what this script started (by PID file; never by name),
#                                     also instances of the older fixed-port layout; data is kept
#   bash scripts/services.sh wipe     down, then delete the data (.services/ and the data folder)
#   bash scripts/services.sh status   each service, where it is and whether this script started it
#   bash scripts/services.sh env      the export lines for the services in use, also kept in
#                                     .services/env:   eval "$(bash scripts/services.sh env)"
#                                     or               source .services/env
#
# Ports: each checkout has its own block of five ports, all below Linux's ephemeral range
# (32768-60999), so an outgoing connection never takes one at random:
#   block base B (a multiple of 100, 20100..32600), chosen from a hash of the checkout's path; when
#   one of its ports is taken by something else the next free block is used. The block is kept in
#   .services/ports and moves only when something else holds one of its ports.
#   PostgreSQL     B+32       (only when no usable server is found, see below)
#   Redis          B+79       (only when no usable server is found, see below)
#   Dovecot IMAP   B+43       (ours: users pinmail/pinmail (the bot), replies/replies, and
#   Dovecot LMTP   B+24        test-<anything>/test for tests that want a mailbox of their own,
#                              created on first use)
#   SMTP catcher   B+25       (scripts/smtp-catcher.ts: stores into .services/smtp and copies each
#                              message by LMTP to the Dovecot user `replies`)
#   e.g. B=21300: IMAP 21343, LMTP 21324, SMTP 21325, PostgreSQL 21332, Redis 21379.
# PINMAIL_PORT_BASE=<B> (environment or ./.env) fixes the block. docker-compose.yml publishes its
# services on block 20000 (never chosen by the hash): PINMAIL_PORT_BASE=20000 uses them.
# Dovecot and the catcher are always ours, unless PINMAIL_PORT_BASE is set and something already
# answers on its port (e.g. docker compose's Dovecot and Mailpit): that is then used and left alone.
#
# Which PostgreSQL / Redis is used, first match wins:
#   1. DATABASE_URL / REDIS_URL from the environment or ./.env, when reachable (a URL on our own
#      port B+32 / B+79 instead means "ours": step 4 is skipped and ours is started if needed)
#   2. our own instance, when it is already running
#   3. with PINMAIL_PORT_BASE: whatever answers on our port (B+32 / B+79), e.g. docker compose's
#   4. the machine's default server on 127.0.0.1:5432 (trust auth as user postgres) / 127.0.0.1:6379
#   5. otherwise our own instance is started (installing postgresql / redis-server with apt-get when
#      missing and running as root). Installing redis-server (or postgresql) starts the system's
#      server on its default port; that one is then used (unless step 1 or
#      PINMAIL_OWN_SERVICES asked for ours).
# PostgreSQL databases <db> and <db>_test are created when missing: <db> is `pinmail` on our own
# server, the database of DATABASE_URL, and on the machine's server (shared by every checkout)
# pinmail_<folder name>_<6 hex of the path's hash>, e.g. pinmail_main_f2af6c, so two checkouts'
# demos never share data. Likewise QUEUE_PREFIX=pinmail-<name>-<hash> keeps their queues and
# mailbox reader lease apart in a shared Redis. Redis should have maxmemory-policy noeviction
# (BullMQ); a warning says if not.
#
# State (git-ignored): .services/ — env, ports, smtp/ (caught mail), redis/, logs/, run/ (PID files),
# *.where. Data that other users own (Dovecot's mail store is written as user mail, our PostgreSQL
# runs as user postgres) must be reachable by them even when the checkout is in a private
# directory; run as root, it lives in a per-checkout folder /var/lib/pinmail-dev/<name>-<hash>/
# (dovecot/, pg/, private-*/ of scripts/private-services.ts; <name> is the checkout folder's name,
# <hash> the first 10 hex digits of the SHA-256 of its physical path). Run as another user, all
# of it stays in .services/. `status` shows the folder. A data folder whose checkout no longer
# exists is removed by the next `up` of any checkout (when none of its servers runs).
#
# .services/env: one `export NAME='value'` line per setting (shell single quotes; a quote inside is
# written '\''), comment lines start with #. `up` rewrites the lines it owns (DATABASE_URL,
# TEST_DATABASE_URL, REDIS_URL, QUEUE_PREFIX, IMAP_*, SMTP_URL, LMTP_PORT, SMTP_CATCHER_DIR) and keeps every
# other line as it is (other tools may keep their own settings there); `down` removes its own
# lines (the file goes when nothing else is left). The pinmail CLI reads it by itself (after the
# process environment and ./.env).
#
# Options (environment): PINMAIL_OWN_SERVICES=1 ignores existing PostgreSQL/Redis servers (steps 1, 3
# and 4) and always uses our own instances. PINMAIL_PORT_BASE, see above.
set -euo pipefail

HOST=127.0.0.1
# Port block: base B = 100 * n, n in BLOCK_MIN..BLOCK_MAX (B+79 must stay below 32768); see the header.
BLOCK_MIN=201
BLOCK_MAX=326
# Ports of the older layout (before per-checkout blocks): instances still running there are
# stopped by `down` and otherwise left alone.
LEGACY_REDIS_PORT=56379

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
STATE="$ROOT/.services"
LOGS="$STATE/logs"
RUN="$STATE/run"
ENV_FILE="$STATE/env"
PORTS_FILE="$STATE/ports"
DATA_PARENT=/var/lib/pinmail-dev
REDIS_DIR="$STATE/redis"
REDIS_PID="$RUN/redis.pid"
SMTP_DIR="$STATE/smtp"
SMTP_PID="$RUN/smtp-catcher.pid"

# checkout_key — <folder name>-<first 10 hex of sha256(physical path)>; scripts/private-services.ts
# computes the same name.
checkout_key() {
  local name hash
  name=$(printf '%s' "${ROOT##*/}" | tr -c 'A-Za-z0-9._-' '_' | cut -c1-40)
  hash=$(printf '%s' "$ROOT" | sha256sum | cut -c1-10)
  printf '%s-%s' "$name" "$hash"
}

# shared_db — this checkout's database on a server all checkouts share (see the header)
shared_db() {
  local name hash
  name=$(printf '%s' "${ROOT##*/}" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9' '_' | cut -c1-20)
  hash=$(printf '%s' "$ROOT" | sha256sum | cut -c1-6)
  printf 'pinmail_%s_%s' "$name" "$hash"
}

# Data written by other users (mail, postgres): reachable by them wherever the checkout is.
if [ "$(id -u)" = 0 ]; then DATA="$DATA_PARENT/$(checkout_key)"; else DATA="$STATE"; fi
PG_DATA="$DATA/pg"
DOVECOT_DIR="$DATA/dovecot"
DOVECOT_CONF="$DOVECOT_DIR/dovecot.conf"
DOVECOT_PID="$DOVECOT_DIR/run/master.pid"
if [ "$DATA" = "$STATE" ]; then PG_LOG="$LOGS/postgres.log" DOVECOT_LOG="$LOGS/dovecot.log"
else PG_LOG="$DATA/postgres.log" DOVECOT_LOG="$DATA/dovecot.log"; fi

# The older layout's own instances (PID files), when they differ from the current ones.
LEGACY_SMTP_PID="$STATE/smtp-catcher.pid"
LEGACY_REDIS_PID="$STATE/redis/redis.pid"
LEGACY_DOVECOT_CONF="$STATE/dovecot/dovecot.conf"
LEGACY_DOVECOT_PID="$STATE/dovecot/run/master.pid"
LEGACY_PG_DATA="$STATE/pg"

# ------------------------------------------------------------------------------------------------
# helpers

say()  { printf '%s\n' "$*"; }
warn() { printf 'services: warning: %s\n' "$*" >&2; }
die()  { printf 'services: error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }
have() { command -v "$1" >/dev/null 2>&1; }

# port_open PORT [HOST] — something accepts TCP connections there (0.5 s at most)
port_open() {
  timeout 0.5 bash -c "exec 3<>/dev/tcp/${2:-$HOST}/$1" 2>/dev/null
}

wait_port() { # PORT SECONDS [PID]
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    port_open "$1" && return 0
    if [ -n "${3:-}" ] && ! alive "$3"; then return 1; fi
    sleep 0.1
  done
  return 1
}

# alive PID — the process exists and is not a zombie (PID 1 here may be slow to reap orphans)
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  local st
  st=$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 0
  [ "$st" != Z ]
}

# pid_from FILE — the PID in FILE (first line) when that process is alive, and, when MARKER is
# given, its command line contains MARKER (guards against a reused PID).
pid_from() {
  local file=$1 marker=${2:-} pid
  [ -r "$file" ] || return 1
  pid=$(head -n1 "$file" 2>/dev/null | tr -dc '0-9')
  [ -n "$pid" ] && alive "$pid" || return 1
  if [ -n "$marker" ]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker" || return 1
  fi
  printf '%s' "$pid"
}

# stop_pid NAME PID — TERM, wait up to 10 s, then KILL
stop_pid() {
  local name=$1 pid=$2 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 100; i++)); do
    alive "$pid" || return 0
    sleep 0.1
  done
  warn "$name (pid $pid) did not stop within 10 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

log_tail() { # FILE — last lines of a log, for error messages
  [ -s "$1" ] && { printf -- '--- last lines of %s:\n' "$1" >&2; tail -n 15 "$1" >&2; printf -- '---\n' >&2; }
  return 0
}

# apt_install PKG... — install Debian packages (root only); apt-get update only when needed
apt_install() {
  is_root || die "missing packages: $*. Install them (sudo apt-get install -y $*) or run this script as root."
  have apt-get || die "missing packages: $* and no apt-get here; install them with your package manager."
  mkdir -p "$LOGS"
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends
    -o DPkg::Lock::Timeout=180 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  say "  installing $* with apt-get (once; log: .services/logs/apt.log)"
  if ! "${apt[@]}" "$@" >>"$LOGS/apt.log" 2>&1 8>&- 9>&-; then
    say "  apt-get install failed; running apt-get update and trying again"
    env DEBIAN_FRONTEND=noninteractive apt-get update -q -o DPkg::Lock::Timeout=180 >>"$LOGS/apt.log" 2>&1 8>&- 9>&- ||
      { log_tail "$LOGS/apt.log"; die "apt-get update failed (see .services/logs/apt.log)."; }
    "${apt[@]}" "$@" >>"$LOGS/apt.log" 2>&1 8>&- 9>&- ||
      { log_tail "$LOGS/apt.log"; die "apt-get install $* failed (see .services/logs/apt.log)."; }
  fi
}

# dotenv_get NAME — value of NAME in ./.env (simple KEY=VALUE lines, optional quotes/export)
dotenv_get() {
  [ -r "$ROOT/.env" ] || return 0
  local line
  line=$(grep -E "^[[:space:]]*(export[[:space:]]+)?$1[[:space:]]*=" "$ROOT/.env" | tail -n1) || return 0
  line=${line#*=}
  line="${line#"${line%%[![:space:]]*}"}"
  line="${line%"${line##*[![:space:]]}"}"
  case $line in
    \"*\") line=${line:1:${#line}-2} ;;
    \'*\') line=${line:1:${#line}-2} ;;
  esac
  printf '%s' "$line"
}

# url_with_db URL DB — URL with its database (path) replaced
url_with_db() {
  local url=$1 db=$2 query="" base rest
  if [[ $url == *\?* ]]; then query="?${url#*\?}"; url=${url%%\?*}; fi
  rest=${url#*://}
  if [[ $rest == */* ]]; then base="${url%%://*}://${rest%%/*}"; else base=$url; fi
  printf '%s/%s%s' "$base" "$db" "$query"
}

url_db() { # URL — its database name (empty when none)
  local url=${1%%\?*} rest
  rest=${url#*://}
  [[ $rest == */* ]] && printf '%s' "${rest#*/}"
  return 0
}

# url_on_port URL PORT — URL points at 127.0.0.1/localhost:PORT
url_on_port() { [[ $1 =~ ://([^@/]*@)?(127\.0\.0\.1|localhost|\[::1\]):$2(/|\?|$) ]]; }

mask_url() { sed -E 's#(://[^:/@]*):[^@]*@#\1:***@#' <<<"$1"; } # hide a password

shq() { printf "'%s'" "${1//\'/\'\\\'\'}"; } # single-quote for the shell

# state files: .services/<name>.where = "<own|external> <description>"
set_where() { printf '%s\n' "$2" >"$STATE/$1.where"; }
get_where() { cat "$STATE/$1.where" 2>/dev/null || true; }

# ------------------------------------------------------------------------------------------------
# Port block (see the header)

set_ports() { # BASE
  PORT_BASE=$1
  PG_PORT=$(($1 + 32)) REDIS_PORT=$(($1 + 79)) IMAP_PORT=$(($1 + 43)) LMTP_PORT=$(($1 + 24)) SMTP_PORT=$(($1 + 25))
}

block_ports() { printf '%s ' "$PG_PORT" "$REDIS_PORT" "$IMAP_PORT" "$LMTP_PORT" "$SMTP_PORT"; }

block_any_open() { # something answers on one of the block's ports
  local p
  for p in $(block_ports); do port_open "$p" && return 0; done
  return 1
}

# block_taken_by_others — a port of the block answers and no instance of ours runs there
block_taken_by_others() {
  port_open "$PG_PORT" && ! { pg_own_pid >/dev/null && [ "$(pg_own_port)" = "$PG_PORT" ]; } && return 0
  port_open "$REDIS_PORT" && ! redis_own_pid >/dev/null && return 0
  local p
  for p in "$IMAP_PORT" "$LMTP_PORT"; do
    port_open "$p" && ! { dovecot_own_pid >/dev/null && grep -q "port = $p\$" "$DOVECOT_CONF"; } && return 0
  done
  port_open "$SMTP_PORT" && ! smtp_own_pid >/dev/null && return 0
  return 1
}

# choose_ports — sets the block: PINMAIL_PORT_BASE, else the one kept in .services/ports while
# nothing else holds its ports, else the first free block from the checkout's hash onwards.
choose_ports() {
  local explicit base="" start n i count=$((BLOCK_MAX - BLOCK_MIN + 1))
  PORTS_EXPLICIT=""
  explicit=${PINMAIL_PORT_BASE:-$(dotenv_get PINMAIL_PORT_BASE)}
  if [ -n "$explicit" ]; then
    [[ $explicit =~ ^[0-9]{4,5}$ ]] && ((10#$explicit >= 1024 && 10#$explicit <= 32688)) ||
      die "PINMAIL_PORT_BASE=$explicit: expected a number from 1024 to 32688 (the block uses up to +79, below 32768)."
    set_ports $((10#$explicit))
    PORTS_EXPLICIT=1
    return 0
  fi
  [ -r "$PORTS_FILE" ] && base=$(head -n1 "$PORTS_FILE" | tr -dc '0-9')
  if [ -n "$base" ] && ((10#$base % 100 == 0 && 10#$base >= BLOCK_MIN * 100 && 10#$base <= BLOCK_MAX * 100)); then
    set_ports $((10#$base))
    block_taken_by_others || return 0
    warn "another program answers on a port of this checkout's block ($(block_ports)); moving to another block"
  fi
  start=$((16#$(printf '%s' "$ROOT" | sha256sum | cut -c1-6) % count))
  for ((i = 0; i < count; i++)); do
    n=$((BLOCK_MIN + (start + i) % count))
    [ "$((n * 100))" = "${base:-0}" ] && continue
    set_ports $((n * 100))
    if ! block_any_open; then
      printf '%s\n' "$PORT_BASE" >"$PORTS_FILE"
      say "ports: this checkout uses block $PORT_BASE (kept in .services/ports)"
      return 0
    fi
  done
  die "no free block of ports from $((BLOCK_MIN * 100)) to $((BLOCK_MAX * 100)); set PINMAIL_PORT_BASE to a free one."
}

# Block selection and the start of our servers happen under one machine-wide lock, so two
# checkouts brought up at the same moment cannot pick the same free block.
machine_lock() {
  local file
  if is_root; then mkdir -p "$DATA_PARENT"; chmod 755 "$DATA_PARENT"; file="$DATA_PARENT/.ports.lock"
  else file="${TMPDIR:-/tmp}/pinmail-services-$(id -u).lock"; fi
  exec 8>>"$file"
  flock -w 300 8 || die "timed out waiting for another checkout's services.sh up ($file)."
}

# A data folder whose checkout was deleted (e.g. a clone in a temporary folder): removed when none
# of its servers runs.
gc_data_folders() {
  is_root && [ -d "$DATA_PARENT" ] || return 0
  local d co f busy
  for d in "$DATA_PARENT"/*/; do
    d=${d%/}
    [ -f "$d/checkout" ] && [ "$d" != "$DATA" ] || continue
    co=$(head -n1 "$d/checkout")
    [ -n "$co" ] && [ ! -d "$co" ] || continue
    busy=""
    for f in "$d"/pg/postmaster.pid "$d"/dovecot/run/master.pid "$d"/private-*/data/postmaster.pid "$d"/private-*/run/master.pid; do
      [ -f "$f" ] && pid_from "$f" >/dev/null && busy=1
    done
    [ -z "$busy" ] || continue
    drop_shared_db "$d/shared-db"
    rm -rf -- "$d"
    say "services: removed $d (its checkout $co no longer exists)"
  done
}

ensure_data_dir() {
  [ "$DATA" = "$STATE" ] && return 0
  mkdir -p "$DATA"
  chmod 755 "$DATA"
  printf '%s\n' "$ROOT" >"$DATA/checkout"
}

# ------------------------------------------------------------------------------------------------
# PostgreSQL

pg_bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then printf '%s' "$d"; return 0; fi
  if have initdb && have pg_ctl; then dirname "$(command -v initdb)"; return 0; fi
  return 1
}

as_pg() { # run a command as the postgres user when root (PostgreSQL refuses to run as root)
  if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_own_pid() { pid_from "$PG_DATA/postmaster.pid" "$PG_DATA"; }
# pg_own_port — the port our running cluster listens on (line 4 of postmaster.pid): a cluster of
# the older layout still runs on 55432 until it is restarted.
pg_own_port() { sed -n 4p "$PG_DATA/postmaster.pid" 2>/dev/null | tr -dc '0-9'; }

pg_query() { # URL SQL — psql -Atq with a short connect timeout
  PGCONNECT_TIMEOUT=3 psql "$1" -X -Atq -v ON_ERROR_STOP=1 -c "$2" 2>&1
}

# pg_usable URL — server answers and we can run a query on its maintenance database
pg_usable() {
  have psql || return 1
  local admin
  admin=$(url_with_db "$1" postgres)
  if have pg_isready; then pg_isready -q -t 2 -d "$admin" >/dev/null 2>&1 || return 1; fi
  pg_query "$admin" 'select 1' >/dev/null
}

pg_ensure_client() {
  have psql && return 0
  apt_install postgresql-client
}

pg_start_own() { # URL-TO-USE
  local bindir
  if ! bindir=$(pg_bindir); then
    apt_install postgresql
    # The Debian package creates and starts a cluster on 5432 (when it can): use that one.
    if [ -z "$PG_WANT_OWN" ] && pg_usable "postgresql://postgres@$HOST:5432/postgres"; then
      PG_URL_BASE="postgresql://postgres@$HOST:5432/$(shared_db)"
      set_where postgres "external $HOST:5432 (the system's server, started by the postgresql package)"
      say "  postgres: using the server the postgresql package started on $HOST:5432"
      return 0
    fi
    bindir=$(pg_bindir) || die "postgresql is installed but initdb/pg_ctl were not found."
  fi
  mkdir -p "$LOGS"
  if is_root; then
    id postgres >/dev/null 2>&1 || die "user postgres does not exist (it comes with the postgresql package); reinstall postgresql."
    ensure_data_dir
    runuser -u postgres -- test -x "$DATA" ||
      die "user postgres cannot reach $DATA (a parent directory is not searchable by others); point DATABASE_URL at a running server."
  fi
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    say "  postgres: creating a cluster in $PG_DATA (initdb)"
    rm -rf "$PG_DATA"
    mkdir -p "$PG_DATA"
    chmod 700 "$PG_DATA"
    is_root && chown postgres:postgres "$PG_DATA"
    as_pg "$bindir/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --no-locale >"$LOGS/initdb.log" 2>&1 ||
      { log_tail "$LOGS/initdb.log"; die "initdb failed (see .services/logs/initdb.log)."; }
    # Throwaway development/test cluster: no durability needed, fast commits.
    cat >>"$PG_DATA/postgresql.conf" <<EOF

# --- pinmail scripts/services.sh ---
listen_addresses = '$HOST'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
  fi
  local ver
  ver=$(cat "$PG_DATA/PG_VERSION")
  if [[ $bindir == /usr/lib/postgresql/*/bin && $bindir != "/usr/lib/postgresql/$ver/bin" ]]; then
    if [ -x "/usr/lib/postgresql/$ver/bin/pg_ctl" ]; then bindir="/usr/lib/postgresql/$ver/bin"; else
      die "the cluster in $PG_DATA is PostgreSQL $ver but only $bindir is installed; run 'bash scripts/services.sh down && rm -rf $PG_DATA'."
    fi
  fi
  port_open "$PG_PORT" && die "port $PG_PORT is taken by something that is not a usable PostgreSQL; free it and retry."
  touch "$PG_LOG"
  is_root && chown postgres "$PG_LOG"
  say "  postgres: starting our own server on $HOST:$PG_PORT"
  # The port is given at each start (not in postgresql.conf): the checkout's block may move.
  as_pg "$bindir/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -o "-p $PG_PORT" -w -t 60 start >>"$PG_LOG" 2>&1 8>&- 9>&- ||
    { log_tail "$PG_LOG"; die "PostgreSQL did not start (see $PG_LOG)."; }
  PG_URL_BASE=$1
  set_where postgres "own $HOST:$PG_PORT"
}

# The checkout's databases on a shared server (see shared_db) are remembered in <data>/shared-db
# (their URL), so that `wipe`, or the next `up` after the checkout was deleted, drops them.
remember_shared_db() {
  if [ "$(url_db "$DATABASE_URL_OUT")" = "$(shared_db)" ]; then printf '%s\n' "$DATABASE_URL_OUT" >"$DATA/shared-db"
  else rm -f "$DATA/shared-db"; fi
}

drop_shared_db() { # FILE
  [ -f "$1" ] && have psql || return 0
  local url db admin d out
  url=$(head -n1 "$1")
  db=$(url_db "$url")
  [[ $db == pinmail_* ]] || return 0
  admin=$(url_with_db "$url" postgres)
  for d in "$db" "${db}_test"; do
    if out=$(pg_query "$admin" "drop database if exists \"$d\" with (force)"); then say "postgres: dropped database $d"
    else warn "could not drop database $d: $out"; fi
  done
  rm -f "$1"
}

# pg_ensure_dbs URL — create URL's database and <db>_test when missing
pg_ensure_dbs() {
  local url=$1 db admin have_dbs out d
  db=$(url_db "$url"); db=${db:-pinmail}
  admin=$(url_with_db "$url" postgres)
  have_dbs=$(pg_query "$admin" "select datname from pg_database where datname in ('$db', '${db}_test')") ||
    die "cannot query PostgreSQL at $(url_with_db "$url" postgres): $have_dbs"
  for d in "$db" "${db}_test"; do
    if ! grep -qxF "$d" <<<"$have_dbs"; then
      out=$(pg_query "$admin" "create database \"$d\"") || grep -q 'already exists' <<<"$out" ||
        die "cannot create database $d: $out"
      say "  postgres: created database $d"
    fi
  done
  DATABASE_URL_OUT=$(url_with_db "$url" "$db")
  TEST_DATABASE_URL_OUT=$(url_with_db "$url" "${db}_test")
}

pg_up() {
  local explicit pid ours_url="postgresql://postgres@$HOST:$PG_PORT/pinmail"
  PG_URL_BASE="" PG_WANT_OWN=""
  explicit=${DATABASE_URL:-$(dotenv_get DATABASE_URL)}
  if [ -n "${PINMAIL_OWN_SERVICES:-}" ]; then explicit="" PG_WANT_OWN=1; fi
  if [ -n "$explicit" ] && url_on_port "$explicit" "$PG_PORT"; then
    # DATABASE_URL names our port (as in .env.example / docker compose): our instance or what runs there.
    PG_WANT_OWN=1 ours_url=$explicit
  elif [ -n "$explicit" ]; then
    pg_ensure_client
    if pg_usable "$explicit"; then
      PG_URL_BASE=$explicit
      set_where postgres "external DATABASE_URL=$(mask_url "$explicit")"
      say "postgres: using DATABASE_URL ($(mask_url "$explicit"))"
    else
      warn "DATABASE_URL ($(mask_url "$explicit")) is set but that server is not reachable; ignoring it (fix or unset DATABASE_URL to silence this)."
    fi
  fi
  if [ -z "$PG_URL_BASE" ] && pid=$(pg_own_pid); then
    local port; port=$(pg_own_port)
    [ -n "$port" ] && [ "$port" != "$PG_PORT" ] && [ "$ours_url" = "postgresql://postgres@$HOST:$PG_PORT/pinmail" ] &&
      ours_url="postgresql://postgres@$HOST:$port/pinmail"
    PG_URL_BASE=$ours_url
    set_where postgres "own $HOST:${port:-$PG_PORT}"
    say "postgres: already up (ours, $HOST:${port:-$PG_PORT}, pid $pid)"
  fi
  # Someone else's server on our port is used only on a block given by PINMAIL_PORT_BASE (docker compose).
  if [ -z "$PG_URL_BASE" ] && [ -n "$PORTS_EXPLICIT" ] && [ -z "${PINMAIL_OWN_SERVICES:-}" ] && port_open "$PG_PORT"; then
    pg_ensure_client
    if pg_usable "$ours_url"; then
      PG_URL_BASE=$ours_url
      set_where postgres "external $HOST:$PG_PORT (not started by this script, e.g. docker compose)"
      say "postgres: using the server already listening on $HOST:$PG_PORT (not ours)"
    fi
  fi
  if [ -z "$PG_URL_BASE" ] && [ -z "$PG_WANT_OWN" ] && port_open 5432; then
    pg_ensure_client
    if pg_usable "postgresql://postgres@$HOST:5432/postgres"; then
      PG_URL_BASE="postgresql://postgres@$HOST:5432/$(shared_db)"
      set_where postgres "external $HOST:5432 (the machine's server)"
      say "postgres: using the machine's server on $HOST:5432"
    else
      say "postgres: $HOST:5432 answers but does not let user postgres in without a password; starting our own"
    fi
  fi
  if [ -z "$PG_URL_BASE" ]; then
    say "postgres: no usable server found"
    pg_start_own "$ours_url"
    pg_ensure_client
  fi
  pg_ensure_dbs "$PG_URL_BASE"
}

pg_stop_cluster() { # DATADIR PID LOG
  local bindir ver
  bindir=$(pg_bindir) || true
  ver=$(cat "$1/PG_VERSION" 2>/dev/null || true)
  [ -n "$ver" ] && [ -x "/usr/lib/postgresql/$ver/bin/pg_ctl" ] && bindir="/usr/lib/postgresql/$ver/bin"
  if [ -n "$bindir" ] && as_pg "$bindir/pg_ctl" -D "$1" -m fast -w -t 30 stop >>"$3" 2>&1; then :; else stop_pid postgres "$2"; fi
}

pg_down() {
  local pid
  if pid=$(pg_own_pid); then
    pg_stop_cluster "$PG_DATA" "$pid" "$PG_LOG"
    say "postgres: stopped (pid $pid)"
  else
    say "postgres: nothing of ours running$(where_note postgres)"
  fi
  if [ "$LEGACY_PG_DATA" != "$PG_DATA" ] && pid=$(pid_from "$LEGACY_PG_DATA/postmaster.pid" "$LEGACY_PG_DATA"); then
    pg_stop_cluster "$LEGACY_PG_DATA" "$pid" "$LOGS/postgres.log"
    say "postgres: stopped the older layout's cluster in $LEGACY_PG_DATA (pid $pid)"
  fi
}

# ------------------------------------------------------------------------------------------------
# Redis

redis_own_pid() { pid_from "$REDIS_PID" ":$REDIS_PORT"; }

# redis_ping URL — answers PONG
redis_ping() {
  local url=$1 out
  if have redis-cli; then
    out=$(timeout 3 redis-cli -u "$url" --no-auth-warning ping 2>/dev/null) || return 1
    [ "$out" = PONG ]
  else
    # plain host:port only (no auth/TLS) without redis-cli
    [[ $url =~ ^redis://([^:/@]+):([0-9]+)/?[0-9]*$ ]] || return 1
    out=$(timeout 1 bash -c "exec 3<>/dev/tcp/${BASH_REMATCH[1]}/${BASH_REMATCH[2]}; printf 'PING\r\n' >&3; head -c 5 <&3" 2>/dev/null) || return 1
    [ "$out" = "+PONG" ]
  fi
}

redis_check_policy() {
  have redis-cli || return 0
  local policy
  policy=$(timeout 3 redis-cli -u "$1" --no-auth-warning config get maxmemory-policy 2>/dev/null | sed -n 2p) || true
  if [ -z "$policy" ]; then
    warn "could not read Redis maxmemory-policy (CONFIG disabled?); BullMQ needs noeviction."
  elif [ "$policy" != noeviction ]; then
    warn "Redis at $1 has maxmemory-policy=$policy; BullMQ needs noeviction (redis-cli config set maxmemory-policy noeviction)."
  fi
}

redis_start_own() { # URL-TO-USE
  if ! have redis-server; then
    apt_install redis-server
    # The package starts the system's Redis on 6379 (when it can): use that one.
    if [ -z "$REDIS_WANT_OWN" ] && redis_ping "redis://$HOST:6379"; then
      REDIS_URL_OUT="redis://$HOST:6379"
      set_where redis "external $HOST:6379 (the system's server, started by the redis-server package)"
      say "  redis: using the server the redis-server package started on $HOST:6379"
      return 0
    fi
  fi
  port_open "$REDIS_PORT" && die "port $REDIS_PORT is taken by something that is not Redis; free it and retry."
  mkdir -p "$REDIS_DIR" "$LOGS" "$RUN"
  say "  redis: starting our own server on $HOST:$REDIS_PORT"
  redis-server --bind "$HOST" --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes \
    --pidfile "$REDIS_PID" --logfile "$LOGS/redis.log" --dir "$REDIS_DIR" \
    --maxmemory-policy noeviction >>"$LOGS/redis.log" 2>&1 </dev/null 8>&- 9>&- ||
    { log_tail "$LOGS/redis.log"; die "redis-server did not start (see .services/logs/redis.log)."; }
  local i
  for ((i = 0; i < 50; i++)); do
    redis_ping "redis://$HOST:$REDIS_PORT" && break
    sleep 0.1
  done
  redis_ping "redis://$HOST:$REDIS_PORT" ||
    { log_tail "$LOGS/redis.log"; die "Redis did not answer on $HOST:$REDIS_PORT within 5 s (see .services/logs/redis.log)."; }
  REDIS_URL_OUT=$1
  set_where redis "own $HOST:$REDIS_PORT"
}

redis_up() {
  local explicit pid ours_url="redis://$HOST:$REDIS_PORT"
  REDIS_URL_OUT="" REDIS_WANT_OWN=""
  explicit=${REDIS_URL:-$(dotenv_get REDIS_URL)}
  if [ -n "${PINMAIL_OWN_SERVICES:-}" ]; then explicit="" REDIS_WANT_OWN=1; fi
  if [ -n "$explicit" ] && url_on_port "$explicit" "$REDIS_PORT"; then
    # REDIS_URL names our port (as in .env.example / docker compose): our instance or what runs there.
    REDIS_WANT_OWN=1 ours_url=$explicit
  elif [ -n "$explicit" ]; then
    if redis_ping "$explicit"; then
      REDIS_URL_OUT=$explicit
      set_where redis "external REDIS_URL=$(mask_url "$explicit")"
      say "redis: using REDIS_URL ($(mask_url "$explicit"))"
    else
      warn "REDIS_URL ($(mask_url "$explicit")) is set but that server does not answer PING; ignoring it (fix or unset REDIS_URL to silence this)."
    fi
  fi
  if [ -z "$REDIS_URL_OUT" ] && pid=$(redis_own_pid); then
    REDIS_URL_OUT=$ours_url
    set_where redis "own $HOST:$REDIS_PORT"
    say "redis: already up (ours, $HOST:$REDIS_PORT, pid $pid)"
  fi
  if [ -z "$REDIS_URL_OUT" ] && [ -n "$PORTS_EXPLICIT" ] && [ -z "${PINMAIL_OWN_SERVICES:-}" ] && redis_ping "$ours_url"; then
    REDIS_URL_OUT=$ours_url
    set_where redis "external $HOST:$REDIS_PORT (not started by this script, e.g. docker compose)"
    say "redis: using the server already listening on $HOST:$REDIS_PORT (not ours)"
  fi
  if [ -z "$REDIS_URL_OUT" ] && [ -z "$REDIS_WANT_OWN" ] && redis_ping "redis://$HOST:6379"; then
    REDIS_URL_OUT="redis://$HOST:6379"
    set_where redis "external $HOST:6379 (the machine's server)"
    say "redis: using the machine's server on $HOST:6379"
  fi
  if [ -z "$REDIS_URL_OUT" ]; then
    say "redis: no server found"
    redis_start_own "$ours_url"
  fi
  redis_check_policy "$REDIS_URL_OUT"
}

redis_down() {
  local pid
  if pid=$(redis_own_pid); then
    stop_pid redis "$pid"
    rm -f "$REDIS_PID"
    say "redis: stopped (pid $pid)"
  else
    say "redis: nothing of ours running$(where_note redis)"
  fi
  if pid=$(pid_from "$LEGACY_REDIS_PID" ":$LEGACY_REDIS_PORT"); then
    stop_pid redis "$pid"
    rm -f "$LEGACY_REDIS_PID"
    say "redis: stopped the older layout's server on $HOST:$LEGACY_REDIS_PORT (pid $pid)"
  fi
}

# ------------------------------------------------------------------------------------------------
# Dovecot (always our own instance; nothing from /etc/dovecot is read)

dovecot_own_pid() { pid_from "$DOVECOT_PID" "$DOVECOT_CONF"; }

dovecot_write_config() {
  local mail_uid
  mail_uid=$(id -u mail 2>/dev/null) || die "user mail does not exist; Dovecot stores mail as that user."
  ensure_data_dir
  mkdir -p "$DOVECOT_DIR/run" "$DOVECOT_DIR/state" "$DOVECOT_DIR/mail" "$LOGS"
  chmod 755 "$DOVECOT_DIR"
  chown mail:mail "$DOVECOT_DIR/mail"
  runuser -u mail -- test -x "$DOVECOT_DIR/mail" ||
    die "user mail cannot reach $DOVECOT_DIR/mail (a parent directory is not searchable by others)."
  printf '%s\n' 'pinmail:{PLAIN}pinmail' 'replies:{PLAIN}replies' >"$DOVECOT_DIR/users"
  chmod 644 "$DOVECOT_DIR/users"
  cat >"$DOVECOT_CONF" <<EOF
# Generated by scripts/services.sh at every start of our Dovecot; edit the script, not this file.
# Self-contained: nothing from /etc/dovecot is read. Started as root: dovecot -c $DOVECOT_CONF
instance_name = pinmail-dovecot-$IMAP_PORT
base_dir = $DOVECOT_DIR/run
state_dir = $DOVECOT_DIR/state
log_path = $DOVECOT_LOG
protocols = imap lmtp
listen = $HOST
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$DOVECOT_DIR/mail/%n/Maildir
mail_uid = mail
mail_gid = mail
first_valid_uid = $mail_uid
mail_fsync = never

# pinmail/pinmail (the bot's mailbox), replies/replies (copies of what the SMTP catcher receives)
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $DOVECOT_DIR/users
}
# test-<anything>, password "test": a fresh mailbox per test (created on first login or delivery)
passdb {
  driver = static
  args = password=test
  username_filter = test-* test-*@*
}
userdb {
  driver = static
  args = home=$DOVECOT_DIR/mail/%n
}
namespace inbox {
  inbox = yes
  separator = /
}
protocol imap {
  # tests open many connections as the same user from 127.0.0.1 (default limit 10)
  mail_max_userip_connections = 200
}
service imap-login {
  inet_listener imap {
    address = $HOST
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = $HOST
    port = $LMTP_PORT
  }
}
EOF
}

dovecot_up() {
  local pid
  if pid=$(dovecot_own_pid); then
    set_where dovecot "own imap $HOST:$IMAP_PORT, lmtp $HOST:$LMTP_PORT"
    if port_open "$IMAP_PORT" && port_open "$LMTP_PORT"; then
      say "dovecot: already up (ours, imap $HOST:$IMAP_PORT, lmtp $HOST:$LMTP_PORT, pid $pid)"
      return 0
    fi
    warn "our Dovecot (pid $pid) runs but does not answer on $IMAP_PORT/$LMTP_PORT; restarting it"
    stop_pid dovecot "$pid"
  elif [ -n "$PORTS_EXPLICIT" ] && port_open "$IMAP_PORT"; then
    set_where dovecot "external imap $HOST:$IMAP_PORT, lmtp $HOST:$LMTP_PORT (not started by this script, e.g. docker compose)"
    say "dovecot: using the IMAP server already listening on $HOST:$IMAP_PORT (not ours)"
    return 0
  fi
  is_root || die "Dovecot must be started as root here (it chroots its login processes); run this script as root, or use docker compose."
  if ! have dovecot || [ ! -e /usr/lib/dovecot/imap ] || [ ! -e /usr/lib/dovecot/lmtp ]; then
    apt_install dovecot-imapd dovecot-lmtpd
  fi
  have dovecot || die "dovecot was installed but is not on PATH (expected /usr/sbin/dovecot)."
  port_open "$IMAP_PORT" && die "port $IMAP_PORT (IMAP) is taken by something else; run this again (it moves to a free block of ports)."
  port_open "$LMTP_PORT" && die "port $LMTP_PORT (LMTP) is taken by something else; run this again (it moves to a free block of ports)."
  dovecot_write_config
  local check
  check=$(doveconf -c "$DOVECOT_CONF" -n 2>&1 >/dev/null) || die "bad Dovecot config $DOVECOT_CONF: $check"
  say "dovecot: starting our own (imap $HOST:$IMAP_PORT, lmtp $HOST:$LMTP_PORT)"
  # The daemon keeps stdout open: send it to a file or command substitution around us would hang.
  dovecot -c "$DOVECOT_CONF" >>"$LOGS/dovecot.out" 2>&1 </dev/null 8>&- 9>&- ||
    { log_tail "$LOGS/dovecot.out"; log_tail "$DOVECOT_LOG"; die "Dovecot did not start (see $DOVECOT_LOG)."; }
  if ! wait_port "$IMAP_PORT" 10 || ! wait_port "$LMTP_PORT" 5; then
    log_tail "$DOVECOT_LOG"; die "Dovecot does not answer on $IMAP_PORT/$LMTP_PORT (see $DOVECOT_LOG)."
  fi
  set_where dovecot "own imap $HOST:$IMAP_PORT, lmtp $HOST:$LMTP_PORT"
}

dovecot_down() {
  local pid
  if pid=$(dovecot_own_pid); then
    stop_pid dovecot "$pid"
    say "dovecot: stopped (pid $pid)"
  else
    say "dovecot: nothing of ours running$(where_note dovecot)"
  fi
  if [ "$LEGACY_DOVECOT_CONF" != "$DOVECOT_CONF" ] && pid=$(pid_from "$LEGACY_DOVECOT_PID" "$LEGACY_DOVECOT_CONF"); then
    stop_pid dovecot "$pid"
    say "dovecot: stopped the older layout's Dovecot ($LEGACY_DOVECOT_CONF, pid $pid)"
  fi
}

# ------------------------------------------------------------------------------------------------
# SMTP catcher (scripts/smtp-catcher.ts)

smtp_own_pid() { pid_from "$SMTP_PID" "smtp-catcher.ts --host $HOST --port $SMTP_PORT "; }

smtp_up() {
  local pid
  if pid=$(smtp_own_pid); then
    set_where smtp "own $HOST:$SMTP_PORT"
    if port_open "$SMTP_PORT"; then
      say "smtp-catcher: already up (ours, $HOST:$SMTP_PORT, pid $pid)"
      return 0
    fi
    warn "our SMTP catcher (pid $pid) does not answer on $SMTP_PORT; restarting it"
    stop_pid smtp-catcher "$pid"
  elif [ -n "$PORTS_EXPLICIT" ] && port_open "$SMTP_PORT"; then
    set_where smtp "external $HOST:$SMTP_PORT (not started by this script, e.g. Mailpit from docker compose; nothing lands in .services/smtp)"
    say "smtp-catcher: using the SMTP server already listening on $HOST:$SMTP_PORT (not ours; .services/smtp stays empty)"
    return 0
  fi
  have node || die "node is not on PATH; the SMTP catcher needs Node.js."
  [ -e "$ROOT/node_modules/tsx" ] && [ -e "$ROOT/node_modules/smtp-server" ] ||
    die "node_modules is missing tsx or smtp-server; run npm install first."
  port_open "$SMTP_PORT" && die "port $SMTP_PORT (SMTP) is taken by something else; run this again (it moves to a free block of ports)."
  mkdir -p "$SMTP_DIR/inbox" "$LOGS" "$RUN"
  rm -f "$SMTP_PID"
  say "smtp-catcher: starting on $HOST:$SMTP_PORT (store .services/smtp, copies to Dovecot user replies)"
  # One process (node with tsx's loader), detached; it writes its own PID file once it listens.
  (cd "$ROOT" && exec setsid node --import tsx scripts/smtp-catcher.ts --host "$HOST" --port "$SMTP_PORT" \
    --dir "$SMTP_DIR" --lmtp-host "$HOST" --lmtp-port "$LMTP_PORT" --lmtp-user replies \
    --pid-file "$SMTP_PID" >>"$LOGS/smtp-catcher.log" 2>&1 </dev/null 8>&- 9>&-) &
  local child=$! i
  for ((i = 0; i < 200; i++)); do
    [ -s "$SMTP_PID" ] && port_open "$SMTP_PORT" && break
    alive "$child" || break
    sleep 0.1
  done
  if ! smtp_own_pid >/dev/null || ! port_open "$SMTP_PORT"; then
    log_tail "$LOGS/smtp-catcher.log"
    die "the SMTP catcher did not start (see .services/logs/smtp-catcher.log)."
  fi
  set_where smtp "own $HOST:$SMTP_PORT"
}

smtp_down() {
  local pid
  if pid=$(smtp_own_pid); then
    stop_pid smtp-catcher "$pid"
    rm -f "$SMTP_PID"
    say "smtp-catcher: stopped (pid $pid)"
  else
    say "smtp-catcher: nothing of ours running$(where_note smtp)"
  fi
  if pid=$(pid_from "$LEGACY_SMTP_PID" "smtp-catcher"); then
    stop_pid smtp-catcher "$pid"
    rm -f "$LEGACY_SMTP_PID"
    say "smtp-catcher: stopped the older layout's catcher (pid $pid)"
  fi
}

# ------------------------------------------------------------------------------------------------
# commands

where_note() { # NAME — " (<where>: left alone)" for external services
  local w; w=$(get_where "$1")
  [[ $w == external* ]] && printf ' (using %s: left alone)' "${w#external }"
  return 0
}

OWN_ENV_NAMES="DATABASE_URL TEST_DATABASE_URL REDIS_URL QUEUE_PREFIX IMAP_HOST IMAP_PORT IMAP_SECURE IMAP_USER IMAP_PASSWORD SMTP_URL LMTP_PORT SMTP_CATCHER_DIR"

# other_env_lines — the lines of .services/env that are not ours: other tools' settings stay.
other_env_lines() {
  [ -f "$ENV_FILE" ] || return 0
  grep -Ev "^[[:space:]]*(export[[:space:]]+)?(${OWN_ENV_NAMES// /|})=|^# Written by scripts/services.sh|^[[:space:]]*$" "$ENV_FILE" || true
}

env_is_up() { grep -q '^export DATABASE_URL=' "$ENV_FILE" 2>/dev/null; }

write_env() {
  local tmp="$ENV_FILE.tmp.$$" others
  others=$(other_env_lines)
  {
    printf '# Written by scripts/services.sh up; source it: . .services/env\n'
    printf 'export DATABASE_URL=%s\n' "$(shq "$DATABASE_URL_OUT")"
    printf 'export TEST_DATABASE_URL=%s\n' "$(shq "$TEST_DATABASE_URL_OUT")"
    printf 'export REDIS_URL=%s\n' "$(shq "$REDIS_URL_OUT")"
    printf 'export QUEUE_PREFIX=%s\n' "$(shq "pinmail-$(checkout_key)")"
    printf 'export IMAP_HOST=%s\n' "$(shq "$HOST")"
    printf 'export IMAP_PORT=%s\n' "$(shq "$IMAP_PORT")"
    printf 'export IMAP_SECURE=%s\n' "'false'"
    printf 'export IMAP_USER=%s\n' "'pinmail'"
    printf 'export IMAP_PASSWORD=%s\n' "'pinmail'"
    printf 'export SMTP_URL=%s\n' "$(shq "smtp://$HOST:$SMTP_PORT")"
    printf 'export LMTP_PORT=%s\n' "$(shq "$LMTP_PORT")"
    printf 'export SMTP_CATCHER_DIR=%s\n' "$(shq "$SMTP_DIR")"
    [ -z "$others" ] || printf '%s\n' "$others"
  } >"$tmp"
  mv -f "$tmp" "$ENV_FILE"
}

# Serializes up/down. Every daemon we start gets `8>&- 9>&-` so it does not inherit (and hold)
# the locks.
lock() {
  mkdir -p "$STATE"
  exec 9>"$STATE/.lock"
  if ! flock -n 9; then
    say "services: another services.sh up/down is running; waiting for it"
    flock -w 300 9 || die "timed out waiting for the other services.sh to finish."
  fi
}

# load_ports — the block in use, without choosing one (status, down)
load_ports() {
  local base=${PINMAIL_PORT_BASE:-$(dotenv_get PINMAIL_PORT_BASE)}
  PORTS_EXPLICIT=${base:+1}
  [ -n "$base" ] || { [ -r "$PORTS_FILE" ] && base=$(head -n1 "$PORTS_FILE" | tr -dc '0-9'); } || true
  [[ ${base:-} =~ ^[0-9]{4,5}$ ]] || base=$((BLOCK_MIN * 100))
  set_ports $((10#$base))
}

cmd_up() {
  local t0=$SECONDS
  lock
  mkdir -p "$STATE" "$LOGS" "$RUN"
  machine_lock
  ensure_data_dir
  gc_data_folders
  choose_ports
  pg_up
  remember_shared_db
  redis_up
  dovecot_up
  smtp_up
  write_env
  say "services: up in $((SECONDS - t0)) s; environment in .services/env (bash scripts/services.sh env)"
}

cmd_down() {
  lock
  [ -d "$STATE" ] || { say "services: nothing to stop (no .services/)"; return 0; }
  load_ports
  mkdir -p "$LOGS"
  smtp_down
  dovecot_down
  redis_down
  pg_down
  local others
  others=$(other_env_lines)
  if [ -n "$others" ]; then printf '%s\n' "$others" >"$ENV_FILE"; else rm -f "$ENV_FILE"; fi
  rm -f "$STATE"/*.where
  if [ "$DATA" = "$STATE" ]; then say "services: down (data kept in .services/)"
  else say "services: down (data kept in .services/ and $DATA)"; fi
}

cmd_wipe() {
  cmd_down
  drop_shared_db "$DATA/shared-db"
  if [ "$DATA" != "$STATE" ] && [[ $DATA == "$DATA_PARENT"/?* ]]; then rm -rf -- "$DATA"; fi
  rm -rf -- "$STATE"
  say "services: data deleted"
}

status_line() { # NAME STATE STARTED WHERE
  printf '%-13s %-5s %-8s %s\n' "$1" "$2" "$3" "$4"
}

env_value() { sed -n "s/^export $1='\(.*\)'$/\1/p" "$ENV_FILE" 2>/dev/null; }

# status_service NAME OWN_PID OWN_DESC CHECK_EXTERNAL_CMD...
#   in use = the .where file written by `up`; ours running but not in use is shown too
status_service() {
  local name=$1 pid=$2 own_desc=$3 w
  shift 3
  w=$(get_where "$name")
  if [[ $w == external* ]]; then
    if "$@"; then status_line "$name" up existing "${w#external }"
    else status_line "$name" down existing "${w#external } does not answer"; STATUS_RC=3; fi
    if [ -n "$pid" ]; then status_line "$name" up ours "$own_desc — not in use"; fi
  elif [ -n "$pid" ]; then
    status_line "$name" up ours "$own_desc"
  elif [ -n "$w" ]; then
    status_line "$name" down ours "${w#own } (not running: bash scripts/services.sh up)"; STATUS_RC=3
  else
    status_line "$name" down - "not set up"; STATUS_RC=3
  fi
}

# Instances of the older fixed-port layout that still run (not in use; `down` stops them).
status_legacy() {
  local pid
  if [ "$LEGACY_DOVECOT_CONF" != "$DOVECOT_CONF" ] && pid=$(pid_from "$LEGACY_DOVECOT_PID" "$LEGACY_DOVECOT_CONF"); then
    status_line dovecot up ours "older layout (pid $pid, $LEGACY_DOVECOT_CONF) — not in use; down stops it"
  fi
  if pid=$(pid_from "$LEGACY_SMTP_PID" "smtp-catcher"); then
    status_line smtp-catcher up ours "older layout (pid $pid) — not in use; down stops it"
  fi
  if pid=$(pid_from "$LEGACY_REDIS_PID" ":$LEGACY_REDIS_PORT"); then
    status_line redis up ours "older layout ($HOST:$LEGACY_REDIS_PORT, pid $pid) — not in use; down stops it"
  fi
  if [ "$LEGACY_PG_DATA" != "$PG_DATA" ] && pid=$(pid_from "$LEGACY_PG_DATA/postmaster.pid" "$LEGACY_PG_DATA"); then
    status_line postgres up ours "older layout ($LEGACY_PG_DATA, pid $pid) — not in use; down stops it"
  fi
  return 0
}

cmd_status() {
  local pid n=0
  STATUS_RC=0
  load_ports
  env_is_up || say "(not up: run bash scripts/services.sh up)"
  say "ports: block $PORT_BASE$([ -n "$PORTS_EXPLICIT" ] && printf ' (PINMAIL_PORT_BASE)'); data: $DATA"
  status_line SERVICE STATE STARTED WHERE
  pid=$(pg_own_pid) || pid=""
  status_service postgres "$pid" "$HOST:$(pg_own_port) (pid $pid, data $PG_DATA, log $PG_LOG)" \
    pg_usable "$(env_value DATABASE_URL)"
  pid=$(redis_own_pid) || pid=""
  status_service redis "$pid" "$HOST:$REDIS_PORT (pid $pid, log .services/logs/redis.log)" \
    redis_ping "$(env_value REDIS_URL)"
  pid=$(dovecot_own_pid) || pid=""
  if [ -n "$pid" ] && ! port_open "$IMAP_PORT"; then pid=""; fi
  status_service dovecot "$pid" "imap $HOST:$IMAP_PORT, lmtp $HOST:$LMTP_PORT (pid $pid, users pinmail, replies, test-*; mail $DOVECOT_DIR/mail, log $DOVECOT_LOG)" \
    port_open "$IMAP_PORT"
  pid=$(smtp_own_pid) || pid=""
  if [ -n "$pid" ] && ! port_open "$SMTP_PORT"; then pid=""; fi
  [ -f "$SMTP_DIR/index.jsonl" ] && n=$(wc -l <"$SMTP_DIR/index.jsonl")
  status_service smtp-catcher "$pid" "$HOST:$SMTP_PORT (pid $pid, $n message(s) in .services/smtp, copies to Dovecot user replies, log .services/logs/smtp-catcher.log)" \
    port_open "$SMTP_PORT"
  status_legacy
  return $STATUS_RC
}

cmd_env() {
  env_is_up || die "no .services/env: the services are not up. Run: bash scripts/services.sh up"
  grep '^export ' "$ENV_FILE"
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  wipe) cmd_wipe ;;
  status) cmd_status ;;
  env) cmd_env ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
