#!/usr/bin/env bash
# Licensed under the MIT License. See LICENSE in the repository root.
#
# Starts a local Docker Engine in Swarm mode for Sticky's Docker integration tests. Idempotent:
# installs docker.io when dockerd is missing, starts dockerd when it is not answering, and
# initialises a single-node swarm when the engine is not part of one yet.
set -euo pipefail

SOCKET=/var/run/docker.sock
LOG=/tmp/dockerd.log
PIDFILE=/var/run/docker.pid

log() { printf '[start-dockerd] %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

engine_up() {
    docker version --format '{{.Server.Version}}' >/dev/null 2>&1
}

install_docker() {
    if command -v dockerd >/dev/null 2>&1; then
        return
    fi
    log "dockerd not found; installing docker.io"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker.io
}

wait_for_socket() {
    local tries=$1
    for _ in $(seq "$tries"); do
        if [ -S "$SOCKET" ] && engine_up; then
            return 0
        fi
        if [ -n "${DOCKERD_PID:-}" ] && ! kill -0 "$DOCKERD_PID" 2>/dev/null; then
            return 1
        fi
        sleep 0.5
    done
    return 1
}

start_dockerd() {
    # A stale pid file from a daemon that died makes the next start fail, so drop it when its
    # process is gone.
    if [ -f "$PIDFILE" ] && ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
        as_root rm -f "$PIDFILE"
    fi
    log "starting dockerd (log: $LOG)"
    # setsid so the daemon outlives the shell (and the test run) that started it.
    as_root setsid dockerd >>"$LOG" 2>&1 < /dev/null &
    DOCKERD_PID=$!
}

install_docker

if engine_up; then
    log "engine already running"
else
    started=false
    for attempt in 1 2 3; do
        start_dockerd
        if wait_for_socket 120; then
            started=true
            break
        fi
        # Right after a stop, dockerd sometimes gives up with "timeout waiting for containerd";
        # a few seconds' pause and a clean pid file make the next start succeed.
        log "dockerd did not come up (attempt $attempt); last log lines:"
        tail -n 5 "$LOG" >&2 || true
        kill "$DOCKERD_PID" 2>/dev/null || true
        sleep 3
        as_root rm -f "$PIDFILE"
    done
    if [ "$started" != true ]; then
        log "giving up: dockerd did not start, see $LOG"
        exit 1
    fi
    log "engine up: $(docker version --format '{{.Server.Version}}')"
fi

state=$(docker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || echo unknown)
if [ "$state" = "active" ]; then
    log "already in a swarm"
else
    log "initialising swarm (state was: $state)"
    docker swarm init --advertise-addr 127.0.0.1 >/dev/null
fi
log "ready: swarm $(docker info --format '{{.Swarm.LocalNodeState}} node {{.Swarm.NodeID}}')"
