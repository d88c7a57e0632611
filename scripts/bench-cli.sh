#!/usr/bin/env bash
# The CLI client's overhead (docs/benchmarks.md): wall time of `./atelier help`, `./atelier generate
# --help` and, when a stack runs in this checkout, of `./atelier generate` making one 256x256 image,
# each against the baseline `./atelier --version` (the same script and JVM doing nothing), RUNS times.
#   scripts/bench-cli.sh [RUNS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

time_ms() {
  local started
  started=$(date +%s%N)
  "$@" >/dev/null 2>&1
  echo $(( ($(date +%s%N) - started) / 1000000 ))
}

summary() {
  local label="$1"; shift
  sort -n | awk -v label="$label" '{ v[NR] = $1 } END {
    median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%-44s median %6.0f ms   min %6d ms   max %6d ms   (%d runs)\n", label, median, v[1], v[NR], NR }'
}

"$root/atelier" --version >/dev/null  # builds the jar first if it is due, outside the timings
for command in "--version" "help" "generate --help"; do
  # shellcheck disable=SC2086
  for _ in $(seq "$runs"); do time_ms "$root/atelier" $command; done | summary "./atelier $command"
done
if [ -f "$root/.atelier/local.json" ]; then
  for index in $(seq "$runs"); do
    time_ms "$root/atelier" generate "a red circle on the left" --size 256x256 --seed "$index" --out "$out"
  done | summary "./atelier generate (1 image, 256x256)"
else
  echo "no stack runs in this checkout (.atelier/local.json): start ./atelier up to time ./atelier generate"
fi
