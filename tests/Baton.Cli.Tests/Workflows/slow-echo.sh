#!/bin/sh
# Sleeps a little, then echoes its JSON input from stdin.
sleep 0.8
cat
