#!/usr/bin/env bash
# Runs one load-generator workload against a freshly started server, with the launcher's JVM options
# (peerlink-launcher/jvm.options), and prints the generator's report. See docs/PERFORMANCE.md.
#
#   scripts/perf/bench.sh <workload> [loadgen options...]
#
# Build first: mvn -B -DskipTests package. Environment:
#   PEERLINK_JVM_OPTIONS  JVM options for the server instead of @peerlink-launcher/jvm.options (set but empty: none)
#   BENCH_LAUNCHER_JAR    another build's launcher jar, to compare (default: this checkout's)
#   BENCH_LIMITS          on: keep the rate limits and connection caps (off by default: see below)
#   BENCH_MAX_RAM         the machine size the server's JVM sizes its heap for (-XX:MaxRAM; default 1g, a small
#                         VPS: with jvm.options' MaxRAMPercentage=50 the heap may grow to 512 MiB); empty: the real one
#   BENCH_RELAY_PORT / BENCH_SIGNAL_PORT  ports (default 4000 / 3000)
#   BENCH_GENERATOR_OPTIONS  JVM options for the load generator (default -Xmx2g)
# The server gets a new data directory under /tmp each time and is stopped (SIGTERM) afterwards. The startup
# workload starts the server itself and is not run through this script.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/find-jdk.sh
. scripts/find-jdk.sh
peerlink_find_jdk
JAVA="$JAVA_HOME/bin/java"

[ $# -ge 1 ] || { echo "usage: scripts/perf/bench.sh <workload> [loadgen options...]" >&2; exit 2; }
workload=$1
shift
relay_port=${BENCH_RELAY_PORT:-4000}
signal_port=${BENCH_SIGNAL_PORT:-3000}
launcher=${BENCH_LAUNCHER_JAR:-peerlink-launcher/target/peerlink-launcher.jar}
loadgen=peerlink-loadgen/target/peerlink-loadgen.jar
for jar in "$launcher" "$loadgen"; do
    [ -f "$jar" ] || { echo "$jar is missing: run mvn -B -DskipTests package" >&2; exit 1; }
done

data_dir=$(mktemp -d /tmp/peerlink-bench.XXXXXX)
log="$data_dir.log"
max_ram=${BENCH_MAX_RAM-1g}
# The load generator is one address (and a handful of keys) playing thousands of app users: the per-address and
# per-key limits would refuse it, as they should refuse such a client. They are off here unless BENCH_LIMITS=on, and
# only for a launcher that has them (BENCH_LAUNCHER_JAR may be an older build).
limits=()
if [ "${BENCH_LIMITS:-off}" != on ] && "$JAVA" -jar "$launcher" --help | grep -q -- --rate-relay-read; then
    limits=(--rate-relay-read off --rate-relay-write off --rate-relay-blob off --rate-relay-key off
            --rate-register off --rate-register-peer off --rate-signal-messages off
            --max-connections-per-address 1000000)
fi
# shellcheck disable=SC2086 # PEERLINK_JVM_OPTIONS is a list of options
"$JAVA" ${PEERLINK_JVM_OPTIONS-@peerlink-launcher/jvm.options} ${max_ram:+-XX:MaxRAM=$max_ram} -jar "$launcher" \
    --relay-port "$relay_port" --signal-port "$signal_port" --data-dir "$data_dir" "${limits[@]}" >"$log" 2>&1 &
server=$!
cleanup() {
    if kill "$server" 2>/dev/null; then
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$data_dir" "$log"
}
trap cleanup EXIT

for _ in $(seq 300); do
    grep -q "peerlink signal listening" "$log" && break
    kill -0 "$server" 2>/dev/null || { cat "$log" >&2; echo "the server did not start" >&2; exit 1; }
    sleep 0.1
done
echo "server pid $server ($launcher), JVM options: ${PEERLINK_JVM_OPTIONS-@peerlink-launcher/jvm.options}" \
    "${max_ram:+-XX:MaxRAM=$max_ram};$(uptime)" >&2

# shellcheck disable=SC2086 # BENCH_GENERATOR_OPTIONS is a list of options
"$JAVA" ${BENCH_GENERATOR_OPTIONS:--Xmx2g} -jar "$loadgen" "$workload" \
    --relay "http://127.0.0.1:$relay_port" --signal "ws://127.0.0.1:$signal_port" --server-pid "$server" "$@"
