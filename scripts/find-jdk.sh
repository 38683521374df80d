#!/usr/bin/env bash
# Sourced by scripts that build or run PeerLink: exports JAVA_HOME pointing at a JDK >= 21
# (JAVA_HOME itself when it qualifies, else the newest suitable one under /usr/lib/jvm).

java_major() { # prints the feature version of the java binary $1, or nothing
    "$1" -version 2>&1 | sed -n -E '1s/.*version "([0-9]+)(\.[^"]*)?".*/\1/p'
}

peerlink_find_jdk() {
    local candidate best="" best_major=0 major
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
        major=$(java_major "$JAVA_HOME/bin/java")
        if [ "${major:-0}" -ge 21 ]; then
            return 0
        fi
        echo "JAVA_HOME=$JAVA_HOME is Java ${major:-unknown}; looking under /usr/lib/jvm for a JDK >= 21" >&2
    fi
    for candidate in /usr/lib/jvm/*; do
        [ -x "$candidate/bin/javac" ] || continue
        major=$(java_major "$candidate/bin/java")
        if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
            best=$candidate
            best_major=$major
        fi
    done
    if [ -z "$best" ]; then
        cat >&2 <<'MSG'
PeerLink Servers needs a JDK 21 or newer (Helidon 4), and none was found
(JAVA_HOME unset or older, nothing suitable under /usr/lib/jvm).
Install one, for example:
  Debian 13 / Ubuntu 24.04:  sudo apt-get install openjdk-21-jdk-headless
  Debian 12:                 Eclipse Temurin 21 from https://adoptium.net (apt repository packages.adoptium.net)
then run this again, or set JAVA_HOME to its directory.
MSG
        return 1
    fi
    export JAVA_HOME=$best
}
