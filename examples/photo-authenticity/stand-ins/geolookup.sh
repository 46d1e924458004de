#!/bin/sh
# Stand-in for a geolocation service: great-circle (haversine) distance between the photo and the claim.
awk -v a="$1" -v b="$2" -v c="$3" -v d="$4" 'BEGIN {
  r = 3.141592653589793 / 180
  dlat = (c - a) * r; dlon = (d - b) * r
  h = sin(dlat / 2) ^ 2 + cos(a * r) * cos(c * r) * sin(dlon / 2) ^ 2
  printf "{\"distance_km\": %.1f}\n", 2 * 6371 * atan2(sqrt(h), sqrt(1 - h))
}'
