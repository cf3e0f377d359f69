#!/usr/bin/env bash
# scripts/localstack-image.sh — builds the local LocalStack image s3cse/localstack:<version> from
# Debian and PyPI packages only (no registry): a minimal Debian bookworm root filesystem made with
# debootstrap, python3 + venv, `localstack-core[base-runtime]` pinned as the host-mode venv is
# (harness/targets/localstack/target.ts, LOCALSTACK_VENV), and serve.py as the entry point, then
# `docker import`ed with its entry point and environment.
#
# Idempotent and cached: when the image exists with the same recipe label (a hash of the pins,
# serve.py and the entry point) it prints "exists" and exits at once; otherwise it builds (about 2 minutes cold on
# the 2-core build machine). Needs root (debootstrap, chroot) and a Docker engine.
set -euo pipefail
cd "$(dirname "$0")/.."
version=4.13.1
image="s3cse/localstack:${version}"
serve=harness/targets/localstack/serve.py
requirements=("localstack-core[base-runtime]==${version}" 'cbor2<6' 'pyopenssl<26' 'service_identity')
grep -q "LOCALSTACK_VERSION = '${version}'" harness/targets/localstack/target.ts \
  || { echo "localstack-image: version ${version} differs from harness/targets/localstack/target.ts" >&2; exit 1; }
# What the image depends on: the pins, serve.py and the entry point below (bump entry= on a change).
entry=1
recipe=$( (echo "${version} ${requirements[*]} entry=${entry}"; cat "$serve") | sha256sum | cut -c1-16)

have=$(docker image inspect --format '{{ index .Config.Labels "s3cse.recipe" }}' "$image" 2>/dev/null || true)
if [ "$have" = "$recipe" ]; then echo "localstack-image: ${image} exists (recipe ${recipe})"; exit 0; fi

for tool in debootstrap; do
  command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null; }
done
work=$(mktemp -d /tmp/s3cse-localstack-image-XXXXXX)
# debootstrap mounts proc (and may leave it mounted on failure): unmount before removing.
cleanup() {
  for m in proc sys dev/pts dev; do mountpoint -q "$work/rootfs/$m" 2>/dev/null && umount -l "$work/rootfs/$m"; done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
root="$work/rootfs"
# The debootstrap stage is cached as a tarball (it is most of a cold build's time).
cache="${XDG_CACHE_HOME:-$HOME/.cache}/s3cse/localstack-image"
base="$cache/bookworm-minbase-python3.tar"
if [ ! -f "$base" ]; then
  echo "localstack-image: debootstrap bookworm (cached in ${base})"
  mkdir -p "$cache"
  debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates bookworm "$root" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log"; exit 1; }
  rm -rf "$root/var/cache/apt/archives"/*.deb "$root/var/lib/apt/lists"/*
  tar -C "$root" -cf "$base.part" . && mv "$base.part" "$base"
else
  echo "localstack-image: Debian bookworm root filesystem from ${base}"
  mkdir -p "$root" && tar -C "$root" -xf "$base"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
# The build machine's CA bundle stands in for Debian's during pip (a TLS-inspecting proxy may sit
# between this machine and PyPI); Debian's is put back before the import.
bundle="$root/etc/ssl/certs/ca-certificates.crt"
cp "$bundle" "$work/debian-ca.crt"
cp /etc/ssl/certs/ca-certificates.crt "$bundle"
echo "localstack-image: pip install ${requirements[*]}"
chroot "$root" /usr/bin/python3 -m venv /opt/localstack
chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PIP_DEFAULT_TIMEOUT=180 \
  /opt/localstack/bin/pip install --quiet --cert /etc/ssl/certs/ca-certificates.crt "${requirements[@]}"
cp "$work/debian-ca.crt" "$bundle"
mkdir -p "$root/opt/s3cse"
cp "$serve" "$root/opt/s3cse/serve.py"
: >"$root/etc/resolv.conf"
echo "localstack-image: docker import ${image}"
tar -C "$root" -c . | docker import \
  --change 'ENTRYPOINT ["/opt/localstack/bin/python", "-u", "/opt/s3cse/serve.py"]' \
  --change 'WORKDIR /tmp' \
  --change 'ENV PATH=/opt/localstack/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV OVERRIDE_IN_DOCKER=1 GATEWAY_SERVER=twisted SERVICES=s3,kms' \
  --change "LABEL s3cse.recipe=${recipe} s3cse.localstack=${version}" \
  - "$image" >/dev/null
echo "localstack-image: built ${image} (recipe ${recipe})"
