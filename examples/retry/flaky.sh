#!/bin/sh
# A stand-in for a service that is not ready yet: fails on its first two attempts, then succeeds.
# Baton tells the process which attempt this is (BATON_ATTEMPT) and the attempt's idempotency key.
if [ "$BATON_ATTEMPT" -lt 3 ]; then
  echo "attempt $BATON_ATTEMPT: upstream not ready yet" >&2
  exit 1
fi
printf '{"attempt": %s, "idempotency_key": "%s"}\n' "$BATON_ATTEMPT" "$BATON_IDEMPOTENCY_KEY"
