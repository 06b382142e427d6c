#!/usr/bin/env bash
# sipsh's Kamailio lab on loopback (127.0.0.1 and [::1]); no systemd, stopped by PID.
#   lab.sh start | stop | status | users
# Environment: SIP_PORT (default 15060), RUN_DIR (default /tmp/sipsh-lab-$SIP_PORT),
#   KAM_EXTRA_ARGS (e.g. "-A WITH_SHA256"), EXTRA_USERS (a file of "user password" lines).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PORT=${SIP_PORT:-15060}
RUN=${RUN_DIR:-/tmp/sipsh-lab-$PORT}
PIDFILE="$RUN/kamailio.main.pid"

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "lab: $1 is not installed; install it with: apt-get install -y --no-install-recommends $2" >&2; exit 3; }
}

write_db() {
  mkdir -p "$RUN/db"
  printf 'id(int,auto) table_name(string) table_version(int) \n0:subscriber:7\n' >"$RUN/db/version"
  {
    printf 'id(int,auto) username(string) domain(string) password(string) \n'
    printf '1:alice:example.test:secret\n2:bob:example.test:bobpass\n3:carol:example.test:carolpass\n4:5001:example.test:pass5001\n5:UserA:example.test:userapass\n'
    if [ -n "${EXTRA_USERS:-}" ]; then awk '{ printf "%d:%s:example.test:%s\n", NR + 10, $1, $2 }' "$EXTRA_USERS"; fi
  } >"$RUN/db/subscriber"
}

case "${1:-start}" in
  start)
    need kamailio kamailio
    mkdir -p "$RUN"
    if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then echo "lab: already running, pid $(cat "$PIDFILE")"; exit 0; fi
    # A socket already on the port (a Kamailio left over by an earlier run, say) would share it
    # with the new one (SO_REUSEADDR) and take its datagrams: refuse, naming who holds it.
    if [ "$(ss -Hln "( sport = :$PORT )" 2>/dev/null | wc -l)" -gt 0 ]; then
      echo "lab: port $PORT is already in use: $(ss -Hlnp "( sport = :$PORT )" 2>/dev/null | grep -o 'pid=[0-9]*' | sort -u | tr '\n' ' ')" >&2
      exit 1
    fi
    write_db
    # shellcheck disable=SC2086
    kamailio -f "$HERE/kamailio.cfg" -DD -E -Y "$RUN" -P "$RUN/kamailio.pid" -w "$RUN" -m 64 -M 8 \
      -A "SIP_PORT=$PORT" -A "DBURL=\"text://$RUN/db\"" ${KAM_EXTRA_ARGS:-} >"$RUN/kamailio.log" 2>&1 &
    echo $! >"$PIDFILE"
    for _ in $(seq 1 250); do
      if [ "$(ss -Hln "( sport = :$PORT )" 2>/dev/null | wc -l)" -ge 4 ]; then
        echo "lab: kamailio pid $(cat "$PIDFILE") on udp/tcp 127.0.0.1:$PORT and [::1]:$PORT (users alice/secret, bob/bobpass, carol/carolpass, 5001/pass5001, UserA/userapass; realm example.test; logs in $RUN)"
        exit 0
      fi
      kill -0 "$(cat "$PIDFILE")" 2>/dev/null || { echo "lab: kamailio died" >&2; tail -20 "$RUN/kamailio.log" >&2; exit 1; }
      sleep 0.02
    done
    echo "lab: kamailio did not bind its sockets in time" >&2; exit 1
    ;;
  stop)
    [ -f "$PIDFILE" ] || { echo "lab: not running"; exit 0; }
    P=$(cat "$PIDFILE")
    # Its children, by PID, before it goes: one left behind keeps the port (seen: after a main
    # process killed under load, six children held 127.0.0.1:PORT and the next lab lost its requests).
    KIDS=$(pgrep -P "$P" 2>/dev/null | tr '\n' ' ' || true)
    kill "$P" 2>/dev/null || true
    how=stopped
    for _ in $(seq 1 100); do
      kill -0 "$P" 2>/dev/null || break
      sleep 0.05
    done
    if kill -0 "$P" 2>/dev/null; then kill -9 "$P" 2>/dev/null || true; how=killed; fi
    for _ in $(seq 1 40); do
      alive=""
      for k in $KIDS; do [ "$(ps -o stat= -p "$k" 2>/dev/null | cut -c1)" = "" ] || [ "$(ps -o stat= -p "$k" | cut -c1)" = Z ] || alive="$alive $k"; done
      [ -z "$alive" ] && break
      sleep 0.05
    done
    # shellcheck disable=SC2086
    [ -n "${alive:-}" ] && { kill -9 $alive 2>/dev/null || true; how="$how (children$alive killed)"; }
    rm -f "$PIDFILE"; echo "lab: $how $P"
    ;;
  status)
    need kamcmd kamailio
    kamcmd -s "unix:$RUN/kamailio_ctl" ul.dump
    ;;
  *) echo "usage: lab.sh start|stop|status" >&2; exit 2 ;;
esac
