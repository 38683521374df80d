#!/usr/bin/env bash
# Prepare a fresh Debian or Ubuntu host, fetch PeerLink Servers for Java and run its deploy.sh:
#
#   bootstrap.sh [REPO_URL] [REF] [DIR]
#   curl -fsSL https://HOST/PATH/bootstrap.sh | bash -s -- REPO_URL [REF] [DIR]
#
#   REPO_URL  git repository to clone (or PEERLINK_REPO_URL); required: no public default is published yet
#   REF       branch, tag or commit (default main)
#   DIR       checkout directory (default /opt/peerlink/source); an existing checkout is updated
#
# Everything else is deploy.sh's: PUBLIC_HOST, PUBLIC_IP, TURN_USER, TURN_PASSWORD, PEERLINK_MODE, ... are
# passed on through the environment. PEERLINK_SKIP_UPGRADE=1 skips the apt-get upgrade of stage 2.
# PEERLINK_DRY_RUN=1 (with PEERLINK_ROOT=DIR) makes it a dry run: only the clone is real, into DIR.
# stdout carries the progress lines __PEERLINK_STAGE__:<n>:<text>: 2 to 4 here, then deploy.sh's 5 to 11 and,
# last, deploy.sh's link that imports the deployment into the app.
set -euo pipefail

exec 3>&1 1>&2

stage() { printf '__PEERLINK_STAGE__:%s:%s\n' "$1" "$2" >&3; }
note() { printf 'bootstrap.sh: %s\n' "$*"; }
die() {
    printf 'bootstrap.sh: error: %s\n' "$*"
    exit 1
}

case ${1:-} in
    -h | --help)
        sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
        exit 0
        ;;
esac

REPO_URL=${1:-${PEERLINK_REPO_URL:-}}
REF=${2:-${PEERLINK_REF:-main}}
DRY_RUN=${PEERLINK_DRY_RUN:-0}
case $DRY_RUN in
    1 | true | yes) DRY_RUN=1 ;;
    *) DRY_RUN=0 ;;
esac
DEFAULT_DIR=/opt/peerlink/source
if [ "$DRY_RUN" = 1 ]; then
    [ -n "${PEERLINK_ROOT:-}" ] || PEERLINK_ROOT=$(mktemp -d /tmp/peerlink-dry-run.XXXXXX)
    export PEERLINK_ROOT PEERLINK_DRY_RUN=1
    DEFAULT_DIR=$PEERLINK_ROOT/opt/peerlink/source
fi
DIR=${3:-${PEERLINK_DIR:-$DEFAULT_DIR}}
[ -n "$REPO_URL" ] || die "which repository? bootstrap.sh REPO_URL [REF] [DIR] (or set PEERLINK_REPO_URL)"

SUDO=()
if [ "$DRY_RUN" = 0 ] && [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO=(sudo)
    else
        die "bootstrap.sh installs packages and needs root or passwordless sudo: run it as root"
    fi
fi

run() {
    if [ "$DRY_RUN" = 1 ]; then
        note "would run: $*"
    else
        "$@"
    fi
}

stage 2 "Updating the system"
os_release=${PEERLINK_OS_RELEASE:-/etc/os-release}
if ! { [ -r "$os_release" ] && grep -qE '^(ID|ID_LIKE)=.*(debian|ubuntu)' "$os_release"; }; then
    die "PeerLink's deploy supports Debian and Ubuntu (apt and systemd)"
fi
run "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
if [ "${PEERLINK_SKIP_UPGRADE:-0}" != 1 ]; then
    run "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get upgrade -y -q
fi
run "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q git ca-certificates curl
[ "$DRY_RUN" = 0 ] || command -v git >/dev/null 2>&1 || die "a dry run needs git here"

stage 3 "Downloading PeerLink ($REF)"
# The checkout belongs to the user who runs this, so deploy.sh can build in it without root.
if [ ! -d "$DIR" ]; then
    if ! mkdir -p "$DIR" 2>/dev/null; then
        "${SUDO[@]}" install -d -o "$(id -u)" -g "$(id -g)" "$DIR"
    fi
fi
if [ -d "$DIR/.git" ]; then
    note "updating the checkout in $DIR"
    git -C "$DIR" remote set-url origin "$REPO_URL"
else
    [ -z "$(ls -A "$DIR")" ] || die "$DIR exists and is not a git checkout; choose another DIR"
    git clone --quiet "$REPO_URL" "$DIR"
fi
git -C "$DIR" fetch --quiet --tags --force origin
if git -C "$DIR" rev-parse -q --verify "origin/$REF^{commit}" >/dev/null; then
    target=origin/$REF
else
    target=$REF
fi
git -C "$DIR" -c advice.detachedHead=false checkout --quiet --detach "$target" ||
    die "cannot check out '$REF' in $DIR (local changes? unknown ref?)"
note "at $(git -C "$DIR" log -1 --format='%h %s')"

stage 4 "Running deploy.sh"
# with the real stdout again: deploy.sh prints the stage lines 5 to 11 and the import link there
exec "$DIR/deploy.sh" >&3 3>&-
