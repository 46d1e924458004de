#!/bin/sh
# Waits until a task-event endpoint answers the CloudEvents webhook handshake that Event Grid makes when a
# subscription is created (OPTIONS with WebHook-Request-Origin, answered 200 with WebHook-Allowed-Origin), so the
# subscription is never created against an app that is still starting or restarting.
#   usage: infra/hooks/wait-for-endpoint.sh URL [SECONDS]   (default 600; exit 1 with a reason when it runs out)
set -eu
url=$1
limit=${2:-600}
start=$(date +%s)
while :; do
  headers=$(curl -s -o /dev/null -D - -X OPTIONS -H 'WebHook-Request-Origin: eventgrid.azure.net' --max-time 10 "$url" 2>/dev/null || true)
  if printf '%s' "$headers" | grep -qi '^webhook-allowed-origin:'; then
    echo "baton: the task-event endpoint answers Event Grid's handshake"
    exit 0
  fi
  if [ $(( $(date +%s) - start )) -ge "$limit" ]; then
    status=$(printf '%s' "$headers" | head -n 1 | tr -d '\r')
    echo "baton: the task-event endpoint did not answer Event Grid's handshake within ${limit}s (last answer: ${status:-none})." >&2
    echo "       Check that the app started (its log stream in the portal), then run azd hooks run postdeploy again." >&2
    exit 1
  fi
  sleep 5
done
