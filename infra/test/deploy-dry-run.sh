#!/usr/bin/env bash
# deploy.sh and bootstrap.sh in dry-run mode, checked against the real programs (run by .ci/run after
# ./build test, which built the jar):
#   - a Docker-mode and a native-mode dry run print exactly the stage lines 5..11 and render every file;
#     haproxy -c, systemd-analyze verify and docker(-)compose config accept what they rendered
#   - after the stage lines, as the last stdout line, the import link of import-link.txt, which decodes (as the
#     app decodes it) to the rendered host, public ports and TURN credentials; none for TURN_SECRET
#   - WS_IDLE_TIMEOUT reaches peerlink.env, and HAProxy's signal timeouts are rendered above it
#   - a second run keeps the certificate and the generated TURN password
#   - the native layout (unit's ExecStart + environment file + installed jar) starts and answers /health
#   - the Dockerfile's COPY sources exist after a build
#   - wrong OS, busy port, bad PUBLIC_IP and missing root/sudo stop it with a clear message
#   - bootstrap.sh clones this repository's HEAD and goes through the stage lines 2..11
# Needs: a JDK 21+ and Maven (as ./build), perl, curl; haproxy for the config checks.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)

work=$(mktemp -d /tmp/peerlink-dry-run-test.XXXXXX)
pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

failures=0
pass() { printf 'ok   %s\n' "$*"; }
fail() {
    printf 'FAIL %s\n' "$*"
    failures=$((failures + 1))
}
check() { # description command...
    local what=$1
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}

PATH=$PATH:/usr/sbin:/sbin
HAPROXY=$(command -v haproxy || true)

# A TCP and UDP port nobody uses, from the kernel; never in the default TURN relay range, which the renderer
# rightly refuses for a listener.
free_port() {
    free_ports 1
}

# N distinct free ports (TCP and UDP), one per line: all found in one process that holds them until the last is
# found, so two calls can never hand out the same port.
free_ports() {
    perl -MIO::Socket::INET -e '
        my @held;
        my %seen;
        while (@held < 2 * $ARGV[0]) {
            my $t = IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1", LocalPort => 0, ReuseAddr => 0) or die;
            my $p = $t->sockport;
            next if $seen{$p}++ || ($p >= 49152 && $p <= 51819);
            my $u = IO::Socket::INET->new(Proto => "udp", LocalAddr => "127.0.0.1", LocalPort => $p) or next;
            push @held, $t, $u;
            print "$p\n";
        }' "$1"
}

# Environment with every port of the deployment on a free one, so the run does not depend on this machine.
port_env() {
    local names=(SIGNAL_PUBLIC_PORT RELAY_PUBLIC_PORT SIGNAL_BACKEND_PORT RELAY_BACKEND_PORT ADMIN_BACKEND_PORT
                 TURN_PORT TURNS_PORT) ports i
    mapfile -t ports < <(free_ports "${#names[@]}")
    for i in "${!names[@]}"; do
        printf '%s=%s\n' "${names[$i]}" "${ports[$i]}"
    done
}

expected_stages() { # first last mode
    local n
    for n in $(seq "$1" "$2"); do
        case $n in
            2) echo "__PEERLINK_STAGE__:2:Updating the system" ;;
            3) echo "__PEERLINK_STAGE__:3:Downloading PeerLink ($4)" ;;
            4) echo "__PEERLINK_STAGE__:4:Running deploy.sh" ;;
            5) echo "__PEERLINK_STAGE__:5:Checking the system and installing base packages" ;;
            6) if [ "$3" = docker ]; then echo "__PEERLINK_STAGE__:6:Installing Docker"
               else echo "__PEERLINK_STAGE__:6:Installing Java 21, Maven, HAProxy and coturn"; fi ;;
            7) if [ "$3" = docker ]; then echo "__PEERLINK_STAGE__:7:Building the PeerLink image"
               else echo "__PEERLINK_STAGE__:7:Building and installing the PeerLink server"; fi ;;
            8) echo "__PEERLINK_STAGE__:8:Creating the TLS certificate and the configuration" ;;
            9) echo "__PEERLINK_STAGE__:9:Configuring HAProxy" ;;
            10) echo "__PEERLINK_STAGE__:10:Configuring TURN (coturn)" ;;
            11) echo "__PEERLINK_STAGE__:11:Deployment complete!" ;;
        esac
    done
}

same_stages() { # stdout-file first last mode [ref]: every stdout line but the last, the import link
    if diff <(expected_stages "$2" "$3" "$4" "${5:-}") <(sed '$d' "$1") >"$work/diff" 2>&1; then
        return 0
    fi
    cat "$work/diff"
    return 1
}

# The JSON an import link carries, decoded as the app does: the payload parameter, base64url with the padding
# put back (base64Url.normalize), UTF-8.
link_json() { # link
    local payload=${1#peerlink://config?payload=}
    [ "$payload" != "$1" ] || return 1
    payload=$(printf '%s' "$payload" | tr -- '-_' '+/')
    while [ $((${#payload} % 4)) -ne 0 ]; do payload+='='; done
    printf '%s' "$payload" | base64 -d
}

# What the link must say for a dry run's host, ports (from its port environment) and TURN user; the wizard's
# entries, in the app's key order. No user: no TURN entries.
config_json() { # url-host env-file [user password]
    local host=$1 signal relay turn entries=""
    signal=$(sed -n 's/^SIGNAL_PUBLIC_PORT=//p' "$2")
    relay=$(sed -n 's/^RELAY_PUBLIC_PORT=//p' "$2")
    turn=$(sed -n 's/^TURN_PORT=//p' "$2")
    if [ $# -ge 4 ]; then
        entries=$(printf '{"url":"turn:%s:%s?transport=%s","username":"%s","password":"%s","priority":%s},' \
            "$host" "$turn" udp "$3" "$4" 1000 "$host" "$turn" tcp "$3" "$4" 750)
        entries=${entries%,}
    fi
    printf '{"type":"peerlink_server_config","version":1,"bootstrap":["wss://%s:%s"],"relay":["https://%s:%s"],"turn":[%s],"push":[]}' \
        "$host" "$signal" "$host" "$relay" "$entries"
}

prints_link() { # stdout-file root expected-json: the last stdout line is the rendered link and says that
    local link json
    link=$(tail -n 1 "$1")
    if [ "$link" != "$(cat "$2/etc/peerlink/import-link.txt" 2>/dev/null)" ]; then
        printf '     | last stdout line: %s\n     | is not the link in %s\n' "$link" "$2/etc/peerlink/import-link.txt"
        return 1
    fi
    json=$(link_json "$link") || return 1
    [ "$json" = "$3" ] && return 0
    printf '     | expected %s\n     |      got %s\n' "$3" "$json"
    return 1
}

# deploy.sh --dry-run with a port environment; stdout and stderr to files.
dry_run() { # name mode env-file [extra env...]
    local name=$1 mode=$2 envfile=$3
    shift 3
    local status=0 ports=()
    mapfile -t ports <"$envfile"
    env "${ports[@]}" "$@" ./deploy.sh --dry-run --root "$work/$name" --mode "$mode" \
        >"$work/$name.out" 2>"$work/$name.err" || status=$?
    return "$status"
}

show() { sed 's/^/     | /' "$1"; }

# --- Docker mode, an IP host ---------------------------------------------------------------------------------
port_env >"$work/docker.env"
if dry_run docker docker "$work/docker.env" PUBLIC_HOST=203.0.113.10 TURN_USER=ci TURN_PASSWORD=ci-password \
    WS_IDLE_TIMEOUT=120; then
    pass "docker dry run finishes"
else
    fail "docker dry run finishes"
    show "$work/docker.err"
fi
check "docker dry run prints exactly stages 5..11" same_stages "$work/docker.out" 5 11 docker
check "... then the import link for its host, ports and TURN user" prints_link "$work/docker.out" "$work/docker" \
    "$(config_json 203.0.113.10 "$work/docker.env" ci ci-password)"
check "... and how to import it" grep -q "open this link on the device that runs the app" "$work/docker.err"
check "the import link file is private" test "$(stat -c %a "$work/docker/etc/peerlink/import-link.txt")" = 600
check "... the dry run draws its QR code on stderr, the same as the file" grep -qF "$(head -n 1 "$work/docker/etc/peerlink/import-link-qr.txt")" "$work/docker.err"
check "... and its QR code files are private too" test "$(stat -c %a "$work/docker/etc/peerlink/import-link-qr.txt") $(stat -c %a "$work/docker/etc/peerlink/import-link.png")" = "600 600"
etc=$work/docker/etc/peerlink
check "docker dry run renders every file" test -s "$etc/haproxy.cfg" -a -s "$etc/turnserver.conf" \
    -a -s "$etc/docker-compose.yml" -a -s "$etc/peerlink.env" -a -s "$etc/tls/selfsigned.pem"
if [ -n "$HAPROXY" ]; then
    check "haproxy -c accepts the docker haproxy.cfg" "$HAPROXY" -c -q -f "$etc/haproxy.cfg"
fi
if command -v docker-compose >/dev/null 2>&1; then
    check "docker-compose config accepts docker-compose.yml" \
        docker-compose -p peerlink -f "$etc/docker-compose.yml" config -q
fi
check "the compose file builds from this checkout" grep -q "context: $REPO\$" "$etc/docker-compose.yml"
# 120 s idle: the launcher closes by 150 s (it checks every 30 s), HAProxy's signal side 15 s later
check "WS_IDLE_TIMEOUT reaches the launcher's environment file" grep -qx "PEERLINK_WS_IDLE_TIMEOUT=120" "$etc/peerlink.env"
check "HAProxy's signal timeouts are rendered above it" \
    test "$(grep -cxE '    timeout (tunnel|client) 165s' "$etc/haproxy.cfg")" = 2

# --- native mode, a named host, twice ------------------------------------------------------------------------
port_env >"$work/native.env"
for round in 1 2; do
    # no TURN_PASSWORD: deploy.sh generates one and must reuse it
    if dry_run native native "$work/native.env" PUBLIC_HOST=peerlink.example.org PUBLIC_IP=198.51.100.20; then
        pass "native dry run $round finishes"
    else
        fail "native dry run $round finishes"
        show "$work/native.err"
    fi
    check "native dry run $round prints exactly stages 5..11" same_stages "$work/native.out" 5 11 native
    root=$work/native
    check "... then the import link with the generated TURN password" prints_link "$work/native.out" "$root" \
        "$(config_json peerlink.example.org "$work/native.env" peerlink \
            "$(sed -n 's/^TURN_PASSWORD=//p' "$root/etc/peerlink/turn-credentials")")"
    if [ "$round" = 1 ]; then
        cert_sum=$(sha256sum "$root/etc/peerlink/tls/fullchain.pem" | cut -d' ' -f1)
        cred_sum=$(sha256sum "$root/etc/peerlink/turn-credentials" | cut -d' ' -f1)
    fi
done
check "the second run keeps the certificate" \
    test "$cert_sum" = "$(sha256sum "$root/etc/peerlink/tls/fullchain.pem" | cut -d' ' -f1)"
check "the second run says so" grep -q "certificate kept" "$work/native.err"
check "the second run keeps the generated TURN password" \
    test "$cred_sum" = "$(sha256sum "$root/etc/peerlink/turn-credentials" | cut -d' ' -f1)"
check "the TURN password file is private" test "$(stat -c %a "$root/etc/peerlink/turn-credentials")" = 600
if command -v openssl >/dev/null 2>&1; then
    openssl x509 -in "$root/etc/peerlink/tls/fullchain.pem" -noout -ext subjectAltName >"$work/san" 2>&1 || true
    check "the certificate names the host and the IP" \
        grep -q "DNS:peerlink.example.org, IP Address:198.51.100.20" "$work/san"
fi
if [ -n "$HAPROXY" ]; then
    check "haproxy -c accepts the installed /etc/haproxy/haproxy.cfg" "$HAPROXY" -c -q -f "$root/etc/haproxy/haproxy.cfg"
fi
check "the default idle timeout is 60 s" grep -qx "PEERLINK_WS_IDLE_TIMEOUT=60" "$root/etc/peerlink/peerlink.env"
check "... and HAProxy's signal timeouts 90 s" \
    test "$(grep -cxE '    timeout (tunnel|client) 90s' "$root/etc/haproxy/haproxy.cfg")" = 2
check "coturn's config is installed" cmp -s "$root/etc/peerlink/turnserver.conf" "$root/etc/turnserver.conf"
check "the unit is installed" test -s "$root/etc/systemd/system/peerlink.service"

# The native layout for real: the unit's ExecStart with its EnvironmentFile, as systemd would start it.
unit=$root/etc/systemd/system/peerlink.service
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
env_file=$(sed -n 's/^EnvironmentFile=//p' "$unit")
relay_port=$(sed -n 's/^PEERLINK_RELAY_PORT=//p' "$env_file")
# Behind HAProxy the listeners expect the PROXY protocol on every connection: curl says it as HAProxy would.
proxy_header=()
if grep -qx "PEERLINK_PROXY_PROTOCOL=true" "$env_file"; then
    proxy_header=(--haproxy-protocol)
fi
read -r -a command <<<"$exec_start"
# shellcheck disable=SC1090 # the rendered environment file, KEY=VALUE lines
(set -a && . "$env_file" && exec "${command[@]}") >"$work/launcher.log" 2>&1 &
pids+=($!)
healthy=""
for _ in $(seq 1 60); do
    healthy=$(curl -fsS --max-time 2 "${proxy_header[@]}" "http://127.0.0.1:$relay_port/health" 2>/dev/null) && break
    sleep 0.5
done
if [[ $healthy == '{"ok":true,"ts":'* ]]; then
    pass "the installed jar, started by the unit's ExecStart and environment file, answers /health"
else
    fail "the installed jar, started by the unit's ExecStart and environment file, answers /health"
    show "$work/launcher.log"
fi
kill "${pids[-1]}" 2>/dev/null || true
wait "${pids[-1]}" 2>/dev/null || true

# The Dockerfile copies what a build produces.
while read -r source; do
    check "Dockerfile COPY source $source exists after a build" test -e "$REPO/${source#/src/}"
done < <(sed -n -E 's/^COPY --from=build ([^ ]+) .*/\1/p' infra/Dockerfile)

# --- errors --------------------------------------------------------------------------------------------------
printf 'ID=fedora\nPRETTY_NAME="Fedora Linux 40"\n' >"$work/os-release"
port_env >"$work/errors.env"
if dry_run wrong-os docker "$work/errors.env" PEERLINK_OS_RELEASE="$work/os-release" PUBLIC_HOST=203.0.113.10 TURN_SECRET=s; then
    fail "a wrong OS stops it"
else
    check "a wrong OS stops it with a clear message" grep -q "this is Fedora Linux 40; deploy.sh supports Debian and Ubuntu" "$work/wrong-os.err"
fi

busy=$(free_port)
perl -MIO::Socket::INET -e '$s = IO::Socket::INET->new(Listen => 1, LocalAddr => "0.0.0.0", LocalPort => $ARGV[0], ReuseAddr => 1) or die; sleep 120' "$busy" &
pids+=($!)
sleep 0.5
if dry_run busy docker "$work/errors.env" SIGNAL_PUBLIC_PORT="$busy" PUBLIC_HOST=203.0.113.10 TURN_SECRET=s; then
    fail "a busy port stops it"
else
    check "a busy port stops it with the port and its holder" grep -q "port $busy/tcp is in use by perl (pid ${pids[-1]})" "$work/busy.err"
fi
kill "${pids[-1]}" 2>/dev/null || true

if dry_run bad-ip docker "$work/errors.env" PUBLIC_HOST=peerlink.example.org PUBLIC_IP=not-an-ip TURN_SECRET=s; then
    fail "a bad PUBLIC_IP stops it"
else
    check "a bad PUBLIC_IP stops it with the renderer's message" \
        grep -q "invalid value 'not-an-ip' for --public-ip" "$work/bad-ip.err"
fi

if [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null 2>&1 && id nobody >/dev/null 2>&1; then
    # not a dry run: the privilege check comes before anything is changed
    status=0
    runuser -u nobody -- env PATH="$PATH" PUBLIC_HOST=203.0.113.10 TURN_SECRET=s "$REPO/deploy.sh" --mode native \
        >"$work/nosudo.out" 2>"$work/nosudo.err" || status=$?
    check "without root or sudo it stops before changing anything" test "$status" -ne 0
    check "... and says why" grep -q "needs root or passwordless sudo\|needs root: run it as root" "$work/nosudo.err"
else
    printf 'skip the no-sudo check (needs root and runuser to act as nobody)\n'
fi

# --- bootstrap.sh --------------------------------------------------------------------------------------------
head=$(git -C "$REPO" rev-parse HEAD)
port_env >"$work/boot.env"
status=0
mapfile -t boot_ports <"$work/boot.env"
env "${boot_ports[@]}" PEERLINK_DRY_RUN=1 PEERLINK_ROOT="$work/boot" PUBLIC_HOST=203.0.113.11 TURN_SECRET=s \
    PEERLINK_MODE=native ./bootstrap.sh "$REPO" "$head" "$work/boot-src" >"$work/boot.out" 2>"$work/boot.err" || status=$?
if [ "$status" -eq 0 ]; then pass "bootstrap dry run finishes"; else fail "bootstrap dry run finishes"; show "$work/boot.err"; fi
check "bootstrap prints exactly stages 2..11" same_stages "$work/boot.out" 2 11 native "$head"
check "... then the import link, without TURN entries for TURN_SECRET" prints_link "$work/boot.out" "$work/boot" \
    "$(config_json 203.0.113.11 "$work/boot.env")"
check "... and says so" grep -q "it has no TURN entries: with TURN_SECRET" "$work/boot.err"
check "bootstrap checked out HEAD" test "$(git -C "$work/boot-src" rev-parse HEAD 2>/dev/null)" = "$head"

if [ "$failures" -gt 0 ]; then
    printf 'deploy dry-run checks: %d failed\n' "$failures"
    exit 1
fi
printf 'deploy dry-run checks: all passed\n'
