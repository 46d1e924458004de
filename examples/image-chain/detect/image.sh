#!/usr/bin/env bash
# Builds localhost/image-chain-detect:1, the object-detect stage as a container image, from this machine's own
# Node.js (no registry is reachable here): node, the shared libraries it links, detect.mjs, its node_modules and
# the envelope's .proto. Runs npm ci first when node_modules is missing or stale; rebuilds only when an input
# changed (or with --force). Needs podman (eng/containers/podman.sh).
#   usage: examples/image-chain/detect/image.sh [--force]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
image=localhost/image-chain-detect:1
# The image is rebuilt whenever what goes into it changes: the service, its locked packages, the .proto, or node.
source_hash=$(cat "$here/detect.mjs" "$here/package-lock.json" "$here/../../../proto/baton/task/v1/task.proto" "$(readlink -f "$(command -v node)")" | sha256sum | cut -c1-16)
if [ "${1:-}" != "--force" ] && [ "$(podman image inspect --format '{{index .Labels "dev.baton.source-hash"}}' "$image" 2>/dev/null)" = "$source_hash" ]; then
  echo "$image"
  exit 0
fi
[ -d "$here/node_modules/protobufjs" ] && [ -d "$here/node_modules/@azure/storage-queue" ] \
  || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
rootfs=$(mktemp -d)
trap 'rm -rf "$rootfs"' EXIT
node=$(readlink -f "$(command -v node)")
mkdir -p "$rootfs/bin" "$rootfs/app" "$rootfs/tmp" "$rootfs/etc"
cp "$node" "$rootfs/bin/node"
# The libraries node links against, at the same paths, and the dynamic loader.
for lib in $(ldd "$node" | grep -o '/[^ ]*'); do
  mkdir -p "$rootfs$(dirname "$lib")" && cp -L "$lib" "$rootfs$lib"
done
cp "$here/detect.mjs" "$here/package.json" "$rootfs/app/"
cp -r "$here/node_modules" "$rootfs/app/node_modules"
cp "$here/../../../proto/baton/task/v1/task.proto" "$rootfs/app/task.proto"
echo "root:x:0:0:root:/tmp:/bin/node" > "$rootfs/etc/passwd"
tar -C "$rootfs" -cf "$rootfs.tar" .
podman import --change "LABEL dev.baton.source-hash=$source_hash" --change 'CMD ["/bin/node", "/app/detect.mjs"]' --change 'ENV PATH=/bin' --change 'WORKDIR /app' "$rootfs.tar" "$image" >&2
rm -f "$rootfs.tar"
echo "$image"
