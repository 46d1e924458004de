#!/usr/bin/env bash
# Stops a service when the process that asked for it is gone, however it ended (a test host killed by the test
# runner, a cancelled run, kill -9): the test scripts start one of these beside every service they start.
#   usage: eng/watchdog.sh OWNER_PID SERVICE_PID
owner=$1 service=$2
while kill -0 "$owner" 2>/dev/null && kill -0 "$service" 2>/dev/null; do
  sleep 1
done
if kill -0 "$service" 2>/dev/null; then
  kill "$service" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$service" 2>/dev/null || exit 0; sleep 0.1; done
  kill -9 "$service" 2>/dev/null
fi
exit 0
