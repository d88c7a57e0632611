#!/usr/bin/env bash
# The CLI client's overhead (docs/benchmarks.md): wall time of `./atelier help`, `./atelier generate
# --help` and, when a stack runs in this checkout, of `./atelier generate` making one 256x256 image,
# each against the baseline `./atelier --version` (the same script and JVM doing nothing), RUNS times.
# CPU time (user + system, of the script and its children) is printed beside the wall time: on a
# shared machine it moves far less with the load than the wall time does.
#   scripts/bench-cli.sh [RUNS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# One line per run: wall and CPU milliseconds.
time_ms() {
  local TIMEFORMAT="%R %U %S"
  { time "$@" >/dev/null 2>&1; } 2>&1 | awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }'
}

median_min_max() {
  sort -n | awk '{ v[NR] = $1 } END { printf "%.0f %d %d %d", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2, v[1], v[NR], NR }'
}

summary() {
  local label="$1" runs wall_median wall_min wall_max count cpu_median
  runs="$(cat)"
  read -r wall_median wall_min wall_max count <<<"$(cut -d' ' -f1 <<<"$runs" | median_min_max)"
  read -r cpu_median _ _ _ <<<"$(cut -d' ' -f2 <<<"$runs" | median_min_max)"
  printf "%-40s wall median %6d ms (min %6d, max %6d)   CPU median %6d ms   (%d runs)\n" \
    "$label" "$wall_median" "$wall_min" "$wall_max" "$cpu_median" "$count"
}

"$root/atelier" --version >/dev/null  # builds the jar first if it is due, outside the timings
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
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
