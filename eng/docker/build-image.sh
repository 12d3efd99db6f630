#!/usr/bin/env bash
# Licensed under the MIT License. See LICENSE in the repository root.
#
# Builds sticky:local, an image of Sticky.Host equivalent to src/Sticky.Host/Dockerfile, with NO image
# registry: a self-contained linux-x64 publish plus the few shared libraries it needs go into a root
# filesystem tarball that `docker import` turns into an image. The end-to-end tests and CI use it.
#
# Usage: eng/docker/build-image.sh [tag]      (default tag: sticky:local)
#
# Idempotent: the image carries a hash of the sources it was built from (label org.sticky.source) and is
# rebuilt only when they changed, or with FORCE=1. The publish folder stays in
# $STICKY_BUILD_DIR/publish (default artifacts/docker/sticky-local/publish), where the tests run the same
# build as a process on the host. Prints the image id on stdout; everything else goes to stderr.
# SMOKE=0 skips the smoke test (start the image, GET /ping on its admin port).
set -euo pipefail

TAG=${1:-sticky:local}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD_DIR=${STICKY_BUILD_DIR:-$ROOT/artifacts/docker/sticky-local}
PUBLISH="$BUILD_DIR/publish"
STAMP="$BUILD_DIR/source.sha256"
RID=linux-x64

log() { printf '[build-image] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

command -v docker >/dev/null || die "the docker CLI is missing (eng/docker/start-dockerd.sh installs it)"
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is missing"
docker version --format '{{.Server.Version}}' >/dev/null 2>&1 || die "no Docker engine answers (run eng/docker/start-dockerd.sh)"

mkdir -p "$BUILD_DIR"
# One build at a time: two test runs starting together must not publish into the same folder.
exec 9>"$BUILD_DIR/.lock"
flock -w 600 9 || die "another build-image.sh has held $BUILD_DIR/.lock for 10 minutes"

# Everything that goes into the image: both projects' sources, the shared build settings and this script.
source_hash() {
    (
        cd "$ROOT"
        find src/Sticky.Host src/Sticky.Core -type f \
            -not -path '*/bin/*' -not -path '*/obj/*' -not -name '*.user' -not -name 'Dockerfile' -not -name '.dockerignore' -print0 \
            | sort -z | xargs -0 sha256sum
        sha256sum Directory.Build.props Directory.Packages.props global.json .editorconfig eng/docker/build-image.sh 2>/dev/null || true
    ) | sha256sum | cut -c1-16
}

HASH=$(source_hash)

if [ "${FORCE:-0}" != 1 ] \
    && [ "$(docker image inspect --format '{{index .Config.Labels "org.sticky.source"}}' "$TAG" 2>/dev/null || true)" = "$HASH" ] \
    && [ -x "$PUBLISH/Sticky.Host" ] && [ "$(cat "$STAMP" 2>/dev/null || true)" = "$HASH" ]; then
    log "$TAG is up to date (sources $HASH)"
    docker image inspect --format '{{.Id}}' "$TAG"
    exit 0
fi

log "publishing src/Sticky.Host ($RID, self-contained, Release; sources $HASH)"
rm -rf "$PUBLISH" "$STAMP"
# A private artifacts path keeps this restore (with a runtime identifier) away from the obj/ folders that
# IDEs and concurrent `dotnet test` runs use.
dotnet publish "$ROOT/src/Sticky.Host" -c Release -r "$RID" --self-contained \
    -p:UseAppHost=true -p:DebugType=none -p:PublishTrimmed=true -p:PublishReadyToRun=true \
    --artifacts-path "$BUILD_DIR/obj" -o "$PUBLISH" -nologo -v quiet >&2 \
    || die "dotnet publish failed"
[ -x "$PUBLISH/Sticky.Host" ] || die "the publish has no apphost $PUBLISH/Sticky.Host"

work=$(mktemp -d)
container=""
cleanup() {
    if [ -n "$container" ]; then docker rm -f "$container" >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

rootfs="$work/rootfs"
mkdir -p "$rootfs/app" "$rootfs/etc" "$rootfs/tmp" "$rootfs/var/run"
cp -a "$PUBLISH/." "$rootfs/app/"
# The LTTng tracing provider needs liblttng-ust, which the image does not have; the runtime works without it.
rm -f "$rootfs/app/libcoreclrtraceptprovider.so"

# The shared libraries: what the apphost and the native runtime pieces link against, plus OpenSSL, which
# .NET loads at run time (TLS to a tcp:// Docker endpoint) so ldd cannot see it.
copy_lib() {
    local lib=$1
    [ -e "$lib" ] || return 0
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
}
libs=$(
    for binary in "$rootfs/app/Sticky.Host" "$rootfs"/app/*.so; do
        if ldd "$binary" 2>/dev/null | grep -q 'not found'; then
            die "$(basename "$binary") needs a library this machine lacks: $(ldd "$binary" | grep 'not found' | tr -s ' \t' ' ')"
        fi
        ldd "$binary" 2>/dev/null | grep -o '/[^ ]*' | grep -v "^$rootfs" || true
    done | sort -u
)
for lib in $libs; do
    copy_lib "$lib"
done
multiarch=$(dirname "$(ldd "$rootfs/app/Sticky.Host" | grep -o '/[^ ]*libc\.so\.6' | head -n1)")
[ -n "$multiarch" ] && [ "$multiarch" != . ] || die "cannot find libc of the apphost"
for lib in "$multiarch"/libssl.so.3 "$multiarch"/libcrypto.so.3; do
    copy_lib "$lib"
done

# Minimal /etc: a root and a nobody user, name resolution from files then DNS, and CA certificates if present.
cat > "$rootfs/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
EOF
cat > "$rootfs/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
EOF
echo 'hosts: files dns' > "$rootfs/etc/nsswitch.conf"
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
    mkdir -p "$rootfs/etc/ssl/certs"
    cp -L /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/"
fi
chmod 1777 "$rootfs/tmp"

previous=$(docker image inspect --format '{{.Id}}' "$TAG" 2>/dev/null || true)
log "importing $(du -sh "$rootfs" | cut -f1) root filesystem as $TAG"
tar -C "$rootfs" --numeric-owner --owner=0 --group=0 -cf "$work/rootfs.tar" .
docker import \
    --change 'ENTRYPOINT ["/app/Sticky.Host"]' \
    --change 'EXPOSE 80 8080' \
    --change 'WORKDIR /app' \
    --change "ENV LD_LIBRARY_PATH=$multiarch DOTNET_RUNNING_IN_CONTAINER=true" \
    --change "LABEL org.sticky.source=$HASH org.opencontainers.image.title=sticky org.opencontainers.image.description=Sticky.Host" \
    "$work/rootfs.tar" "$TAG" >/dev/null \
    || die "docker import failed"

# GET /ping on 127.0.0.1:$1 and print the body; curl when present, else bash's /dev/tcp.
ping_admin() {
    if command -v curl >/dev/null; then
        curl -fsS --max-time 2 "http://127.0.0.1:$1/ping" 2>/dev/null || true
        return
    fi
    (
        exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 0
        printf 'GET /ping HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
        timeout 2 cat <&3 | tail -n 1
    ) 2>/dev/null || true
}

if [ "${SMOKE:-1}" != 0 ]; then
    # The image must start and answer /ping; no Docker provider, so it needs no socket.
    log "smoke test: docker run $TAG, GET /ping"
    container=$(docker run -d -p 127.0.0.1::8080 "$TAG" --loglevel=DEBUG) || die "docker run $TAG failed"
    port=$(docker port "$container" 8080/tcp | head -n1 | sed 's/.*://')
    answer=""
    for _ in $(seq 60); do
        answer=$(ping_admin "$port")
        [ "$answer" = OK ] && break
        if [ "$(docker inspect --format '{{.State.Running}}' "$container")" != true ]; then
            break
        fi
        sleep 0.5
    done
    if [ "$answer" != OK ]; then
        docker logs "$container" >&2 || true
        die "$TAG does not answer /ping (got '$answer')"
    fi
    docker rm -f "$container" >/dev/null
    container=""
    log "smoke test passed"
fi

# Each rebuild would otherwise leave the previous ~120 MB image behind, untagged; one still in use stays.
if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect --format '{{.Id}}' "$TAG")" ]; then
    docker image rm "$previous" >/dev/null 2>&1 || true
fi

echo "$HASH" > "$STAMP"
log "built $TAG ($(docker image inspect --format '{{.Size}}' "$TAG") bytes, sources $HASH)"
docker image inspect --format '{{.Id}}' "$TAG"
