#!/usr/bin/env bash
# Makes sure `promtool` (from Debian's `prometheus` package) is installed, as services.sh does for
# PostgreSQL, Redis and Dovecot, then prints its path. The test of deploy/prometheus/alerts.yml
# runs this first, so it never has to be skipped for want of the tool.
set -euo pipefail
cd "$(dirname "$0")/.."
LOGS=.services/logs
if ! command -v promtool >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "promtool is missing: install it with sudo apt-get install -y prometheus (or run this script as root)" >&2; exit 1; }
  command -v apt-get >/dev/null 2>&1 || { echo "promtool is missing and there is no apt-get here; install Prometheus's promtool" >&2; exit 1; }
  mkdir -p "$LOGS"
  # One installer at a time: two test files may ask at once.
  exec 9>"$LOGS/promtool.lock"
  flock 9
  if ! command -v promtool >/dev/null 2>&1; then
    apt=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends
      -o DPkg::Lock::Timeout=180 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold prometheus)
    echo "installing prometheus (for promtool) with apt-get (once; log: $LOGS/apt.log)" >&2
    if ! "${apt[@]}" >>"$LOGS/apt.log" 2>&1; then
      env DEBIAN_FRONTEND=noninteractive apt-get update -q -o DPkg::Lock::Timeout=180 >>"$LOGS/apt.log" 2>&1
      "${apt[@]}" >>"$LOGS/apt.log" 2>&1 || { tail -n 15 "$LOGS/apt.log" >&2; echo "apt-get install prometheus failed" >&2; exit 1; }
    fi
  fi
fi
command -v promtool
