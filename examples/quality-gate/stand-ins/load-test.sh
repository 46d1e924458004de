#!/bin/sh
# Stand-in for a load test against one build of a service: it reports the SLIs a real load-test tool or a
# monitoring query would (swap the binding in catalog.yaml for either). The build's base latency is the first
# argument, so a run can stand for a fast or a slow build.
awk -v base="$1" 'BEGIN {
  printf "{\"response_time_p95\": %.1f, \"error_rate\": %.4f, \"throughput\": %d}\n", base * 1.35, (base > 500 ? 0.031 : 0.004), 120000 / base
}'
