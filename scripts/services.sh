#!/usr/bin/env bash
# pinmail local services without Docker: PostgreSQL, Redis, Dovecot (IMAP + LMTP) and an SMTP catcher,
# all on 127.0.0.1.
#
#   bash scripts/services.sh up       make sure everything is reachable; idempotent (a second run only
#                                     says what is already up)
#   bash scripts/services.sh down     stop what this script started (by PID file; never by name);
#                                     data stays in .services/ (rm -rf .services after down wipes it)
#   bash scripts/services.sh status   each service, where it is and whether this script started it
#   bash scripts/services.sh env      the export lines for the services in use, also kept in
#                                     .services/env:   eval "$(bash scripts/services.sh env)"
#                                     or               source .services/env
#
# Ports of our own instances (docker-compose.yml publishes the same ones on 127.0.0.1, so one .env
# works for both):
#   PostgreSQL     55432      (only when no usable server is found, see below)
#   Redis          56379      (only when no usable server is found, see below)
#   Dovecot IMAP   51143      (ours, config .services/dovecot/dovecot.conf: users pinmail/pinmail
#   Dovecot LMTP   51024       (the bot), replies/replies, and test-<anything>/test for tests that
#                              want a mailbox of their own, created on first use)
#   SMTP catcher   51025      (scripts/smtp-catcher.ts: stores into .services/smtp and copies each
#                              message by LMTP to the Dovecot user `replies`)
# Dovecot and the catcher are always ours, unless something already answers on their port (e.g.
# docker compose's Dovecot and Mailpit): that is then used and left alone.
#
# Which PostgreSQL / Redis is used, first match wins:
#   1. DATABASE_URL / REDIS_URL from the environment or ./.env, when reachable (a URL on our own
#      port 55432 / 56379 instead means "ours": step 4 is skipped and ours is started if needed)
#   2. our own instance, when it is already running
#   3. whatever answers on our port (55432 / 56379), e.g. the docker compose services
#   4. the machine's default server on 127.0.0.1:5432 (trust auth as user postgres) / 127.0.0.1:6379
#   5. otherwise our own instance is started (installing postgresql / redis-server with apt-get when
#      missing and running as root). Installing redis-server (or postgresql) starts the system's
#      server on its default port; that one is then used (unless step 1 or
#      PINMAIL_OWN_SERVICES asked for ours).
# PostgreSQL databases `pinmail` and `pinmail_test` (or <db> and <db>_test for a DATABASE_URL) are
# created when missing. Redis should have maxmemory-policy noeviction (BullMQ); a warning says if not.
#
# State (git-ignored): .services/  — pg/ (cluster), redis/, dovecot/ (config, users, maildirs),
# smtp/ (caught mail), logs/, *.pid, env.
# Options (environment): PINMAIL_OWN_SERVICES=1 ignores existing PostgreSQL/Redis servers (steps 1, 3
# and 4) and always uses our own instances.
set -euo pipefail

PG_PORT=55432
REDIS_PORT=56379
IMAP_PORT=51143
LMTP_PORT=51024
SMTP_PORT=51025
HOST=127.0.0.1

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.services"
LOGS="$STATE/logs"
ENV_FILE="$STATE/env"
PG_DATA="$STATE/pg"
REDIS_DIR="$STATE/redis"
REDIS_PID="$REDIS_DIR/redis.pid"
DOVECOT_DIR="$STATE/dovecot"
DOVECOT_CONF="$DOVECOT_DIR/dovecot.conf"
DOVECOT_PID="$DOVECOT_DIR/run/master.pid"
SMTP_DIR="$STATE/smtp"
SMTP_PID="$STATE/smtp-catcher.pid"

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
  if ! "${apt[@]}" "$@" >>"$LOGS/apt.log" 2>&1 9>&-; then
    say "  apt-get install failed; running apt-get update and trying again"
    env DEBIAN_FRONTEND=noninteractive apt-get update -q -o DPkg::Lock::Timeout=180 >>"$LOGS/apt.log" 2>&1 9>&- ||
      { log_tail "$LOGS/apt.log"; die "apt-get update failed (see .services/logs/apt.log)."; }
    "${apt[@]}" "$@" >>"$LOGS/apt.log" 2>&1 9>&- ||
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
      PG_URL_BASE="postgresql://postgres@$HOST:5432/pinmail"
      set_where postgres "external $HOST:5432 (the system's server, started by the postgresql package)"
      say "  postgres: using the server the postgresql package started on $HOST:5432"
      return 0
    fi
    bindir=$(pg_bindir) || die "postgresql is installed but initdb/pg_ctl were not found."
  fi
  mkdir -p "$LOGS"
  if is_root; then
    id postgres >/dev/null 2>&1 || die "user postgres does not exist (it comes with the postgresql package); reinstall postgresql."
    runuser -u postgres -- test -x "$STATE" ||
      die "user postgres cannot reach $STATE (a parent directory is not searchable by others). Move the project, or point DATABASE_URL at a running server."
  fi
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    say "  postgres: creating a cluster in .services/pg (initdb)"
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
port = $PG_PORT
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
      die "the cluster in .services/pg is PostgreSQL $ver but only $bindir is installed; run 'bash scripts/services.sh down && rm -rf .services/pg'."
    fi
  fi
  port_open "$PG_PORT" && die "port $PG_PORT is taken by something that is not a usable PostgreSQL; free it and retry."
  touch "$LOGS/postgres.log"
  is_root && chown postgres "$LOGS/postgres.log"
  say "  postgres: starting our own server on $HOST:$PG_PORT"
  as_pg "$bindir/pg_ctl" -D "$PG_DATA" -l "$LOGS/postgres.log" -w -t 60 start >>"$LOGS/postgres.log" 2>&1 9>&- ||
    { log_tail "$LOGS/postgres.log"; die "PostgreSQL did not start (see .services/logs/postgres.log)."; }
  PG_URL_BASE=$1
  set_where postgres "own $HOST:$PG_PORT"
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
    PG_URL_BASE=$ours_url
    set_where postgres "own $HOST:$PG_PORT"
    say "postgres: already up (ours, $HOST:$PG_PORT, pid $pid)"
  fi
  if [ -z "$PG_URL_BASE" ] && [ -z "${PINMAIL_OWN_SERVICES:-}" ] && port_open "$PG_PORT"; then
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
      PG_URL_BASE="postgresql://postgres@$HOST:5432/pinmail"
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

pg_down() {
  local pid bindir
  if pid=$(pg_own_pid); then
    bindir=$(pg_bindir) || true
    local ver; ver=$(cat "$PG_DATA/PG_VERSION" 2>/dev/null || true)
    [ -n "$ver" ] && [ -x "/usr/lib/postgresql/$ver/bin/pg_ctl" ] && bindir="/usr/lib/postgresql/$ver/bin"
    if [ -n "$bindir" ] && as_pg "$bindir/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >>"$LOGS/postgres.log" 2>&1; then
      say "postgres: stopped (pid $pid)"
    else
      stop_pid postgres "$pid"; say "postgres: stopped (pid $pid)"
    fi
  else
    say "postgres: nothing of ours running$(where_note postgres)"
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
  mkdir -p "$REDIS_DIR" "$LOGS"
  say "  redis: starting our own server on $HOST:$REDIS_PORT"
  redis-server --bind "$HOST" --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes \
    --pidfile "$REDIS_PID" --logfile "$LOGS/redis.log" --dir "$REDIS_DIR" \
    --maxmemory-policy noeviction >>"$LOGS/redis.log" 2>&1 </dev/null 9>&- ||
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
  if [ -z "$REDIS_URL_OUT" ] && [ -z "${PINMAIL_OWN_SERVICES:-}" ] && redis_ping "$ours_url"; then
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
}

# ------------------------------------------------------------------------------------------------
# Dovecot (always our own instance; nothing from /etc/dovecot is read)

dovecot_own_pid() { pid_from "$DOVECOT_PID" "$DOVECOT_CONF"; }

dovecot_write_config() {
  local mail_uid
  mail_uid=$(id -u mail 2>/dev/null) || die "user mail does not exist; Dovecot stores mail as that user."
  mkdir -p "$DOVECOT_DIR/run" "$DOVECOT_DIR/state" "$DOVECOT_DIR/mail" "$LOGS"
  chown mail:mail "$DOVECOT_DIR/mail"
  runuser -u mail -- test -x "$DOVECOT_DIR/mail" ||
    die "user mail cannot reach $DOVECOT_DIR/mail (a parent directory is not searchable by others); move the project."
  printf '%s\n' 'pinmail:{PLAIN}pinmail' 'replies:{PLAIN}replies' >"$DOVECOT_DIR/users"
  chmod 644 "$DOVECOT_DIR/users"
  cat >"$DOVECOT_CONF" <<EOF
# Generated by scripts/services.sh at every start of our Dovecot; edit the script, not this file.
# Self-contained: nothing from /etc/dovecot is read. Started as root: dovecot -c $DOVECOT_CONF
instance_name = pinmail-dovecot
base_dir = $DOVECOT_DIR/run
state_dir = $DOVECOT_DIR/state
log_path = $LOGS/dovecot.log
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
  elif port_open "$IMAP_PORT"; then
    set_where dovecot "external imap $HOST:$IMAP_PORT, lmtp $HOST:$LMTP_PORT (not started by this script, e.g. docker compose)"
    say "dovecot: using the IMAP server already listening on $HOST:$IMAP_PORT (not ours)"
    return 0
  fi
  is_root || die "Dovecot must be started as root here (it chroots its login processes); run this script as root, or use docker compose."
  if ! have dovecot || [ ! -e /usr/lib/dovecot/imap ] || [ ! -e /usr/lib/dovecot/lmtp ]; then
    apt_install dovecot-imapd dovecot-lmtpd
  fi
  have dovecot || die "dovecot was installed but is not on PATH (expected /usr/sbin/dovecot)."
  port_open "$LMTP_PORT" && die "port $LMTP_PORT (LMTP) is taken by something else; free it and retry."
  dovecot_write_config
  local check
  check=$(doveconf -c "$DOVECOT_CONF" -n 2>&1 >/dev/null) || die "bad Dovecot config $DOVECOT_CONF: $check"
  say "dovecot: starting our own (imap $HOST:$IMAP_PORT, lmtp $HOST:$LMTP_PORT)"
  # The daemon keeps stdout open: send it to a file or command substitution around us would hang.
  dovecot -c "$DOVECOT_CONF" >>"$LOGS/dovecot.out" 2>&1 </dev/null 9>&- ||
    { log_tail "$LOGS/dovecot.out"; log_tail "$LOGS/dovecot.log"; die "Dovecot did not start (see .services/logs/dovecot.log)."; }
  if ! wait_port "$IMAP_PORT" 10 || ! wait_port "$LMTP_PORT" 5; then
    log_tail "$LOGS/dovecot.log"; die "Dovecot does not answer on $IMAP_PORT/$LMTP_PORT (see .services/logs/dovecot.log)."
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
}

# ------------------------------------------------------------------------------------------------
# SMTP catcher (scripts/smtp-catcher.ts)

smtp_own_pid() { pid_from "$SMTP_PID" "smtp-catcher"; }

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
  elif port_open "$SMTP_PORT"; then
    set_where smtp "external $HOST:$SMTP_PORT (not started by this script, e.g. Mailpit from docker compose; nothing lands in .services/smtp)"
    say "smtp-catcher: using the SMTP server already listening on $HOST:$SMTP_PORT (not ours; .services/smtp stays empty)"
    return 0
  fi
  have node || die "node is not on PATH; the SMTP catcher needs Node.js."
  [ -e "$ROOT/node_modules/tsx" ] && [ -e "$ROOT/node_modules/smtp-server" ] ||
    die "node_modules is missing tsx or smtp-server; run npm install first."
  mkdir -p "$SMTP_DIR/inbox" "$LOGS"
  rm -f "$SMTP_PID"
  say "smtp-catcher: starting on $HOST:$SMTP_PORT (store .services/smtp, copies to Dovecot user replies)"
  # One process (node with tsx's loader), detached; it writes its own PID file once it listens.
  (cd "$ROOT" && exec setsid node --import tsx scripts/smtp-catcher.ts --host "$HOST" --port "$SMTP_PORT" \
    --dir "$SMTP_DIR" --lmtp-host "$HOST" --lmtp-port "$LMTP_PORT" --lmtp-user replies \
    --pid-file "$SMTP_PID" >>"$LOGS/smtp-catcher.log" 2>&1 </dev/null 9>&-) &
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
}

# ------------------------------------------------------------------------------------------------
# commands

where_note() { # NAME — " (<where>: left alone)" for external services
  local w; w=$(get_where "$1")
  [[ $w == external* ]] && printf ' (using %s: left alone)' "${w#external }"
  return 0
}

write_env() {
  local tmp="$ENV_FILE.tmp.$$"
  {
    printf '# Written by scripts/services.sh up; source it: . .services/env\n'
    printf 'export DATABASE_URL=%s\n' "$(shq "$DATABASE_URL_OUT")"
    printf 'export TEST_DATABASE_URL=%s\n' "$(shq "$TEST_DATABASE_URL_OUT")"
    printf 'export REDIS_URL=%s\n' "$(shq "$REDIS_URL_OUT")"
    printf 'export IMAP_HOST=%s\n' "$(shq "$HOST")"
    printf 'export IMAP_PORT=%s\n' "$(shq "$IMAP_PORT")"
    printf 'export IMAP_SECURE=%s\n' "'false'"
    printf 'export IMAP_USER=%s\n' "'pinmail'"
    printf 'export IMAP_PASSWORD=%s\n' "'pinmail'"
    printf 'export SMTP_URL=%s\n' "$(shq "smtp://$HOST:$SMTP_PORT")"
    printf 'export LMTP_PORT=%s\n' "$(shq "$LMTP_PORT")"
    printf 'export SMTP_CATCHER_DIR=%s\n' "$(shq "$SMTP_DIR")"
  } >"$tmp"
  mv -f "$tmp" "$ENV_FILE"
}

# Serializes up/down. Every daemon we start gets `9>&-` so it does not inherit (and hold) the lock.
lock() {
  mkdir -p "$STATE"
  exec 9>"$STATE/.lock"
  if ! flock -n 9; then
    say "services: another services.sh up/down is running; waiting for it"
    flock -w 300 9 || die "timed out waiting for the other services.sh to finish."
  fi
}

cmd_up() {
  local t0=$SECONDS
  lock
  mkdir -p "$STATE" "$LOGS"
  pg_up
  redis_up
  dovecot_up
  smtp_up
  write_env
  say "services: up in $((SECONDS - t0)) s; environment in .services/env (bash scripts/services.sh env)"
}

cmd_down() {
  lock
  [ -d "$STATE" ] || { say "services: nothing to stop (no .services/)"; return 0; }
  smtp_down
  dovecot_down
  redis_down
  pg_down
  rm -f "$ENV_FILE" "$STATE"/*.where
  say "services: down (data kept in .services/)"
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

cmd_status() {
  local pid n=0
  STATUS_RC=0
  [ -f "$ENV_FILE" ] || say "(not up: run bash scripts/services.sh up)"
  status_line SERVICE STATE STARTED WHERE
  pid=$(pg_own_pid) || pid=""
  status_service postgres "$pid" "$HOST:$PG_PORT (pid $pid, data .services/pg, log .services/logs/postgres.log)" \
    pg_usable "$(env_value DATABASE_URL)"
  pid=$(redis_own_pid) || pid=""
  status_service redis "$pid" "$HOST:$REDIS_PORT (pid $pid, log .services/logs/redis.log)" \
    redis_ping "$(env_value REDIS_URL)"
  pid=$(dovecot_own_pid) || pid=""
  if [ -n "$pid" ] && ! port_open "$IMAP_PORT"; then pid=""; fi
  status_service dovecot "$pid" "imap $HOST:$IMAP_PORT, lmtp $HOST:$LMTP_PORT (pid $pid, users pinmail, replies, test-*; mail .services/dovecot/mail, log .services/logs/dovecot.log)" \
    port_open "$IMAP_PORT"
  pid=$(smtp_own_pid) || pid=""
  if [ -n "$pid" ] && ! port_open "$SMTP_PORT"; then pid=""; fi
  [ -f "$SMTP_DIR/index.jsonl" ] && n=$(wc -l <"$SMTP_DIR/index.jsonl")
  status_service smtp-catcher "$pid" "$HOST:$SMTP_PORT (pid $pid, $n message(s) in .services/smtp, copies to Dovecot user replies, log .services/logs/smtp-catcher.log)" \
    port_open "$SMTP_PORT"
  return $STATUS_RC
}

cmd_env() {
  [ -f "$ENV_FILE" ] || die "no .services/env: the services are not up. Run: bash scripts/services.sh up"
  grep '^export ' "$ENV_FILE"
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
