#!/usr/bin/env bash
# scripts/dockerd.sh start|stop|status — a Docker engine for the LocalStack container (issue 17).
#
# start: installs Debian's docker.io when dockerd is missing, starts dockerd in the background
#        (storage driver overlay2, vfs when overlay2 fails; cgroupfs; no iptables or bridge, so
#        containers use host networking only), records its PID in $S3CSE_DOCKERD_DIR/dockerd.pid
#        and waits up to 30 s for /_ping. Does nothing when an engine already answers.
#        On failure it prints dockerd's last log lines (the exact error) and exits 1.
# stop:  stops only the dockerd this script started (the PID in the file): SIGTERM, then SIGKILL.
set -euo pipefail
dir=${S3CSE_DOCKERD_DIR:-/tmp/s3cse-dockerd}
# Images live under $HOME, which CI caches between runs, so the LocalStack image is built once.
data=${S3CSE_DOCKER_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/s3cse/docker-data}
pidfile="$dir/dockerd.pid"
log="$dir/dockerd.log"
sock=/var/run/docker.sock

answers() { timeout 2 curl -sf --unix-socket "$sock" http://localhost/_ping >/dev/null 2>&1; }

install_if_missing() {
  command -v dockerd >/dev/null && command -v docker >/dev/null && return 0
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
}

try_driver() {
  local driver=$1
  mkdir -p "$dir" "$data"
  dockerd --host "unix://$sock" --storage-driver "$driver" --exec-opt native.cgroupdriver=cgroupfs \
    --iptables=false --ip6tables=false --bridge=none --data-root "$data/$driver" \
    --exec-root "$dir/exec" --pidfile "$dir/dockerd.own.pid" >"$log" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 60); do
    answers && { echo "dockerd: started (pid $(cat "$pidfile"), storage $driver)"; return 0; }
    kill -0 "$(cat "$pidfile")" 2>/dev/null || break
    sleep 0.5
  done
  stop_own
  return 1
}

stop_own() {
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

case "${1:-}" in
  start)
    if answers; then echo "dockerd: an engine already answers on $sock"; exit 0; fi
    install_if_missing
    command -v curl >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl >/dev/null; }
    try_driver overlay2 && exit 0
    echo "dockerd: overlay2 failed: $(grep -iE 'level=(error|fatal)|error' "$log" | tail -1)"
    try_driver vfs && exit 0
    echo "dockerd: cannot start; last lines of $log:"
    tail -5 "$log"
    exit 1
    ;;
  stop)
    stop_own
    echo "dockerd: stopped"
    ;;
  status)
    answers && echo "dockerd: answers on $sock" || { echo "dockerd: no engine on $sock"; exit 1; }
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
