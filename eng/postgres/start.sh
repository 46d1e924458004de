#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server (Debian's postgresql package, installed with apt-get when missing) on loopback for the SQL task tests: a fresh
# cluster in DIR/data with one password-protected role, on a free port, its socket in DIR/socket. Prints the ADO.NET
# (Npgsql) connection string once the server accepts connections; the server's pid is in DIR/postgres.pid and its
# log in DIR/postgres.log. PostgreSQL refuses to run as root, so as root the cluster belongs to the 'postgres' user
# (the package creates it). With BATON_WATCH_PID, a watchdog stops the server once that process has exited.
#   usage: eng/postgres/start.sh DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mkdir -p "$1" && cd "$1" && pwd)

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if { [ -z "$bin" ] || [ ! -x "$bin/postgres" ]; } && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "start.sh: installing PostgreSQL (apt-get install postgresql)" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >&2
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
fi
[ -n "$bin" ] && [ -x "$bin/postgres" ] || { echo "start.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
command -v node >/dev/null || { echo "start.sh: Node.js is needed to find a free port" >&2; exit 1; }

as_owner=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "start.sh: running as root needs the 'postgres' user (the postgresql package creates it)" >&2; exit 1; }
  chmod 755 "$dir"
  as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups)
fi

password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$password" >"$dir/pwfile"
mkdir -p "$dir/data" "$dir/socket"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir/data" "$dir/socket" "$dir/pwfile"; fi
"${as_owner[@]}" "$bin/initdb" -D "$dir/data" --username=baton --pwfile="$dir/pwfile" --auth=scram-sha-256 \
  --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { echo "start.sh: initdb failed:" >&2; cat "$dir/initdb.log" >&2; exit 1; }
rm -f "$dir/pwfile"

port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});')
# setpriv execs the server in place, so $! is the postmaster itself and stopping it stops the server.
"${as_owner[@]}" "$bin/postgres" -D "$dir/data" -h 127.0.0.1 -p "$port" -k "$dir/socket" -c fsync=off -c max_connections=50 \
  >"$dir/postgres.log" 2>&1 &
echo $! >"$dir/postgres.pid"
if [ -n "${BATON_WATCH_PID:-}" ]; then
  nohup bash "$here/../watchdog.sh" "$BATON_WATCH_PID" "$(cat "$dir/postgres.pid")" >/dev/null 2>&1 &
fi

for _ in $(seq 1 150); do
  if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    echo "Host=127.0.0.1;Port=$port;Username=baton;Password=$password;Database=postgres"
    exit 0
  fi
  if ! kill -0 "$(cat "$dir/postgres.pid")" 2>/dev/null; then
    echo "start.sh: PostgreSQL exited at start:" >&2; cat "$dir/postgres.log" >&2; exit 1
  fi
  sleep 0.2
done
echo "start.sh: PostgreSQL did not accept connections on port $port within 30 s:" >&2
cat "$dir/postgres.log" >&2
kill "$(cat "$dir/postgres.pid")" 2>/dev/null || true
exit 1
