#!/usr/bin/env bash
# Builds build/mock-cluster from mock_cluster.c when the binary is missing or older than the source.
# Needs gcc, pkg-config and librdkafka's headers (Debian: apt-get install -y librdkafka-dev pkg-config).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/mock_cluster.c"
out="$here/build/mock-cluster"

if [[ -x "$out" && "$out" -nt "$src" ]]; then
  exit 0
fi

missing=()
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if command -v pkg-config >/dev/null 2>&1 && ! pkg-config --exists rdkafka; then missing+=(librdkafka-dev); fi
if ((${#missing[@]} > 0)); then
  echo "kafka-mock/build.sh: missing ${missing[*]}; install with: apt-get install -y gcc pkg-config librdkafka-dev" >&2
  exit 1
fi
if [[ ! -f "$(pkg-config --variable=includedir rdkafka)/librdkafka/rdkafka_mock.h" ]]; then
  echo "kafka-mock/build.sh: librdkafka/rdkafka_mock.h not found (librdkafka-dev too old or incomplete)" >&2
  exit 1
fi

mkdir -p "$here/build"
# Build to a temporary name and rename, so that concurrent builds never run a half-written binary.
tmp="$(mktemp "$here/build/mock-cluster.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
# shellcheck disable=SC2046 # pkg-config output is a list of flags
gcc -std=gnu11 -O2 -Wall -Wextra -o "$tmp" "$src" $(pkg-config --cflags --libs rdkafka)
chmod 755 "$tmp"
mv -f "$tmp" "$out"
trap - EXIT
