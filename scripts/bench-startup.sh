#!/usr/bin/env bash
# Start-up benchmark of the local stack: time from `./atelier up` to a 200 from /health, and the
# resident memory of the stack's processes (the JVM and dynalite's Node) once healthy; each run is
# paired with one that ignores the class-data sharing archive ./atelier records at build time.
# Baseline, measured in the same run: `./atelier --version`, the same script and JVM with the same
# classpath doing nothing, so the ratio shows what starting the servers costs on top of a JVM.
# Also: how soon `./atelier up` refuses a gateway port another process holds (target: within 1 s of
# the baseline, before any server starts).
#   scripts/bench-startup.sh [RUNS]     (default 5; builds first if needed)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
state_dir="$(mktemp -d)"
trap 'rm -rf "$state_dir"' EXIT

"$root/atelier" --version >/dev/null   # builds when sources changed, outside the measurement

now_ms() { date +%s%3N; }
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

baseline_total=0
for _ in $(seq "$runs"); do
  start=$(now_ms); "$root/atelier" --version >/dev/null; end=$(now_ms)
  baseline_total=$((baseline_total + end - start))
done
baseline_ms=$((baseline_total / runs))

port=18181
until port_free "$port"; do port=$((port + 1)); done

refusals=()
node -e "require('net').createServer().listen($port, '127.0.0.1')" &
holder=$!
until ! port_free "$port"; do sleep 0.05; done
for _ in $(seq "$runs"); do
  start=$(now_ms)
  if "$root/atelier" up --port "$port" --state-dir "$state_dir" >"$state_dir/refused.log" 2>&1; then
    echo "up did not refuse the taken port $port"; exit 1
  fi
  refusals+=($(( $(now_ms) - start )))
done
grep -q "taken by pid $holder" "$state_dir/refused.log" || { echo "the holder was not named:"; cat "$state_dir/refused.log"; exit 1; }
kill "$holder"; wait "$holder" 2>/dev/null || true
until port_free "$port"; do sleep 0.05; done
refused_ms=$(median "${refusals[@]}")
echo "taken gateway port: refused, naming its holder, after median ${refused_ms} ms over ${runs} runs (min $(printf '%s\n' "${refusals[@]}" | sort -n | head -1) ms): $((refused_ms - baseline_ms)) ms beyond the baseline of ${baseline_ms} ms (target 1000 ms)"
times=(); rss_totals=(); rss_jvms=(); rss_nodes=(); plain_times=()
measure() {  # $1: label, $2: extra JVM options; appends the time to the named array $3
  local start end pid node_pid jvm node
  start=$(now_ms)
  ATELIER_JAVA_OPTS="$2" "$root/atelier" up --port "$port" --state-dir "$state_dir" >"$state_dir/up.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { cat "$state_dir/up.log"; exit 1; }
    sleep 0.05
  done
  end=$(now_ms)
  node_pid=$(pgrep -P "$pid" node || true)
  jvm=$(rss_kib "$pid"); node=$( [ -n "$node_pid" ] && rss_kib "$node_pid" || echo 0)
  eval "$3+=($((end - start)))"
  if [ "$3" = times ]; then rss_jvms+=("$jvm"); rss_nodes+=("$node"); rss_totals+=($((jvm + node))); fi
  kill -TERM "$pid"; wait "$pid" || true   # background jobs of a script ignore SIGINT
  until port_free "$port"; do sleep 0.05; done
  echo "$1: healthy after $((end - start)) ms, RSS jvm=$((jvm / 1024)) MiB node=$((node / 1024)) MiB"
}
for run in $(seq "$runs"); do
  measure "run $run" "" times
  measure "run $run without class-data sharing" "-Xshare:off" plain_times
done

t=$(median "${times[@]}"); m=$(median "${rss_totals[@]}")
echo "baseline (./atelier --version: script, tool check, JVM start with the same classpath): ${baseline_ms} ms"
echo "up to healthy: median ${t} ms over ${runs} runs (min $(printf '%s\n' "${times[@]}" | sort -n | head -1) ms, max $(printf '%s\n' "${times[@]}" | sort -n | tail -1) ms)"
echo "ratio up/baseline: $(awk -v a="$t" -v b="$baseline_ms" 'BEGIN {printf "%.1f", a / b}')x; target 10000 ms: $(awk -v a="$t" 'BEGIN {printf "%.2f", a / 10000}') of it"
echo "without the class-data sharing archive: median $(median "${plain_times[@]}") ms (ratio $(awk -v a="$(median "${plain_times[@]}")" -v b="$t" 'BEGIN {printf "%.2f", a / b}')x slower)"
echo "memory once healthy: median $((m / 1024)) MiB RSS (jvm $(( $(median "${rss_jvms[@]}") / 1024 )) MiB + node $(( $(median "${rss_nodes[@]}") / 1024 )) MiB)"
