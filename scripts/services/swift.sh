#!/usr/bin/env bash
# A throwaway S3-compatible store for tests and trials (docs/decisions/0144-s3-media.md):
#   scripts/services/swift.sh up DIR    starts an all-in-one OpenStack Swift with its s3api
#                                       middleware in DIR/swift on free loopback ports, creates
#                                       the bucket voces-media and prints VOCES_TEST_S3_ENDPOINT=…,
#                                       VOCES_TEST_MEDIA_URL=…, AWS_ACCESS_KEY_ID=…,
#                                       AWS_SECRET_ACCESS_KEY=… and AWS_REGION=… on stdout
#   scripts/services/swift.sh down DIR  stops every process it started and removes DIR/swift
# Debian's swift-proxy, swift-account, swift-container, swift-object and memcached. A plain
# folder is the one device (mount_check off), one replica, rings built here; tempauth checks the
# S3 signatures (a wrong secret is refused, as on a real store). Progress goes to stderr.
set -euo pipefail

action="${1:-}"
dir="${2:-}"
if [ -z "$action" ] || [ -z "$dir" ]; then
  echo "usage: $0 up|down DIR" >&2
  exit 2
fi
for tool in swift-proxy-server swift-account-server swift-container-server swift-object-server \
  swift-ring-builder memcached curl; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool is missing: apt-get install swift swift-proxy swift-account swift-container swift-object memcached curl" >&2
    exit 1
  fi
done
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
home="$dir/swift"
bucket="voces-media"
region="us-east-1"

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Each process's pid file holds its pid; a pid counts only while its command line still names
# this folder's configuration (a pid the system gave to someone else is left alone).
our_pids() {
  local file pid
  for file in "$home"/run/*.pid; do
    [ -f "$file" ] || continue
    pid="$(cat "$file")"
    if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$home"; then
      echo "$pid"
    fi
  done
}

stop_all() {
  local pids
  pids="$(our_pids)"
  [ -n "$pids" ] || return 0
  # shellcheck disable=SC2086 # one pid a word
  kill -TERM $pids 2>/dev/null || true
  for _ in $(seq 1 50); do
    [ -n "$(our_pids)" ] || return 0
    sleep 0.1
  done
  pids="$(our_pids)"
  # shellcheck disable=SC2086
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
}

start() {
  local name="$1"
  shift
  setsid "$@" >"$home/log/$name.log" 2>&1 </dev/null &
  echo $! >"$home/run/$name.pid"
}

case "$action" in
  up)
    if [ -d "$home/run" ] && ls "$home"/run/*.pid >/dev/null 2>&1; then
      echo "a Swift is already running in $home: run '$0 down $dir' first" >&2
      exit 1
    fi
    rm -rf "$home"
    mkdir -p "$home/etc" "$home/node/d1" "$home/run" "$home/log"
    user="$(id -un)"
    proxy_port="$(free_port)"
    account_port="$(free_port)"
    container_port="$(free_port)"
    object_port="$(free_port)"
    memcache_port="$(free_port)"
    access_key="voces:archive"
    secret="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
    hash_salt="$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"

    cat >"$home/etc/swift.conf" <<CONF
[swift-hash]
swift_hash_path_prefix = $hash_salt
swift_hash_path_suffix = $hash_salt
[storage-policy:0]
name = Policy-0
default = yes
CONF
    (
      cd "$home/etc"
      for ring in account:$account_port container:$container_port object:$object_port; do
        swift-ring-builder "${ring%%:*}.builder" create 6 1 1 >/dev/null
        swift-ring-builder "${ring%%:*}.builder" add "r1z1-127.0.0.1:${ring##*:}/d1" 1 >/dev/null
        swift-ring-builder "${ring%%:*}.builder" rebalance >/dev/null
      done
    )
    common="[DEFAULT]
bind_ip = 127.0.0.1
workers = 0
user = $user
swift_dir = $home/etc
devices = $home/node
mount_check = false
log_name = voces-swift"
    for server in account container object; do
      port_var="${server}_port"
      cat >"$home/etc/$server-server.conf" <<CONF
$common
bind_port = ${!port_var}

[pipeline:main]
pipeline = $server-server

[app:$server-server]
use = egg:swift#$server
CONF
    done
    cat >"$home/etc/proxy-server.conf" <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $proxy_port
workers = 0
user = $user
swift_dir = $home/etc
log_name = voces-swift-proxy

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo versioned_writes symlink proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:s3api]
use = egg:swift#s3api
location = $region
# Bucket names in the path (http://127.0.0.1:PORT/BUCKET/KEY): there is no DNS for subdomains.
storage_domain =

[filter:tempauth]
use = egg:swift#tempauth
user_voces_archive = $secret .admin

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$memcache_port

[filter:versioned_writes]
use = egg:swift#versioned_writes
allow_object_versioning = true

[filter:symlink]
use = egg:swift#symlink
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
CONF

    memcached_user=()
    [ "$(id -u)" = 0 ] && memcached_user=(-u "$user")
    # Its command line names the folder (argv[0]), as the servers' configuration paths do.
    start memcached bash -c 'exec -a "memcached:$0" memcached "$@"' "$home" \
      -l 127.0.0.1 -p "$memcache_port" -U 0 -m 32 "${memcached_user[@]}"
    for server in account container object proxy; do
      start "$server" "swift-$server-server" "$home/etc/$server-server.conf" --verbose
    done
    echo "$proxy_port" >"$home/port"

    # Ready when tempauth hands out a token and the bucket (a Swift container) is made with it.
    ready=0
    for _ in $(seq 1 300); do
      if headers="$(curl -sf -D - -o /dev/null -H "X-Auth-User: $access_key" -H "X-Auth-Key: $secret" \
        "http://127.0.0.1:$proxy_port/auth/v1.0" 2>/dev/null)"; then
        token="$(printf '%s' "$headers" | tr -d '\r' | sed -n 's/^[Xx]-[Aa]uth-[Tt]oken: //p')"
        storage="$(printf '%s' "$headers" | tr -d '\r' | sed -n 's/^[Xx]-[Ss]torage-[Uu]rl: //p')"
        if [ -n "$token" ] && curl -sf -o /dev/null -X PUT -H "X-Auth-Token: $token" "$storage/$bucket"; then
          ready=1
          break
        fi
      fi
      sleep 0.2
    done
    if [ "$ready" != 1 ]; then
      echo "Swift did not come up in 60 s; its logs are in $home/log:" >&2
      tail -n 20 "$home"/log/*.log >&2 || true
      stop_all
      exit 1
    fi
    echo "Swift with s3api on http://127.0.0.1:$proxy_port (bucket $bucket)" >&2
    {
      echo "VOCES_TEST_S3_ENDPOINT=http://127.0.0.1:$proxy_port"
      echo "VOCES_TEST_MEDIA_URL=s3://$bucket"
      echo "AWS_ACCESS_KEY_ID=$access_key"
      echo "AWS_SECRET_ACCESS_KEY=$secret"
      echo "AWS_REGION=$region"
    } | tee "$home/env"
    ;;
  down)
    if [ -d "$home" ]; then
      stop_all
      rm -rf "$home"
    fi
    ;;
  *)
    echo "usage: $0 up|down DIR" >&2
    exit 2
    ;;
esac
