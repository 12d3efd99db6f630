#!/usr/bin/env bash
# Licensed under the MIT License. See LICENSE in the repository root.
#
# The Swarm sticky-session tutorial's commands, with Sticky in place of Traefik v1.
#
#   samples/swarm/create-services.sh        create the network and both services, wait until Sticky routes
#   samples/swarm/create-services.sh down   remove them again
#
# Settings (environment):
#   WHOAMI_IMAGE   the demo application (tutorial: jwilder/whoami); default sticky-test/busybox:latest,
#                  which eng/docker/make-test-image.sh builds without a registry and which answers
#                  "I'm <hostname>" on port 8000 like jwilder/whoami
#   STICKY_IMAGE   the balancer image; default sticky:local (eng/docker/build-image.sh)
#   NETWORK        the overlay network; default whoaminet
#   REPLICAS       whoami replicas; default 3. The tutorial uses --mode global on two nodes; on a one-node
#                  swarm that is a single task, and stickiness needs at least two. REPLICAS=global gives
#                  the tutorial's global mode.
#   PROXY_PORT     where Sticky's port 80 is published; default 8080, as in the tutorial
#   ADMIN_PORT     where Sticky's admin port 8080 (/ping) is published; default 9090, as in the tutorial
#   PUBLISH_MODE   ingress (the tutorial's -p, the routing mesh) or host; default host, because the routing
#                  mesh is not reachable on 127.0.0.1 on every machine (it is on a normal cluster)
#   WHOAMI_PORT    publish whoami's port 8000 directly too, as the tutorial's "80:8000" does to show Swarm's
#                  own round-robin; default: not published
set -euo pipefail

WHOAMI_IMAGE=${WHOAMI_IMAGE:-sticky-test/busybox:latest}
STICKY_IMAGE=${STICKY_IMAGE:-sticky:local}
NETWORK=${NETWORK:-whoaminet}
REPLICAS=${REPLICAS:-3}
PROXY_PORT=${PROXY_PORT:-8080}
ADMIN_PORT=${ADMIN_PORT:-9090}
PUBLISH_MODE=${PUBLISH_MODE:-host}
WHOAMI_PORT=${WHOAMI_PORT:-}

log() { printf '[create-services] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if [ "${1:-up}" = down ]; then
    docker service rm sticky whoami-service 2>/dev/null || true
    # The network can only go once the tasks have stopped (up to their stop grace period, 10 s by default).
    for _ in $(seq 60); do
        docker network rm "$NETWORK" >/dev/null 2>&1 && break
        docker network inspect "$NETWORK" >/dev/null 2>&1 || break
        sleep 0.5
    done
    log "removed sticky, whoami-service and $NETWORK"
    exit 0
fi

[ "$(docker info --format '{{.Swarm.ControlAvailable}}' 2>/dev/null)" = true ] \
    || die "this Docker engine is not a swarm manager (docker swarm init, or eng/docker/start-dockerd.sh)"

# A swarm agent tries to pull an image named by tag from its registry for every task it starts. An image
# that only exists locally (docker import, docker build; no RepoDigests) is named by its ID instead,
# which is never pulled. Images from a registry are used by name, as in the tutorial.
resolve() {
    local image=$1
    if docker image inspect "$image" >/dev/null 2>&1; then
        if [ "$(docker image inspect --format '{{len .RepoDigests}}' "$image")" = 0 ]; then
            docker image inspect --format '{{.Id}}' "$image"
            return
        fi
    fi
    echo "$image"
}
whoami=$(resolve "$WHOAMI_IMAGE")
sticky=$(resolve "$STICKY_IMAGE")

publish() { # target published
    if [ "$PUBLISH_MODE" = ingress ]; then echo "$2:$1"; else echo "mode=host,target=$1,published=$2"; fi
}

if [ "$REPLICAS" = global ]; then mode=(--mode global); else mode=(--replicas "$REPLICAS"); fi
whoami_publish=()
if [ -n "$WHOAMI_PORT" ]; then whoami_publish=(--publish "$(publish 8000 "$WHOAMI_PORT")"); fi

# sudo docker network create whoaminet -d overlay
docker network inspect "$NETWORK" >/dev/null 2>&1 || docker network create "$NETWORK" -d overlay --attachable >/dev/null
log "network $NETWORK"

# sudo docker service create --name whoami-service --mode global --network whoaminet --publish "80:8000" jwilder/whoami
docker service create --detach --no-resolve-image --name whoami-service "${mode[@]}" --network "$NETWORK" \
    "${whoami_publish[@]}" "$whoami" >/dev/null
log "whoami-service ($WHOAMI_IMAGE, ${mode[*]})"

# sudo docker service update --label-add ... whoami-service: the tutorial's four labels, unchanged.
docker service update --detach --label-add "traefik.docker.network=$NETWORK" --label-add "traefik.port=8000" \
    --label-add "traefik.frontend.rule=PathPrefix:/" --label-add "traefik.backend.loadbalancer.stickiness=true" \
    whoami-service >/dev/null
log "labels added to whoami-service"

# sudo docker service create --name traefik -p8080:80 -p9090:8080 --mount ... --mode=global
#     --constraint 'node.role == manager' --network whoaminet traefik --docker --docker.swarmmode --docker.watch --web --loglevel=DEBUG
docker service create --detach --no-resolve-image --name sticky \
    --publish "$(publish 80 "$PROXY_PORT")" --publish "$(publish 8080 "$ADMIN_PORT")" \
    --mount type=bind,source=/var/run/docker.sock,destination=/var/run/docker.sock \
    --mode=global --constraint 'node.role == manager' --network "$NETWORK" \
    "$sticky" --docker --docker.swarmmode --docker.watch --web --loglevel=DEBUG >/dev/null
log "sticky ($STICKY_IMAGE) publishing $PROXY_PORT (proxy) and $ADMIN_PORT (admin), $PUBLISH_MODE mode"

log "waiting for Sticky to answer /ping and route to whoami-service"
for _ in $(seq 120); do
    if [ "$(curl -fsS --max-time 2 "http://127.0.0.1:$ADMIN_PORT/ping" 2>/dev/null)" = OK ] \
        && curl -fsS --max-time 2 "http://127.0.0.1:$PROXY_PORT/" 2>/dev/null | grep -q "I'm"; then
        log "ready. Try:"
        cat >&2 <<TRY
  curl -v http://127.0.0.1:$PROXY_PORT/                         # Set-Cookie: _a49bc=...
  curl http://127.0.0.1:$PROXY_PORT/ --cookie "_a49bc=<value>"  # always the same task
  docker service scale whoami-service=5                       # new tasks get traffic within 2 s
  docker service logs sticky                                  # "Sticky session with cookie _a49bc", "Creating server ..."
  $0 down
TRY
        exit 0
    fi
    sleep 0.5
done
docker service ps whoami-service sticky >&2 || true
docker service logs --tail 30 sticky >&2 || true
die "Sticky did not start routing within 60 s"
