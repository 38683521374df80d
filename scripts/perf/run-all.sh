#!/usr/bin/env bash
# The measurement campaign of docs/PERFORMANCE.md: every workload RUNS times (default 3) on a fresh server each
# time, full reports under OUT (default /tmp/peerlink-perf-<time>), the machine's load average next to each run.
#
#   scripts/perf/run-all.sh [workload ...]     (default: all; startup and signal-idle-10000 included)
#
# Environment: RUNS, OUT, BENCH_MAX_RAM (as in bench.sh, also for startup), BENCH_CDS (1: the startup workload uses a dynamic CDS archive, created by a first,
# uncounted round; 0: none), and whatever scripts/perf/bench.sh takes (PEERLINK_JVM_OPTIONS, BENCH_LAUNCHER_JAR).
# Build first: mvn -B -DskipTests package.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/find-jdk.sh
. scripts/find-jdk.sh
peerlink_find_jdk
JAVA="$JAVA_HOME/bin/java"

runs=${RUNS:-3}
max_ram=${BENCH_MAX_RAM-1g}
out=${OUT:-/tmp/peerlink-perf-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
workloads=("$@")
if [ ${#workloads[@]} -eq 0 ]; then
    workloads=(relay-store relay-cycle blob-32MiB blob-512MiB signal-register signal-forward signal-idle-2000
               signal-idle-10000 startup)
fi

run() { # name, how many runs, then bench.sh arguments
    local name=$1 count=$2 file
    shift 2
    for i in $(seq "$count"); do
        file="$out/$name-$i.txt"
        echo "== $name run $i: $(uptime)" | tee "$file"
        scripts/perf/bench.sh "$@" >>"$file" 2>&1 || echo "(failed, see $file)"
        # what else used the CPU at the end of the run (the benchmark's own processes have exited by now)
        { echo "busiest processes after the run:"; ps -eo pcpu,etimes,comm --sort=-pcpu | head -4; } >>"$file"
        grep -E "rate|cpu per|p50|median|growth|after|per idle socket|failures" "$file" | sed 's/^/   /' || true
    done
}

for workload in "${workloads[@]}"; do
    case "$workload" in
        relay-store) run relay-store "$runs" relay-store --connections 32 --warmup 40s --duration 20s ;;
        relay-cycle) run relay-cycle "$runs" relay-cycle --connections 32 --warmup 40s --duration 20s ;;
        blob-32MiB) run blob-32MiB "$runs" blob --blob-size 32MiB --chunk-size 1MiB --in-flight 5 --repeat 3 ;;
        blob-512MiB) run blob-512MiB 1 blob --blob-size 512MiB --chunk-size 1MiB --in-flight 5 --repeat 1 \
            --warmup-rounds 1 ;;
        signal-register) run signal-register "$runs" signal-register --connections 32 --warmup 30s --duration 20s ;;
        signal-forward) run signal-forward "$runs" signal-forward --pairs 200 --warmup 30s --duration 20s ;;
        signal-idle-2000) run signal-idle-2000 "$runs" signal-idle --sockets 2000 --gc-before-rss ;;
        signal-idle-10000) run signal-idle-10000 1 signal-idle --sockets 10000 --gc-before-rss ;;
        startup)
            file="$out/startup.txt"
            data_dir=$(mktemp -d /tmp/peerlink-startup.XXXXXX)
            echo "== startup: $(uptime)" | tee "$file"
            cds=()
            warmup=0
            if [ "${BENCH_CDS:-1}" = 1 ]; then
                cds=("-Xlog:cds*=off" -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$data_dir/peerlink.jsa")
                warmup=1
            fi
            # shellcheck disable=SC2086 # PEERLINK_JVM_OPTIONS is a list of options
            "$JAVA" -jar peerlink-loadgen/target/peerlink-loadgen.jar startup --relay http://127.0.0.1:4100 \
                --repeat "$runs" --warmup-rounds "$warmup" -- \
                "$JAVA" ${PEERLINK_JVM_OPTIONS-@peerlink-launcher/jvm.options} "${cds[@]}" \
                ${max_ram:+-XX:MaxRAM=$max_ram} \
                -jar "${BENCH_LAUNCHER_JAR:-peerlink-launcher/target/peerlink-launcher.jar}" \
                --relay-port 4100 --signal-port 3100 --data-dir "$data_dir" >>"$file" 2>&1 || echo "(failed, see $file)"
            grep -E "round|median" "$file" | sed 's/^/   /'
            rm -rf "$data_dir"
            ;;
        *) echo "unknown workload $workload" >&2; exit 2 ;;
    esac
done
echo "reports in $out"
