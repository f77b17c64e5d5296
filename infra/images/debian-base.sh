#!/usr/bin/env bash
# Builds mwaa-agent/debian:<suite> (default bookworm; `debian-base.sh trixie` for Debian 13): a minimal Debian
# root file system made by debootstrap from the Debian mirror this machine's apt already uses, then
# `docker import`ed. Skipped when the image exists with the same input hash. Every other local image is built
# FROM one of these, so nothing is pulled from a registry.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SUITE=${1:-bookworm}
IMAGE=mwaa-agent/debian:$SUITE
MIRROR=${MWAA_AGENT_DEBIAN_MIRROR:-http://deb.debian.org/debian}
hash=$(input_hash "$0" "$MIRROR" "$SUITE")

ensure_dockerd
if image_current "$IMAGE" "$hash"; then log "$IMAGE is current"; exit 0; fi

command -v debootstrap >/dev/null || { log "debootstrap not installed (apt-get install debootstrap)"; exit 1; }
root=$(mktemp -d /var/tmp/mwaa-agent-rootfs.XXXXXX)
# debootstrap mounts proc/sys inside the target; an interrupted run can leave them mounted, so unmount before
# removing, and never cross into another file system.
cleanup() { umount -R "$root/proc" "$root/sys" 2>/dev/null || true; rm -rf --one-file-system "$root" "$root.log"; }
trap cleanup EXIT
log "debootstrap $SUITE from $MIRROR (a few minutes on a cold machine)"
debootstrap --variant=minbase --include=ca-certificates "$SUITE" "$root" "$MIRROR" >"$root.log" 2>&1 \
  || { tail -30 "$root.log" >&2; rm -f "$root.log"; exit 1; }
rm -f "$root.log"

# Keep the image small: documentation, manuals, locales and apt's caches are never needed in a container.
cat >"$root/etc/dpkg/dpkg.cfg.d/01-slim" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
CFG
cat >"$root/etc/apt/apt.conf.d/01-slim" <<'CFG'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true"; };
CFG
find "$root/usr/share/doc" -mindepth 2 ! -name copyright -delete 2>/dev/null || true
rm -rf "$root"/usr/share/{man,info,locale,lintian}/* "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/var/log/*.log
printf 'deb %s %s main\ndeb %s %s-updates main\n' "$MIRROR" "$SUITE" "$MIRROR" "$SUITE" >"$root/etc/apt/sources.list"

log "docker import -> $IMAGE"
tar -C "$root" --numeric-owner -c . | docker import \
  --change "LABEL $HASH_LABEL=$hash" \
  --change 'ENV LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive' \
  --change 'CMD ["/bin/bash"]' - "$IMAGE" >/dev/null
log "built $IMAGE ($(docker image inspect -f '{{.Size}}' "$IMAGE" | numfmt --to=iec))"
