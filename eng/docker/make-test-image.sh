#!/usr/bin/env bash
# Licensed under the MIT License. See LICENSE in the repository root.
#
# Builds sticky-test/busybox:latest, a tiny whoami-like backend, without any image registry:
# the statically linked busybox from Debian's busybox-static package goes into a rootfs tarball
# that `docker import` turns into an image. A container answers `GET /` on port 8000 with
# "I'm <hostname>", like the jwilder/whoami image of the tutorial.
#
# Usage: make-test-image.sh [tag]   (idempotent: does nothing when the tag exists; FORCE=1 rebuilds)
set -euo pipefail

TAG=${1:-sticky-test/busybox:latest}

log() { printf '[make-test-image] %s\n' "$*" >&2; }

if [ "${FORCE:-0}" != 1 ] && docker image inspect "$TAG" >/dev/null 2>&1; then
    log "$TAG already exists"
    exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

busybox=""
for candidate in /bin/busybox /usr/bin/busybox; do
    # Only a static binary runs in an image that has no libc.
    if [ -x "$candidate" ] && file -L "$candidate" 2>/dev/null | grep -q 'statically linked'; then
        busybox=$candidate
        break
    fi
done
if [ -z "$busybox" ]; then
    log "downloading busybox-static with apt-get"
    (cd "$work" && apt-get download busybox-static >/dev/null 2>&1) || {
        if [ "$(id -u)" -eq 0 ]; then
            DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
        fi
        (cd "$work" && apt-get download busybox-static >/dev/null)
    }
    dpkg-deb -x "$work"/busybox-static_*.deb "$work/pkg"
    busybox="$work/pkg/bin/busybox"
fi

rootfs="$work/rootfs"
mkdir -p "$rootfs/bin" "$rootfs/www" "$rootfs/tmp" "$rootfs/etc"
cp "$busybox" "$rootfs/bin/busybox"
for applet in sh hostname httpd cat echo sleep wget ls; do
    ln -s busybox "$rootfs/bin/$applet"
done
cat > "$rootfs/start.sh" <<'SCRIPT'
#!/bin/sh
# The page is written at start so it names the container that serves it.
echo "I'm $(hostname)" > /www/index.html
exec /bin/busybox httpd -f -p "${PORT:-8000}" -h /www
SCRIPT
chmod +x "$rootfs/start.sh"
chmod 1777 "$rootfs/tmp"

tar -C "$rootfs" -cf "$work/rootfs.tar" .
docker import \
    --change 'CMD ["/bin/sh", "/start.sh"]' \
    --change 'EXPOSE 8000' \
    --change 'ENV PATH=/bin' \
    "$work/rootfs.tar" "$TAG" >/dev/null
log "built $TAG ($(docker image inspect --format '{{.Size}}' "$TAG") bytes)"
