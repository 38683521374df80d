#!/usr/bin/env bash
# One-command deployment of PeerLink on Debian or Ubuntu: the launcher (relay + signal) behind HAProxy's TLS,
# coturn for TURN/TURNS, and a self-signed certificate for PUBLIC_HOST.
#
#   ./deploy.sh [--mode docker|native] [--dry-run [--root DIR]] [--help]
#
# Inputs come from the environment, as the app's self-hosting wizard passes them (PROTOCOL.md section 4):
#   PUBLIC_HOST    domain or IP the apps connect to (default: PUBLIC_IP)
#   PUBLIC_IP      public IP announced by TURN (default: detected)
#   TURN_USER, TURN_PASSWORD   TURN long-term credentials (default: user "peerlink", a generated password
#                  kept in /etc/peerlink/turn-credentials); or TURN_SECRET for time-limited credentials
#   PEERLINK_MODE  docker (default, like the original) or native; --mode wins
#   SIGNAL_PUBLIC_PORT (443) RELAY_PUBLIC_PORT (444) SIGNAL_BACKEND_PORT (3000) RELAY_BACKEND_PORT (4000)
#   ADMIN_BACKEND_PORT (9400: the launcher's metrics, health and status page, on 127.0.0.1 only)
#   TURN_PORT (3478) TURNS_PORT (5349) TURN_MIN_PORT TURN_MAX_PORT   listener ports
#   WS_IDLE_TIMEOUT  seconds the launcher keeps a silent signal connection (60; the app pings every 20 s);
#                  HAProxy's signal timeouts are rendered above it (infra/README.md, Timeouts)
#   PEERLINK_RENDER_ARGS  more `infra render` options, e.g. "--turn-user-quota 10 --turn-max-bps 500000"
#   PEERLINK_DRY_RUN=1, PEERLINK_ROOT=DIR     same as --dry-run --root DIR
#
# stdout carries the progress lines __PEERLINK_STAGE__:<n>:<text> (5 to 11; bootstrap.sh prints 2 to 4) and,
# after the last one, the peerlink://config link that imports this deployment into the app (also in
# /etc/peerlink/import-link.txt); everything else goes to stderr. Running it again updates the one installation
# in place: the certificate (which devices trust by hand) and the TURN password are kept.
#
# A dry run changes nothing outside DIR: it builds the jar, renders every file under DIR (/etc/peerlink becomes
# DIR/etc/peerlink, and so on), checks them with the real programs where they are installed (haproxy -c,
# systemd-analyze verify, docker compose config), prints the stage lines and the import link for the host it
# rendered, and says what it would run.
set -euo pipefail

exec 3>&1 1>&2 # fd 3: the stage lines; stdout: stderr for everything else

SRC_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IMAGE=peerlink-launcher:local
COMPOSE_PROJECT=peerlink

stage() { printf '__PEERLINK_STAGE__:%s:%s\n' "$1" "$2" >&3; }
note() { printf 'deploy.sh: %s\n' "$*"; }
die() {
    printf 'deploy.sh: error: %s\n' "$*"
    exit 1
}

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
}

MODE=${PEERLINK_MODE:-docker}
DRY_RUN=${PEERLINK_DRY_RUN:-0}
ROOT=${PEERLINK_ROOT:-}
while [ $# -gt 0 ]; do
    case $1 in
        --mode) [ $# -ge 2 ] || die "--mode needs a value (docker or native)"; MODE=$2; shift 2 ;;
        --mode=*) MODE=${1#*=}; shift ;;
        --dry-run) DRY_RUN=1; shift ;;
        --root) [ $# -ge 2 ] || die "--root needs a directory"; ROOT=$2; shift 2 ;;
        --root=*) ROOT=${1#*=}; shift ;;
        -h | --help) usage; exit 0 ;;
        *) die "unknown argument '$1' (see ./deploy.sh --help)" ;;
    esac
done
case $MODE in
    docker | native) ;;
    *) die "unknown mode '$MODE': docker or native" ;;
esac
case $DRY_RUN in
    1 | true | yes) DRY_RUN=1 ;;
    0 | false | no | "") DRY_RUN=0 ;;
    *) die "PEERLINK_DRY_RUN must be 1 or 0, not '$DRY_RUN'" ;;
esac
if [ "$DRY_RUN" = 1 ]; then
    [ -n "$ROOT" ] || ROOT=$(mktemp -d /tmp/peerlink-dry-run.XXXXXX)
    mkdir -p "$ROOT"
    ROOT=$(cd "$ROOT" && pwd)
    note "dry run: everything is rendered under $ROOT; the system is not changed"
elif [ -n "$ROOT" ]; then
    die "--root only goes with --dry-run"
fi

ETC_DIR=$ROOT/etc/peerlink
APP_DIR=$ROOT/opt/peerlink/app
DATA_DIR=$ROOT/var/lib/peerlink
UNIT_FILE=$ROOT/etc/systemd/system/peerlink.service
MARKER=$ETC_DIR/deploy-mode
CREDENTIALS=$ETC_DIR/turn-credentials

SIGNAL_PUBLIC_PORT=${SIGNAL_PUBLIC_PORT:-443}
RELAY_PUBLIC_PORT=${RELAY_PUBLIC_PORT:-444}
SIGNAL_BACKEND_PORT=${SIGNAL_BACKEND_PORT:-3000}
RELAY_BACKEND_PORT=${RELAY_BACKEND_PORT:-4000}
ADMIN_BACKEND_PORT=${ADMIN_BACKEND_PORT:-9400}
TURN_PORT=${TURN_PORT:-3478}
TURNS_PORT=${TURNS_PORT:-5349}

SUDO=()

# Run a command that changes the system; a dry run only says what it would run.
run() {
    if [ "$DRY_RUN" = 1 ]; then
        note "would run: $*"
    else
        "$@"
    fi
}

as_root() { run "${SUDO[@]}" "$@"; }

# As root, keeping the variables the renderer reads (sudo drops the environment; a command line would show a
# password to every user of the host).
as_root_with_inputs() {
    if [ ${#SUDO[@]} -eq 0 ]; then
        run "$@"
    else
        run sudo --preserve-env=PUBLIC_HOST,PUBLIC_IP,TURN_USER,TURN_PASSWORD,TURN_SECRET "$@"
    fi
}

apt_install() {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

# --- stage 5: the system -------------------------------------------------------------------------------------

OS_ID="" OS_LIKE="" OS_CODENAME="" OS_NAME=""
check_os() {
    local file=${PEERLINK_OS_RELEASE:-/etc/os-release}
    [ -r "$file" ] || die "cannot read $file: deploy.sh supports Debian and Ubuntu"
    # shellcheck disable=SC1090 # os-release is shell syntax by specification
    OS_ID=$(. "$file" && printf '%s' "${ID:-}")
    # shellcheck disable=SC1090
    OS_LIKE=$(. "$file" && printf '%s' "${ID_LIKE:-}")
    # shellcheck disable=SC1090
    OS_CODENAME=$(. "$file" && printf '%s' "${UBUNTU_CODENAME:-${VERSION_CODENAME:-}}")
    # shellcheck disable=SC1090
    OS_NAME=$(. "$file" && printf '%s' "${PRETTY_NAME:-${ID:-unknown}}")
    case " $OS_ID $OS_LIKE " in
        *" debian "* | *" ubuntu "*) ;;
        *) die "this is $OS_NAME; deploy.sh supports Debian and Ubuntu (apt and systemd). Elsewhere, render the files with 'java -jar peerlink-launcher.jar infra render' and install them by hand (infra/README.md)." ;;
    esac
    note "system: $OS_NAME"
}

check_privileges() {
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=()
    elif ! command -v sudo >/dev/null 2>&1; then
        die "deploy.sh installs packages and services and needs root: run it as root (sudo is not installed)"
    elif ! sudo -n true 2>/dev/null; then
        die "deploy.sh needs root or passwordless sudo (sudo asks $(id -un) for a password, and the deploy runs unattended): run it as root, or allow this user sudo without a password"
    else
        SUDO=(sudo)
    fi
}

# From here on this host has a PeerLink deployment in $MODE (perhaps half done, if this run fails): a later
# run accepts our own services on their ports and knows which mode to stop when switching.
record_mode() {
    if [ "$DRY_RUN" = 1 ]; then
        mkdir -p "$ETC_DIR"
        printf '%s\n' "$MODE" >"$MARKER"
    else
        "${SUDO[@]}" install -d -m 0755 "$ETC_DIR"
        printf '%s\n' "$MODE" | "${SUDO[@]}" tee "$MARKER" >/dev/null
    fi
}

PREVIOUS_MODE=""
read_previous_mode() {
    if [ -r "$MARKER" ]; then
        PREVIOUS_MODE=$(head -n 1 "$MARKER")
    fi
}

# Switching modes: the other mode's services hold the ports.
stop_previous_mode() {
    if [ -z "$PREVIOUS_MODE" ] || [ "$PREVIOUS_MODE" = "$MODE" ]; then
        return 0
    fi
    note "switching from the $PREVIOUS_MODE deployment to $MODE: stopping the $PREVIOUS_MODE services"
    if [ "$PREVIOUS_MODE" = native ]; then
        as_root systemctl disable --now peerlink.service haproxy.service coturn.service
    elif command -v docker >/dev/null 2>&1; then
        as_root docker compose -p "$COMPOSE_PROJECT" -f "$ETC_DIR/docker-compose.yml" down
    fi
    PREVIOUS_MODE=""
}

# "NAME PID" of the process listening on a port, "? ?" if the owner is not visible, nothing if the port is free.
port_owner() {
    local proto=$1 port=$2 line name pid
    line=$("${SUDO[@]}" ss -H -l -n -p "-${proto:0:1}" "sport = :$port" 2>/dev/null | head -n 1) || true
    [ -n "$line" ] || return 0
    name=$(sed -n -E 's/.*users:\(\("([^"]+)",pid=([0-9]+).*/\1/p' <<<"$line")
    pid=$(sed -n -E 's/.*users:\(\("([^"]+)",pid=([0-9]+).*/\2/p' <<<"$line")
    printf '%s %s\n' "${name:-?}" "${pid:-?}"
}

check_ports() {
    command -v ss >/dev/null 2>&1 || apt_install iproute2
    local busy=() spec proto port ours owner name pid
    # our own services may hold their ports when we deployed before: this run replaces them
    for spec in "tcp $SIGNAL_PUBLIC_PORT haproxy" "tcp $RELAY_PUBLIC_PORT haproxy" \
                "tcp $SIGNAL_BACKEND_PORT java" "tcp $RELAY_BACKEND_PORT java" "tcp $ADMIN_BACKEND_PORT java" \
                "tcp $TURN_PORT turnserver" "udp $TURN_PORT turnserver" \
                "tcp $TURNS_PORT turnserver" "udp $TURNS_PORT turnserver"; do
        read -r proto port ours <<<"$spec"
        owner=$(port_owner "$proto" "$port")
        [ -n "$owner" ] || continue
        read -r name pid <<<"$owner"
        if [ -n "$PREVIOUS_MODE" ] && [ "$name" = "$ours" ]; then
            continue
        fi
        if [ "$name" = "?" ]; then
            busy+=("port $port/$proto is in use (by a process this user cannot see)")
        else
            busy+=("port $port/$proto is in use by $name (pid $pid)")
        fi
    done
    if [ ${#busy[@]} -gt 0 ]; then
        printf 'deploy.sh: error: %s\n' "${busy[@]}"
        die "stop what holds these ports, or choose others (SIGNAL_PUBLIC_PORT, RELAY_PUBLIC_PORT, SIGNAL_BACKEND_PORT, RELAY_BACKEND_PORT, ADMIN_BACKEND_PORT, TURN_PORT, TURNS_PORT)"
    fi
}

is_ipv4() { [[ $1 =~ ^([0-9]{1,3}\.){3}[0-9]{1,3}$ ]]; }
is_private_ipv4() { [[ $1 =~ ^(10\.|127\.|169\.254\.|192\.168\.|172\.(1[6-9]|2[0-9]|3[01])\.|100\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\.) ]]; }

# The address TURN must announce. The route's source address is right on a host with a public interface; behind
# NAT (most clouds) it is private, and an echo service tells the public one.
detect_public_ip() {
    local routed="" echoed=""
    routed=$(ip -4 route get 1.1.1.1 2>/dev/null | sed -n -E 's/.* src ([0-9.]+).*/\1/p' | head -n 1) || true
    if [ -n "$routed" ] && is_ipv4 "$routed" && ! is_private_ipv4 "$routed"; then
        printf '%s\n' "$routed"
        return 0
    fi
    echoed=$(curl -fsS --max-time 5 https://api.ipify.org 2>/dev/null) || true
    if is_ipv4 "$echoed"; then
        printf '%s\n' "$echoed"
        return 0
    fi
    [ -n "$routed" ] || routed=$(hostname -I 2>/dev/null | awk '{ print $1 }') || true
    if [ -n "$routed" ] && is_ipv4 "$routed"; then
        note "warning: only the private address $routed was found; TURN announces it (set PUBLIC_IP if the host is reachable elsewhere)"
        printf '%s\n' "$routed"
        return 0
    fi
    return 1
}

resolve_inputs() {
    if [ -z "${PUBLIC_IP:-}" ]; then
        if is_ipv4 "${PUBLIC_HOST:-}" || [[ ${PUBLIC_HOST:-} == *:* ]]; then
            PUBLIC_IP=$PUBLIC_HOST
        else
            PUBLIC_IP=$(detect_public_ip) || die "cannot detect the public IP; set PUBLIC_IP"
            note "public IP: $PUBLIC_IP (detected)"
        fi
    fi
    PUBLIC_HOST=${PUBLIC_HOST:-$PUBLIC_IP}
    export PUBLIC_HOST PUBLIC_IP
}

# --- stage 6: prerequisites ----------------------------------------------------------------------------------

install_docker() {
    if command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
        note "docker and docker compose are installed"
        return 0
    fi
    # Docker's own repository: Debian's docker.io has no compose v2 plugin
    local family=debian
    case " $OS_ID $OS_LIKE " in *" ubuntu "*) family=ubuntu ;; esac
    [ -n "$OS_CODENAME" ] || die "cannot tell the $OS_NAME release for Docker's apt repository"
    apt_install ca-certificates curl
    as_root install -m 0755 -d /etc/apt/keyrings
    as_root curl -fsSL "https://download.docker.com/linux/$family/gpg" -o /etc/apt/keyrings/docker.asc
    local arch
    arch=$(dpkg --print-architecture)
    run_tee "/etc/apt/sources.list.d/docker.list" \
        "deb [arch=$arch signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/$family $OS_CODENAME stable"
    as_root apt-get update -q
    apt_install docker-ce docker-ce-cli containerd.io docker-buildx-plugin docker-compose-plugin
    as_root systemctl enable --now docker.service
}

# Write one line to a root-owned file.
run_tee() {
    if [ "$DRY_RUN" = 1 ]; then
        note "would write $1: $2"
    else
        printf '%s\n' "$2" | "${SUDO[@]}" tee "$1" >/dev/null
    fi
}

JAVA_BIN=""
# Debian 13 and Ubuntu 24.04 have OpenJDK 21 in their archive; Debian 12 does not, so it comes from Eclipse
# Temurin's apt repository (packages.adoptium.net).
install_jdk() {
    # shellcheck source=scripts/find-jdk.sh
    . "$SRC_DIR/scripts/find-jdk.sh"
    if peerlink_find_jdk 2>/dev/null; then
        note "JDK: $JAVA_HOME"
    elif [ "$DRY_RUN" = 1 ]; then
        die "a dry run renders with the local JDK, and there is no JDK 21+ here"
    else
        if apt-cache show openjdk-21-jdk-headless >/dev/null 2>&1; then
            apt_install openjdk-21-jdk-headless
        else
            note "no JDK 21 in the $OS_NAME archive: installing Eclipse Temurin 21 from packages.adoptium.net"
            apt_install ca-certificates curl
            as_root install -m 0755 -d /etc/apt/keyrings
            as_root curl -fsSL https://packages.adoptium.net/artifactory/api/gpg/key/public -o /etc/apt/keyrings/adoptium.asc
            run_tee /etc/apt/sources.list.d/adoptium.list \
                "deb [signed-by=/etc/apt/keyrings/adoptium.asc] https://packages.adoptium.net/artifactory/deb $OS_CODENAME main"
            as_root apt-get update -q
            apt_install temurin-21-jdk
        fi
        peerlink_find_jdk || die "the JDK was installed but is not found under /usr/lib/jvm"
    fi
    JAVA_BIN=$JAVA_HOME/bin/java
}

# --- stage 7: build ------------------------------------------------------------------------------------------

build_jar() {
    command -v mvn >/dev/null 2>&1 || die "Maven is needed to build the launcher (apt-get install maven)"
    note "building the launcher with Maven (tests are CI's job)"
    (cd "$SRC_DIR" && JAVA_HOME=$JAVA_HOME mvn -B -q -DskipTests -pl peerlink-launcher -am package) ||
        die "the Maven build failed"
}

install_app() {
    local target=$APP_DIR
    if [ "$DRY_RUN" = 1 ]; then
        mkdir -p "$target"
        rm -rf "$target/libs"
        cp -R "$SRC_DIR/peerlink-launcher/target/libs" "$target/libs"
        cp "$SRC_DIR/peerlink-launcher/target/peerlink-launcher.jar" "$SRC_DIR/peerlink-launcher/jvm.options" "$target/"
        return 0
    fi
    # libs/ is replaced as a whole, so no jar of an older version stays on the class path
    "${SUDO[@]}" install -d -m 0755 "$target"
    "${SUDO[@]}" rm -rf "$target/libs.new"
    "${SUDO[@]}" cp -R "$SRC_DIR/peerlink-launcher/target/libs" "$target/libs.new"
    "${SUDO[@]}" rm -rf "$target/libs"
    "${SUDO[@]}" mv "$target/libs.new" "$target/libs"
    "${SUDO[@]}" install -m 0644 "$SRC_DIR/peerlink-launcher/target/peerlink-launcher.jar" \
        "$SRC_DIR/peerlink-launcher/jvm.options" "$target/"
}

# --- stage 8: certificate and files --------------------------------------------------------------------------

# The wizard passes TURN_USER/TURN_PASSWORD. Without them, one generated password is kept for every later run.
resolve_turn_credentials() {
    if [ -n "${TURN_SECRET:-}" ]; then
        export TURN_SECRET
        return 0
    fi
    local saved_user="" saved_password=""
    if [ -r "$CREDENTIALS" ] || { [ "$DRY_RUN" = 0 ] && "${SUDO[@]}" test -r "$CREDENTIALS"; }; then
        saved_user=$("${SUDO[@]}" sed -n 's/^TURN_USER=//p' "$CREDENTIALS")
        saved_password=$("${SUDO[@]}" sed -n 's/^TURN_PASSWORD=//p' "$CREDENTIALS")
    fi
    TURN_USER=${TURN_USER:-${saved_user:-peerlink}}
    if [ -z "${TURN_PASSWORD:-}" ]; then
        TURN_PASSWORD=$saved_password
    fi
    if [ -z "$TURN_PASSWORD" ]; then
        TURN_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 24)
        note "generated a TURN password for user $TURN_USER"
    fi
    export TURN_USER TURN_PASSWORD
    local text
    text=$(printf '# TURN long-term credentials of this deployment (kept across runs of deploy.sh)\nTURN_USER=%s\nTURN_PASSWORD=%s\n' \
        "$TURN_USER" "$TURN_PASSWORD")
    (umask 077 && printf '%s\n' "$text" | "${SUDO[@]}" tee "$CREDENTIALS" >/dev/null)
    "${SUDO[@]}" chmod 0600 "$CREDENTIALS"
}

render_args() {
    RENDER_ARGS=(infra render --public-host "$PUBLIC_HOST" --public-ip "$PUBLIC_IP" --out "$ETC_DIR"
        --signal-public-port "$SIGNAL_PUBLIC_PORT" --relay-public-port "$RELAY_PUBLIC_PORT"
        --signal-backend-port "$SIGNAL_BACKEND_PORT" --relay-backend-port "$RELAY_BACKEND_PORT"
        --admin-backend-port "$ADMIN_BACKEND_PORT"
        --turn-port "$TURN_PORT" --turns-port "$TURNS_PORT"
        --data-dir "$DATA_DIR" --app-dir "$APP_DIR" --source-dir "$SRC_DIR" --image "$IMAGE")
    [ -z "${TURN_MIN_PORT:-}" ] || RENDER_ARGS+=(--turn-min-port "$TURN_MIN_PORT")
    [ -z "${TURN_MAX_PORT:-}" ] || RENDER_ARGS+=(--turn-max-port "$TURN_MAX_PORT")
    [ -z "${WS_IDLE_TIMEOUT:-}" ] || RENDER_ARGS+=(--ws-idle-timeout "$WS_IDLE_TIMEOUT")
    [ -z "$JAVA_BIN" ] || RENDER_ARGS+=(--java "$JAVA_BIN")
    if [ -n "${PEERLINK_RENDER_ARGS:-}" ]; then
        local extra=()
        read -r -a extra <<<"$PEERLINK_RENDER_ARGS"
        RENDER_ARGS+=("${extra[@]}")
    fi
}

IMPORT_LINK=""
render_files() {
    if [ "$DRY_RUN" = 1 ]; then
        mkdir -p "$ETC_DIR"
    else
        "${SUDO[@]}" install -d -m 0755 "$ETC_DIR"
    fi
    resolve_turn_credentials
    render_args
    if [ "$MODE" = docker ] && [ "$DRY_RUN" = 0 ]; then
        # the image renders: a Docker host needs no JDK of its own
        as_root_with_inputs docker run --rm --user 0:0 \
            -e PUBLIC_HOST -e PUBLIC_IP -e TURN_USER -e TURN_PASSWORD -e TURN_SECRET \
            -v "$ETC_DIR:$ETC_DIR" "$IMAGE" "${RENDER_ARGS[@]}" || die "infra render failed (see above)"
    elif [ "$DRY_RUN" = 1 ]; then
        "$JAVA_BIN" -jar "$APP_DIR/peerlink-launcher.jar" "${RENDER_ARGS[@]}" || die "infra render failed (see above)"
    else
        as_root_with_inputs "$JAVA_BIN" -jar "$APP_DIR/peerlink-launcher.jar" "${RENDER_ARGS[@]}" ||
            die "infra render failed (see above)"
    fi
    # coturn reads the key and its config as its own user: turnserver on Debian, nobody/nogroup in the image
    local group=turnserver
    [ "$MODE" = native ] || group=65534
    as_root chgrp "$group" "$ETC_DIR/tls/privkey.pem" "$ETC_DIR/turnserver.conf"
    as_root chmod 0640 "$ETC_DIR/tls/privkey.pem" "$ETC_DIR/turnserver.conf"
    # read now, printed after the last stage line: nothing may fail after "Deployment complete!"
    IMPORT_LINK=$("${SUDO[@]}" cat "$ETC_DIR/import-link.txt") || die "infra render wrote no $ETC_DIR/import-link.txt"
}

# --- stages 9 and 10: HAProxy and coturn ---------------------------------------------------------------------

# Copy a rendered file to where a Debian package reads it; the package's own version is kept once, beside it.
install_config() {
    local from=$1 to=$2 mode=$3 group=$4
    if [ "$DRY_RUN" = 1 ]; then
        mkdir -p "$(dirname "$to")"
        install -m "$mode" "$from" "$to"
        return 0
    fi
    if [ -e "$to" ] && [ ! -e "$to.before-peerlink" ] && ! "${SUDO[@]}" grep -q 'infra render' "$to"; then
        "${SUDO[@]}" cp -p "$to" "$to.before-peerlink"
    fi
    "${SUDO[@]}" install -m "$mode" -g "$group" "$from" "$to"
}

check_haproxy_config() {
    local cfg=$1
    if command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ]; then
        PATH=$PATH:/usr/sbin haproxy -c -q -f "$cfg" || die "haproxy -c rejects $cfg"
        note "haproxy -c accepts $cfg"
    elif [ "$MODE" = docker ] && [ "$DRY_RUN" = 0 ]; then
        as_root docker run --rm -v "$cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" -v "$ETC_DIR/tls:$ETC_DIR/tls:ro" \
            haproxy:2.8 haproxy -c -q -f /usr/local/etc/haproxy/haproxy.cfg || die "haproxy -c rejects $cfg"
    else
        note "haproxy is not installed here: $cfg is not checked"
    fi
}

configure_haproxy() {
    if [ "$MODE" = native ]; then
        install_config "$ETC_DIR/haproxy.cfg" "$ROOT/etc/haproxy/haproxy.cfg" 0644 root
        check_haproxy_config "$ROOT/etc/haproxy/haproxy.cfg"
        as_root systemctl enable haproxy.service
        # a reload keeps the open WebSockets on the old process until they close
        as_root systemctl reload-or-restart haproxy.service
    else
        check_haproxy_config "$ETC_DIR/haproxy.cfg"
    fi
}

configure_coturn() {
    if [ "$MODE" = native ]; then
        install_config "$ETC_DIR/turnserver.conf" "$ROOT/etc/turnserver.conf" 0640 turnserver
        as_root systemctl enable coturn.service
        as_root systemctl restart coturn.service
    else
        as_root docker compose -p "$COMPOSE_PROJECT" -f "$ETC_DIR/docker-compose.yml" pull coturn haproxy
    fi
}

# --- start and verify ----------------------------------------------------------------------------------------

start_native_launcher() {
    if [ "$DRY_RUN" = 1 ]; then
        mkdir -p "$(dirname "$UNIT_FILE")" "$DATA_DIR"
        install -m 0644 "$ETC_DIR/peerlink.service" "$UNIT_FILE"
        if command -v systemd-analyze >/dev/null 2>&1; then
            local out
            out=$(systemd-analyze verify "$UNIT_FILE" 2>&1) || die "systemd-analyze rejects $UNIT_FILE: $out"
            [ -z "$out" ] || die "systemd-analyze complains about $UNIT_FILE: $out"
            note "systemd-analyze verify accepts $UNIT_FILE"
        fi
    else
        "${SUDO[@]}" install -m 0644 "$ETC_DIR/peerlink.service" "$UNIT_FILE"
    fi
    if ! id peerlink >/dev/null 2>&1; then
        as_root useradd --system --home-dir "$DATA_DIR" --no-create-home --shell /usr/sbin/nologin peerlink
    fi
    as_root install -d -o peerlink -g peerlink -m 0750 "$DATA_DIR"
    as_root systemctl daemon-reload
    as_root systemctl enable peerlink.service
    as_root systemctl restart peerlink.service
}

start_docker() {
    local compose=("$ETC_DIR/docker-compose.yml")
    if [ "$DRY_RUN" = 1 ]; then
        if command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
            docker compose -p "$COMPOSE_PROJECT" -f "${compose[0]}" config -q || die "docker compose rejects ${compose[0]}"
            note "docker compose config accepts ${compose[0]}"
        elif command -v docker-compose >/dev/null 2>&1; then
            docker-compose -p "$COMPOSE_PROJECT" -f "${compose[0]}" config -q || die "docker-compose rejects ${compose[0]}"
            note "docker-compose config accepts ${compose[0]}"
        else
            note "no docker compose here: ${compose[0]} is not checked"
        fi
    fi
    # --force-recreate: the renderer replaces haproxy.cfg and turnserver.conf by a new file, and a running
    # container keeps the one it mounted; a new container reads what was just rendered (as native mode restarts)
    as_root docker compose -p "$COMPOSE_PROJECT" -f "${compose[0]}" up -d --remove-orphans --force-recreate
}

# What the wizard checks next: https://HOST:444/health and wss://HOST:443, here from the host itself, trusting
# exactly the rendered certificate.
verify() {
    if [ "$DRY_RUN" = 1 ]; then
        note "would check https://$PUBLIC_HOST:$RELAY_PUBLIC_PORT/health and wss://$PUBLIC_HOST:$SIGNAL_PUBLIC_PORT"
        return 0
    fi
    local url_host=$PUBLIC_HOST cacert health="" upgrade="" turn="" i
    [[ $url_host != *:* ]] || url_host="[$url_host]"
    cacert=$(mktemp)
    "${SUDO[@]}" cat "$ETC_DIR/tls/fullchain.pem" >"$cacert"
    # HAProxy may have marked a backend down while the launcher was starting; its checks bring it back
    for i in $(seq 1 90); do
        health=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 3 --cacert "$cacert" --connect-to "::127.0.0.1:" \
            "https://$url_host:$RELAY_PUBLIC_PORT/health" 2>/dev/null) || true
        # curl waits for data after the 101 until --max-time; the status is what counts
        upgrade=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 2 --http1.1 --cacert "$cacert" \
            --connect-to "::127.0.0.1:" -H 'Connection: Upgrade' -H 'Upgrade: websocket' \
            -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: cGVlcmxpbmstaGVhbHRoIQ==' \
            "https://$url_host:$SIGNAL_PUBLIC_PORT/" 2>/dev/null) || true
        turn=$(port_owner udp "$TURN_PORT")
        if [ "$health" = 200 ] && [ "$upgrade" = 101 ] && [ -n "$turn" ]; then
            break
        fi
        sleep 1
    done
    rm -f "$cacert"
    [ "$health" = 200 ] || die "https://$PUBLIC_HOST:$RELAY_PUBLIC_PORT/health answers HTTP $health after ${i} s (logs: journalctl -u peerlink -u haproxy, or docker compose -p $COMPOSE_PROJECT logs)"
    [ "$upgrade" = 101 ] || die "wss://$PUBLIC_HOST:$SIGNAL_PUBLIC_PORT does not upgrade to a WebSocket (HTTP $upgrade) after ${i} s"
    [ -n "$turn" ] || die "coturn does not listen on $TURN_PORT/udp (journalctl -u coturn, or docker compose -p $COMPOSE_PROJECT logs coturn)"
    note "relay (HTTP 200 on /health), signal (WebSocket upgrade) and TURN ($TURN_PORT/udp) answer through the rendered files"
}

summary() {
    local auth
    if [ -n "${TURN_SECRET:-}" ]; then
        auth="time-limited credentials from TURN_SECRET"
    else
        auth="user $TURN_USER, password in $CREDENTIALS"
    fi
    local what="PeerLink is deployed ($MODE)"
    [ "$DRY_RUN" = 0 ] || what="Dry run of the $MODE deployment, rendered under $ROOT"
    cat <<EOF
$what:
  relay   https://$PUBLIC_HOST:$RELAY_PUBLIC_PORT   (GET /health, POST /relay/probe)
  signal  wss://$PUBLIC_HOST:$SIGNAL_PUBLIC_PORT
  TURN    turn:$PUBLIC_HOST:$TURN_PORT  turns:$PUBLIC_HOST:$TURNS_PORT  ($auth)
  certificate $ETC_DIR/tls/fullchain.pem - self-signed: each device trusts it once; redeploying keeps it
  import link $ETC_DIR/import-link.txt (printed below)
EOF
}

# The app's wizard deploys only the original project, so a deploy by hand reaches the app through this link
# (PROTOCOL.md section 4). It is the one stdout line that is no stage line, and the last, so
# `./deploy.sh 2>/dev/null | tail -n 1` is the link; the wizard skips stdout lines that are no stage lines.
print_import_link() {
    local holds="it holds the TURN password, so send it only to your own devices"
    [ -z "${TURN_SECRET:-}" ] || holds="it has no TURN entries: with TURN_SECRET, TURN takes only time-limited credentials, which the app cannot renew"
    if "${SUDO[@]}" test -s "$ETC_DIR/import-link-qr.txt"; then
        note "scan this QR code with the app's import screen (also $ETC_DIR/import-link.png):"
        "${SUDO[@]}" cat "$ETC_DIR/import-link-qr.txt" >&2
    fi
    note "to import these servers into the PeerLink app, open this link on the device that runs the app (send it to yourself, then tap it); $holds:"
    printf '%s\n' "$IMPORT_LINK" >&3
}

# --- main ----------------------------------------------------------------------------------------------------

stage 5 "Checking the system and installing base packages"
check_os
[ "$DRY_RUN" = 1 ] || check_privileges
read_previous_mode
stop_previous_mode
check_ports
resolve_inputs
record_mode
as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
apt_install ca-certificates curl git iproute2

if [ "$MODE" = docker ]; then
    stage 6 "Installing Docker"
    if [ "$DRY_RUN" = 1 ]; then
        note "would install Docker Engine and the compose plugin unless present"
    else
        install_docker
    fi
    stage 7 "Building the PeerLink image"
    as_root env DOCKER_BUILDKIT=1 docker build -f "$SRC_DIR/infra/Dockerfile" -t "$IMAGE" "$SRC_DIR"
    if [ "$DRY_RUN" = 1 ]; then
        # no Docker daemon needed for a dry run: the local JDK builds and runs the renderer the image would run
        install_jdk
        build_jar
        install_app
    fi
else
    stage 6 "Installing Java 21, Maven, HAProxy and coturn"
    install_jdk
    apt_install maven haproxy coturn
    stage 7 "Building and installing the PeerLink server"
    build_jar
    install_app
fi

stage 8 "Creating the TLS certificate and the configuration"
render_files

stage 9 "Configuring HAProxy"
configure_haproxy

stage 10 "Configuring TURN (coturn)"
configure_coturn

if [ "$MODE" = native ]; then
    start_native_launcher
else
    start_docker
fi
verify
summary
stage 11 "Deployment complete!"
print_import_link
