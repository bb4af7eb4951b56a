#!/usr/bin/env bash
# Installs what cdr-pipeline needs on a Debian/Ubuntu machine without Docker:
# - librdkafka-dev + pkg-config + gcc: to build the local Kafka-protocol broker (librdkafka's mock cluster)
# - clickhouse-server: a real ClickHouse server process for the tests that stop and restart one
# - the npm dependencies (npm ci), including chDB, the in-process ClickHouse used by default
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(librdkafka-dev pkg-config gcc clickhouse-server)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  # The package's service is not needed (tests start their own server); policy-rc.d keeps it from starting.
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi

bash infra/kafka-mock/build.sh
echo "setup: done"
