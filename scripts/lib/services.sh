# Throwaway PostgreSQL and Redis on loopback for the test suite. Sourced.
# shellcheck shell=bash

SERVICES_DIR=""
SERVICE_USER=""

# Runs a command as the unprivileged service user (PostgreSQL refuses to run as root).
as_service_user() {
  if [ -n "$SERVICE_USER" ]; then runuser -u "$SERVICE_USER" -- "$@"; else "$@"; fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    port_in_use "$port" || { echo "$port"; return 0; }
  done
  die "no free loopback port found"
}

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$dir/initdb" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  echo "$dir"
}

start_services() {
  SERVICES_DIR=$(mktemp -d /tmp/thetool-services.XXXXXX)
  chmod 755 "$SERVICES_DIR"
  if [ "$(id -u)" -eq 0 ]; then
    SERVICE_USER=postgres
    id -u "$SERVICE_USER" >/dev/null 2>&1 || die "user '$SERVICE_USER' missing (is the postgresql package installed?)"
    chown "$SERVICE_USER" "$SERVICES_DIR"
  fi
  start_postgres
  start_redis
}

start_postgres() {
  local bin port
  bin=$(pg_bindir)
  export TEST_PG_BINDIR="$bin"
  as_service_user mkdir -p "$SERVICES_DIR/pg" "$SERVICES_DIR/sock"
  as_service_user "$bin/initdb" -D "$SERVICES_DIR/pg/data" -U thetool --auth=trust -E UTF8 \
    --locale=C.UTF-8 >"$SERVICES_DIR/initdb.log" 2>&1 \
    || { cat "$SERVICES_DIR/initdb.log" >&2; die "PostgreSQL initdb failed (log above)"; }
  for attempt in 1 2 3; do
    port=$(free_port)
    if as_service_user "$bin/pg_ctl" -D "$SERVICES_DIR/pg/data" -l "$SERVICES_DIR/pg/server.log" -w -t 60 \
        -o "-p $port -k $SERVICES_DIR/sock -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null; then
      export TEST_DATABASE_URL="postgresql://thetool@127.0.0.1:$port/postgres"
      export TEST_PG_DATADIR="$SERVICES_DIR/pg/data"
      export TEST_PG_PORT="$port"
      log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
      return 0
    fi
    log "PostgreSQL did not start on port $port (attempt $attempt)"
  done
  cat "$SERVICES_DIR/pg/server.log" >&2 || true
  die "PostgreSQL could not start (server log above)"
}

start_redis() {
  local port
  command -v redis-server >/dev/null || die "redis-server is not installed"
  as_service_user mkdir -p "$SERVICES_DIR/redis"
  for attempt in 1 2 3; do
    port=$(free_port)
    as_service_user redis-server --bind 127.0.0.1 --port "$port" --dir "$SERVICES_DIR/redis" \
      --save '' --appendonly no --daemonize yes --pidfile "$SERVICES_DIR/redis/redis.pid" \
      --logfile "$SERVICES_DIR/redis/redis.log" || true
    for _ in $(seq 1 50); do
      if [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ]; then
        export TEST_REDIS_URL="redis://127.0.0.1:$port"
        export TEST_REDIS_PORT="$port"
        log "Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$port"
        return 0
      fi
      sleep 0.1
    done
    log "Redis did not answer on port $port (attempt $attempt)"
  done
  cat "$SERVICES_DIR/redis/redis.log" >&2 || true
  die "Redis could not start (log above)"
}

stop_services() {
  [ -n "$SERVICES_DIR" ] && [ -d "$SERVICES_DIR" ] || return 0
  if [ -n "${TEST_REDIS_PORT:-}" ]; then
    redis-cli -h 127.0.0.1 -p "$TEST_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  fi
  if [ -f "$SERVICES_DIR/pg/data/postmaster.pid" ]; then
    as_service_user "$TEST_PG_BINDIR/pg_ctl" -D "$SERVICES_DIR/pg/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$SERVICES_DIR"
  SERVICES_DIR=""
}
