# Helpers shared by compare.sh and soak.sh: sourced, never run. Bash, `set -euo pipefail` by the caller.
#
# Globals the caller sets before use: LOG_TAG (prefix of log lines), WORK (a private temp dir, from lib_init_work),
# and for MailHost M_IMAP, M_IMAPS, M_SMTP, M_LMTP (loopback ports). Every process started here is recorded in PIDS
# and stopped again by PID when the caller's shell exits.

log() { printf '[%s %s] %s\n' "${LOG_TAG:-bench}" "$(date -u +%H:%M:%S)" "$*" >&2; }

free_ports() { # prints N free loopback TCP ports
  python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

wait_port() { # port seconds pid
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    kill -0 "$3" 2>/dev/null || return 1
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# Makes WORK (mktemp under /tmp, prefix $1) and installs the EXIT trap that stops every PID in PIDS (TERM, then KILL
# after 10 s) and removes WORK unless LOAD_KEEP=1. A caller with more to clean up defines lib_extra_cleanup.
lib_init_work() {
  WORK=$(mktemp -d "/tmp/$1.XXXXXX")
  chmod 755 "$WORK"
  PIDS=()
  trap lib_cleanup EXIT
  trap 'exit 130' INT TERM
}

lib_cleanup() {
  local pid
  if declare -F lib_extra_cleanup >/dev/null; then lib_extra_cleanup || true; fi
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  if [ "${LOAD_KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}

stop_pid() {
  local pid=$1 kept=() p
  # Forget the PID first: once it has exited the number may be reused by someone else's process.
  for p in "${PIDS[@]}"; do [ "$p" = "$pid" ] || kept+=("$p"); done
  PIDS=("${kept[@]}")
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

# Publishes the load tool (Release) into $WORK/load-bin and sets LOAD to the command that runs it.
build_load_tool() {
  log "building the load tool"
  dotnet publish benchmarks/MailHost.Load -c Release -o "$WORK/load-bin" -v quiet -nologo >"$WORK/load-build.log" 2>&1 \
    || { cat "$WORK/load-build.log" >&2; exit 1; }
  LOAD=(dotnet "$WORK/load-bin/mailhost-load.dll")
}

# Publishes MailHost (Release) into $WORK/mailhost/bin and copies the users file $1 into its data dir.
publish_mailhost() {
  local m=$WORK/mailhost
  mkdir -p "$m/data"
  log "publishing MailHost (Release)"
  if ! dotnet publish src/MailHost -c Release -o "$m/bin" -v quiet -nologo >"$m/build.log" 2>&1; then
    log "MailHost does not build here; see $m/build.log"; return 1
  fi
  # Dovecot passwd-file lines ({PLAIN} scheme): MailHost's users file reads them as they are.
  cp "$1" "$m/data/users"
}

# Starts the published MailHost on the M_* loopback ports with its data in $WORK/mailhost/data; sets MAILHOST_PID.
launch_mailhost() {
  local m=$WORK/mailhost
  # Everything comes from 127.0.0.1, so the per-IP connection limit must not be what is measured; nor the per-connection
  # command pacing (Limits:CommandsPerSecond, an abuse brake Dovecot does not have: 8 persistent workers pass 500/s each).
  # shellcheck disable=SC2086 # MAILHOST_EXTRA_ARGS is a list of --Key=Value words
  (cd "$m" && MAILHOST_DOMAINS__0=example.test exec dotnet "$m/bin/mailhost.dll" --Data="$m/data" \
      --Endpoints:imap:Port="$M_IMAP" --Endpoints:smtp:Port="$M_SMTP" \
      --Endpoints:lmtp:Enabled=true --Endpoints:lmtp:Port="$M_LMTP" --Endpoints:imaps:Port="$M_IMAPS" \
      --Endpoints:submission:Enabled=false --Endpoints:submissions:Enabled=false \
      --Limits:MaxConnections=30000 --Limits:MaxConnectionsPerIp=30000 --Limits:CommandsPerSecond=0 \
      --Security:AllowPlaintextAuth=true --Logging:LogLevel:Default=Warning ${MAILHOST_EXTRA_ARGS:-}) \
    >>"$m/stdout.log" 2>&1 &
  MAILHOST_PID=$!
  PIDS+=("$MAILHOST_PID")
  if ! wait_port "$M_IMAP" 60 "$MAILHOST_PID"; then
    log "MailHost did not start; see $m/stdout.log"; tail -n 20 "$m/stdout.log" >&2 || true; return 1
  fi
  log "MailHost pid $MAILHOST_PID: imap 127.0.0.1:$M_IMAP, imaps 127.0.0.1:$M_IMAPS, smtp 127.0.0.1:$M_SMTP, lmtp 127.0.0.1:$M_LMTP"
}
