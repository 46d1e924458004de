#!/usr/bin/env bash
# Starts podman's Docker-compatible Engine API on a unix socket, for the container runner's tests and local use.
# Installs podman, runc and busybox-static with apt-get when they are missing (needs root), writes the
# containers.conf these machines need, and makes the local image localhost/baton-busybox:1 (no registry is
# reachable here). Prints the DOCKER_HOST value (unix:///DIR/podman.sock) once the API answers; the service's
# pid is in DIR/podman.pid. Fails with a reason when anything cannot start. With the environment variable
# BATON_WATCH_PID, a watchdog stops the service once that process has exited.
#   usage: eng/containers/podman.sh DIR
set -euo pipefail
dir=$(mkdir -p "$1" && cd "$1" && pwd)

if ! command -v podman >/dev/null || ! command -v runc >/dev/null || [ ! -x /bin/busybox ]; then
  echo "podman.sh: installing podman, runc and busybox-static" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc busybox-static curl >&2
fi

# crun fails here ("cgroups in hybrid mode not supported"); runc with cgroupfs works, and containers need
# explicit ulimits or their start fails with "setrlimit ... Operation not permitted".
export CONTAINERS_CONF="$dir/containers.conf"
cat > "$CONTAINERS_CONF" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=1000:1000"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF

image=localhost/baton-busybox:1
if ! podman image exists "$image" 2>/dev/null; then
  rootfs="$dir/rootfs"
  rm -rf "$rootfs" && mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/etc"
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
  done
  echo "root:x:0:0:root:/tmp:/bin/sh" > "$rootfs/etc/passwd"
  tar -C "$rootfs" -cf "$dir/busybox.tar" .
  podman import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin' "$dir/busybox.tar" "$image" >&2
  rm -rf "$rootfs" "$dir/busybox.tar"
fi

sock="$dir/podman.sock"
rm -f "$sock"
nohup podman system service --time=0 "unix://$sock" > "$dir/podman.log" 2>&1 &
echo $! > "$dir/podman.pid"
# With BATON_WATCH_PID (the test host sets it), the service stops when that process is gone, however it ended.
if [ -n "${BATON_WATCH_PID:-}" ]; then
  nohup bash "$(cd "$(dirname "$0")" && pwd)/../watchdog.sh" "$BATON_WATCH_PID" "$(cat "$dir/podman.pid")" >/dev/null 2>&1 &
fi
for _ in $(seq 1 100); do
  if curl -sf --unix-socket "$sock" http://podman/v1.41/version >/dev/null 2>&1; then
    echo "unix://$sock"
    exit 0
  fi
  sleep 0.1
done
echo "podman.sh: the Docker API did not answer on $sock:" >&2
cat "$dir/podman.log" >&2
exit 1
