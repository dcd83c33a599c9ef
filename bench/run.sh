#!/usr/bin/env bash
# A month of the real thing: a real PostgreSQL 15, the app's jar on its postgres profile, the month
# driven over HTTP by bench/MonthBench.java, pgbench beside it on the same server. See bench/README.md.
#
#   bench/run.sh [--hospitals N] [--configured M] [--clients 1,4] [--optouts K] [--warmup W] [--start-all] [--statements K]
#                [--pgbench-seconds S] [--port P] [--pg-port P] [--jar PATH] [--keep]
set -euo pipefail

HOSPITALS=2000
CONFIGURED=0
CLIENTS=1,4
OPTOUTS=1
WARMUP=50
START_ALL=false
STATEMENTS=0
PGBENCH_SECONDS=20
PORT=18080
PG_PORT=55432
JAR=
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --hospitals) HOSPITALS=$2; shift 2 ;;
    --configured) CONFIGURED=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --optouts) OPTOUTS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --start-all) START_ALL=true; shift ;;
    --statements) STATEMENTS=$2; shift 2 ;;
    --pgbench-seconds) PGBENCH_SECONDS=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --pg-port) PG_PORT=$2; shift 2 ;;
    --jar) JAR=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n 2,7p "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
WORK=$(mktemp -d /tmp/optout-bench.XXXXXX)
PGDATA=$WORK/pgdata
APP_PID=
export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=bench

# PostgreSQL refuses to run as root: run its server as the postgres user when we are root.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  set +e
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    echo "stopping the app (pid $APP_PID)"
    kill "$APP_PID"
    # Spring holds a stop back until its start-up has finished: give it 30 s, then end it.
    for _ in $(seq 30); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 1; done
    kill -0 "$APP_PID" 2>/dev/null && kill -9 "$APP_PID"
  fi
  if [ -f "$PGDATA/postmaster.pid" ]; then
    echo "stopping PostgreSQL"
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
  fi
  if [ "$KEEP" = 1 ]; then echo "kept $WORK (app.log, postgres.log)"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; }
port_free "$PORT" || { echo "port $PORT is taken: pass --port" >&2; exit 1; }
port_free "$PG_PORT" || { echo "port $PG_PORT is taken: pass --pg-port" >&2; exit 1; }

echo "== machine"
echo "date:       $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "cores:      $(nproc)"
echo "memory:     $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "cpu:        $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
echo "load:       $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; other work on the machine counts)"
echo "postgresql: $("$PGBIN/postgres" --version)"
echo "java:       $(java -version 2>&1 | head -1)"

echo "== PostgreSQL in $WORK"
if [ "$(id -u)" = 0 ]; then chown postgres "$WORK"; fi
as_pg "$PGBIN/initdb" -D "$PGDATA" -U bench --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >>"$PGDATA/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$WORK'
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.max = 10000
track_io_timing = on
shared_buffers = 1GB
max_connections = 100
EOF
as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$WORK/postgres.log" -w start >/dev/null
psql -q -d postgres -c "create database optout" -c "create database pgbench"
psql -q -d optout -c "create extension pg_stat_statements"
echo "settings:   $(psql -Atq -d optout -c "select string_agg(name || '=' || setting || coalesce(unit, ''), ', ' order by name)
  from pg_settings where name in ('shared_buffers', 'track_io_timing', 'synchronous_commit', 'max_connections', 'work_mem')")"

echo "== pgbench (TPC-B-like, scale 10, database pgbench, ${PGBENCH_SECONDS} s each)"
pgbench -q -i -s 10 pgbench >/dev/null 2>&1
PGBENCH_TPS=()
for run in "1 1" "4 2"; do
  set -- $run
  tps=$(pgbench -n -c "$1" -j "$2" -T "$PGBENCH_SECONDS" pgbench 2>/dev/null | awk '/^tps/ {print $3; exit}')
  echo "pgbench -c$1 -j$2 -T$PGBENCH_SECONDS: $tps tps"
  PGBENCH_TPS+=("$tps")
done

echo "== the app"
if [ -z "$JAR" ]; then
  JAR=$(ls "$ROOT"/target/optout-chain-*.jar 2>/dev/null | grep -v original | head -1 || true)
  newer=
  if [ -n "$JAR" ]; then
    newer=$(find "$ROOT/src/main" "$ROOT/bpmn" "$ROOT/pom.xml" -newer "$JAR" -type f -print -quit)
  fi
  if [ -z "$JAR" ] || [ -n "$newer" ]; then
    echo "building (mvn -B -q -o -DskipTests package)"
    (cd "$ROOT" && mvn -B -q -o -DskipTests package)
    JAR=$(ls "$ROOT"/target/optout-chain-*.jar | grep -v original | head -1)
  fi
fi
echo "jar: $JAR"
# The month benchmarked is the last one ended (Japan's calendar, as the app counts); in Tokyo.
PERIOD=$(TZ=Asia/Tokyo date -d "$(TZ=Asia/Tokyo date +%Y-%m-01) -1 month" +%Y-%m)
ADMIN_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
# No demo profile: the administrator comes from ADMIN_USER / ADMIN_PASSWORD, as in production. The
# period closer is off (close-cron "-") so that the benchmark alone starts the month.
SPRING_PROFILES_ACTIVE=postgres DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/optout" DB_USER=bench DB_PASSWORD= \
ADMIN_USER=bench-admin ADMIN_PASSWORD=$ADMIN_PASSWORD PORT=$PORT \
OPTOUT_REPORTING_FIRST_PERIOD=$PERIOD OPTOUT_REPORTING_CLOSE_CRON=- \
  java -Xmx2g ${APP_JAVA_OPTS:-} -jar "$JAR" >"$WORK/app.log" 2>&1 &
APP_PID=$!
started=$(date +%s.%N)
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/actuator/health/readiness")" = 200 ]; do
  if ! kill -0 "$APP_PID" 2>/dev/null; then echo "the app stopped; its log:" >&2; tail -50 "$WORK/app.log" >&2; exit 1; fi
  sleep 1
done
printf 'ready in %.1f s (readiness UP), port %s, period %s, -Xmx2g, profile postgres, no demo users\n' \
  "$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')" "$PORT" "$PERIOD"

java "$ROOT/bench/MonthBench.java" --base "http://127.0.0.1:$PORT" --admin bench-admin --admin-password "$ADMIN_PASSWORD" \
  --period "$PERIOD" --hospitals "$HOSPITALS" --configured "$CONFIGURED" --clients "$CLIENTS" --optouts "$OPTOUTS" \
  --warmup "$WARMUP" --start-all "$START_ALL" --statements "$STATEMENTS" --pgbench-tps "${PGBENCH_TPS[0]},${PGBENCH_TPS[1]}"
