#!/usr/bin/env bash
# Starts Azurite (the Azure Storage emulator: blobs, queues, tables) on loopback for Baton's Durable backend and
# its tests. Installs it from the committed lockfile (npm ci) when eng/azurite/node_modules lacks it. Chooses three
# free ports unless given, keeps data in memory (or in DIR/data with --persist), and prints the connection string
# once all three services answer; the pid is in DIR/azurite.pid and the log in DIR/azurite.log. With the environment
# variable BATON_WATCH_PID, a watchdog stops Azurite once that process has exited.
# With --debug, Azurite writes its request log to DIR/azurite-debug.log (one "End response" line per request).
#   usage: eng/azurite/start.sh DIR [--persist] [--debug] [BLOB_PORT QUEUE_PORT TABLE_PORT]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mkdir -p "$1" && cd "$1" && pwd); shift
persist=0
if [ "${1:-}" = "--persist" ]; then persist=1; shift; fi
debug=()
if [ "${1:-}" = "--debug" ]; then debug=(--debug "$dir/azurite-debug.log"); shift; fi

command -v node >/dev/null || { echo "start.sh: Node.js is needed for Azurite (apt-get install nodejs)" >&2; exit 1; }
if [ ! -x "$here/node_modules/.bin/azurite" ]; then
  echo "start.sh: installing Azurite (npm ci)" >&2
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'; }
blob=${1:-$(free_port)}; queue=${2:-$(free_port)}; table=${3:-$(free_port)}

storage=(--inMemoryPersistence)
if [ "$persist" = 1 ]; then mkdir -p "$dir/data"; storage=(--location "$dir/data"); fi
"$here/node_modules/.bin/azurite" --silent --skipApiVersionCheck --disableTelemetry "${storage[@]}" ${debug[@]+"${debug[@]}"} \
  --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" --tableHost 127.0.0.1 --tablePort "$table" \
  >"$dir/azurite.log" 2>&1 &
echo $! >"$dir/azurite.pid"
# With BATON_WATCH_PID (the test host sets it), Azurite stops when that process is gone, however it ended.
if [ -n "${BATON_WATCH_PID:-}" ]; then
  nohup bash "$here/../watchdog.sh" "$BATON_WATCH_PID" "$(cat "$dir/azurite.pid")" >/dev/null 2>&1 &
fi

for _ in $(seq 1 150); do
  if node -e '
    const net=require("net"); let left=3;
    for (const p of process.argv.slice(1)) { const c=net.connect(+p,"127.0.0.1",()=>{c.end(); if(--left===0) process.exit(0);}); c.on("error",()=>process.exit(1)); }
  ' "$blob" "$queue" "$table" 2>/dev/null; then
    key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="  # Azurite's documented well-known key
    echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
    exit 0
  fi
  if ! kill -0 "$(cat "$dir/azurite.pid")" 2>/dev/null; then
    echo "start.sh: Azurite exited at start:" >&2; cat "$dir/azurite.log" >&2; exit 1
  fi
  sleep 0.2
done
echo "start.sh: Azurite did not answer on ports $blob, $queue, $table within 30 s:" >&2
cat "$dir/azurite.log" >&2
kill "$(cat "$dir/azurite.pid")" 2>/dev/null || true
exit 1
