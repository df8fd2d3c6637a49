#!/usr/bin/env bash
# End-to-end comparison of MailHost and Dovecot on this machine, loopback only.
#
# Installs Dovecot (dovecot-imapd, dovecot-lmtpd) and Postfix's smtp-source from Debian when run as root, writes a
# private Dovecot configuration (Maildir, {PLAIN} passwd-file, loopback ports) in a temp dir, starts it and a published
# Release build of MailHost with the same users, then runs every load profile and smtp-source against both, alternating
# which server goes first, for several rounds, and prints medians and MailHost/Dovecot ratios. Everything it starts it
# stops again by PID (trap on EXIT).
#
#   benchmarks/compare.sh                 # default: 2 rounds, 10 s per run, about 7-10 minutes
#   benchmarks/compare.sh --quick         # 1 round, 3 s per run, small counts: about a minute
#   benchmarks/compare.sh --rounds 3 --duration 20 --out results/
#   benchmarks/compare.sh --dovecot-only  # baselines only (also chosen by itself when MailHost cannot be started)
#   benchmarks/compare.sh --mailhost-only --profiles "imap-idle-memory imap-idle-memory-tls" --idle-memory-connections 10000
#                                         # add --idle-hold 120 to keep them open for dotnet-gcdump / dotnet-counters
#   benchmarks/compare.sh --imap-seed 1000 --profiles "imap-session imap-persistent"  # the IMAP mixes on large INBOXes
#
# Environment: MAILHOST_EXTRA_ARGS (more --Key=Value settings for MailHost, e.g. "--Accounts:MaxConcurrentVerifications=16"),
# LOAD_KEEP=1 (keep the temp dir).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

ROUNDS=2
DURATION=10
USERS=20
CONTENTION_USERS=4
SESSION_CONCURRENCY=8
SENTCOPY_CONCURRENCY=32
DELIVER_CONCURRENCY=8
IDLE_CONNECTIONS=100
IDLE_MEMORY_CONNECTIONS=1000
IDLE_DELIVERIES=200
IDLE_SEED=1000
IDLE_HOLD=0
IMAP_SEED=10
SMTP_SOURCE_MESSAGES=2000
SMTP_SOURCE_SESSIONS=8
MESSAGE_SIZE=2048
WARMUP=5
SERVERS="dovecot mailhost"
PROFILES="imap-session imap-persistent imap-idle imap-idle-memory imap-idle-memory-tls sent-copy deliver smtp-source smtp-source-lmtp"
OUT=""

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) ROUNDS=1; DURATION=3; USERS=8; IDLE_CONNECTIONS=40; IDLE_MEMORY_CONNECTIONS=200; IDLE_DELIVERIES=40; IDLE_SEED=200
             SMTP_SOURCE_MESSAGES=300; SENTCOPY_CONCURRENCY=16; WARMUP=2; shift ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --profiles) PROFILES=$2; shift 2 ;;
    --idle-memory-connections) IDLE_MEMORY_CONNECTIONS=$2; shift 2 ;;
    --idle-hold) IDLE_HOLD=$2; shift 2 ;;  # keep the idle-memory connections open S more seconds (dotnet-gcdump time)
    --imap-seed) IMAP_SEED=$2; shift 2 ;;
    --dovecot-only) SERVERS="dovecot"; shift ;;
    --mailhost-only) SERVERS="mailhost"; shift ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

LOG_TAG=compare
# shellcheck source=benchmarks/lib.sh
. benchmarks/lib.sh

# ---------------------------------------------------------------- packages
install_packages() {
  local need=()
  command -v dovecot >/dev/null || need+=(dovecot-imapd dovecot-lmtpd)
  [ -x /usr/lib/dovecot/lmtp ] || need+=(dovecot-lmtpd)
  command -v smtp-source >/dev/null || need+=(postfix)
  [ ${#need[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "missing: ${need[*]} (install them, or run as root on Debian)" >&2; exit 2
  fi
  log "installing ${need[*]}"
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # The packages may start system instances; this script only wants its own, on its own ports.
  for service in dovecot postfix; do
    if command -v systemctl >/dev/null && systemctl is-active --quiet "$service" 2>/dev/null; then
      systemctl stop "$service"; systemctl disable --quiet "$service" 2>/dev/null || true
    elif command -v service >/dev/null; then
      service "$service" stop >/dev/null 2>&1 || true
    fi
  done
}

# ---------------------------------------------------------------- set-up
install_packages
command -v python3 >/dev/null || { echo "python3 is needed for the summary" >&2; exit 2; }

lib_init_work mailhost-compare
OUT=${OUT:-/tmp/mailhost-compare-results-$(date -u +%Y%m%dT%H%M%S)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# File descriptors for the IDLE connections of both the servers and the load tool.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
case " $PROFILES " in
  *" imap-idle-memory"*)
    # Each side needs one descriptor per connection plus its own files, sockets and (MailHost) mapped assemblies.
    if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((IDLE_MEMORY_CONNECTIONS + 1024)) ]; then
      echo "ulimit -n is $(ulimit -n): too few descriptors for --idle-memory-connections $IDLE_MEMORY_CONNECTIONS (raise the hard limit)" >&2
      exit 2
    fi ;;
esac

build_load_tool

: >"$WORK/users"
for i in $(seq 1 "$USERS"); do echo "user$i@example.test:{PLAIN}pass$i" >>"$WORK/users"; done
echo "sink@example.test:{PLAIN}sinkpass" >>"$WORK/users"
head -n "$USERS" "$WORK/users" >"$WORK/users-load"
head -n "$CONTENTION_USERS" "$WORK/users" >"$WORK/users-contention"
chmod 644 "$WORK"/users*

read -r D_IMAP D_IMAPS D_LMTP M_IMAP M_SMTP M_LMTP M_IMAPS <<<"$(free_ports 7)"

# ---------------------------------------------------------------- Dovecot
start_dovecot() {
  local d=$WORK/dovecot mailuser internal login
  mkdir -p "$d/run" "$d/state" "$d/home"
  if [ "$(id -u)" = 0 ]; then
    # Mail must not be owned by root; a dedicated unprivileged user owns the Maildirs.
    id mailbench >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin mailbench
    mailuser=mailbench; internal=dovecot; login=dovenull
    chown mailbench:mailbench "$d/home"
  else
    mailuser=$(id -un); internal=$mailuser; login=$mailuser
  fi
  # A throw-away certificate for the implicit-TLS listener (memory of idle connections under TLS).
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost -keyout "$d/key.pem" -out "$d/cert.pem" >/dev/null 2>&1
  chmod 644 "$d/cert.pem"; chmod 600 "$d/key.pem"
  cat >"$d/dovecot.conf" <<CONF
# Private benchmark instance written by benchmarks/compare.sh; Debian's packaged configuration is not read.
instance_name = mailhost-compare
base_dir = $d/run
state_dir = $d/state
listen = 127.0.0.1
protocols = imap lmtp
ssl = yes
ssl_cert = <$d/cert.pem
ssl_key = <$d/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = $d/dovecot.log
default_internal_user = $internal
default_login_user = $login
mail_uid = $mailuser
mail_gid = $(id -gn "$mailuser")
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:~/Maildir
# Many connections per user from one address are the point of the load; the default of 10 would refuse them.
mail_max_userip_connections = 100000
default_process_limit = 20000
default_client_limit = 40000
default_vsz_limit = 1G
postmaster_address = postmaster@example.test
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $WORK/users
}
userdb {
  driver = static
  args = uid=$mailuser gid=$(id -gn "$mailuser") home=$d/home/%d/%n
}
namespace inbox {
  inbox = yes
  mailbox Sent {
    special_use = \\Sent
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $D_IMAP
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $D_IMAPS
    ssl = yes
  }
  # Dovecot's documented high-performance login mode.
  service_count = 0
  process_min_avail = $(nproc)
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $D_LMTP
  }
}
CONF
  launch_dovecot
}

launch_dovecot() {
  local d=$WORK/dovecot
  dovecot -F -c "$d/dovecot.conf" >>"$d/stdout.log" 2>&1 &
  DOVECOT_PID=$!
  PIDS+=("$DOVECOT_PID")
  wait_port "$D_IMAP" 30 "$DOVECOT_PID" && wait_port "$D_LMTP" 10 "$DOVECOT_PID" \
    || { cat "$d/stdout.log" "$d/dovecot.log" >&2 2>/dev/null; echo "Dovecot did not start" >&2; exit 1; }
  log "Dovecot $(dovecot --version | cut -d' ' -f1) pid $DOVECOT_PID: imap 127.0.0.1:$D_IMAP, imaps 127.0.0.1:$D_IMAPS, lmtp 127.0.0.1:$D_LMTP"
}

# ---------------------------------------------------------------- MailHost
MAILHOST_PID=""
start_mailhost() {
  # The very same passwd-file lines as Dovecot's.
  publish_mailhost "$WORK/users" && launch_mailhost
}

# Memory is read from freshly started servers: a garbage-collected heap keeps what earlier runs grew it to, and
# Dovecot keeps warm processes, so either would be measured with the previous profile's leftovers otherwise.
restart_server() {
  if [ "$1" = dovecot ]; then
    stop_pid "$DOVECOT_PID"; launch_dovecot
  else
    stop_pid "$MAILHOST_PID"; launch_mailhost || { log "MailHost did not restart"; exit 1; }
  fi
}

case " $SERVERS " in *" dovecot "*) start_dovecot ;; esac
case " $SERVERS " in
  *" mailhost "*)
    if ! start_mailhost; then
      log "MailHost is not available: running Dovecot baselines only (MailHost column pending)"
      SERVERS="dovecot"
    fi ;;
esac

# ---------------------------------------------------------------- runs
FAILED=0
maildir_count() { # server address -> messages in that user's INBOX on disk
  local user=${2%@*} domain=${2#*@} dir
  if [ "$1" = dovecot ]; then dir=$WORK/dovecot/home/$domain/$user/Maildir; else dir=$WORK/mailhost/data/mail/$domain/$user; fi
  { find "$dir/new" "$dir/cur" -type f 2>/dev/null || true; } | wc -l
}

run_tool() { # server profile round
  local server=$1 profile=$2 round=$3 imap imaps pid tool_profile args=()
  if [ "$server" = dovecot ]; then
    imap=$D_IMAP; imaps=$D_IMAPS; pid=$DOVECOT_PID; args+=(--lmtp-port "$D_LMTP")
  else
    # MailHost receives by SMTP, as an MTA in front of it (or the Internet) would hand it mail.
    imap=$M_IMAP; imaps=$M_IMAPS; pid=$MAILHOST_PID; args+=(--smtp-port "$M_SMTP")
  fi
  tool_profile=$profile
  case "$profile" in
    imap-session|imap-persistent) args+=(--users "$WORK/users-load" --concurrency "$SESSION_CONCURRENCY" --seed "$IMAP_SEED") ;;
    imap-idle) args+=(--users "$WORK/users-load" --concurrency "$IDLE_CONNECTIONS" --iterations "$IDLE_DELIVERIES" --server-pid "$pid") ;;
    imap-idle-memory) tool_profile=imap-idle
      args+=(--users "$WORK/users-contention" --concurrency "$IDLE_MEMORY_CONNECTIONS" --iterations 0 --seed "$IDLE_SEED" --server-pid "$pid" --idle-hold "$IDLE_HOLD") ;;
    imap-idle-memory-tls) tool_profile=imap-idle; imap=$imaps
      args+=(--imap-tls --users "$WORK/users-contention" --concurrency "$IDLE_MEMORY_CONNECTIONS" --iterations 0 --seed "$IDLE_SEED" --server-pid "$pid" --idle-hold "$IDLE_HOLD") ;;
    sent-copy) args+=(--users "$WORK/users-contention" --concurrency "$SENTCOPY_CONCURRENCY") ;;
    deliver) args+=(--users "$WORK/users-load" --concurrency "$DELIVER_CONCURRENCY") ;;
  esac
  case "$profile" in imap-idle|imap-idle-memory*) ;; *) args+=(--server-pid "$pid") ;; esac
  local json=$OUT/$profile.$server.$round.json
  if "${LOAD[@]}" "$tool_profile" --host 127.0.0.1 --imap-port "$imap" --duration "$DURATION" --message-size "$MESSAGE_SIZE" \
      --label "$server" --json "$json" "${args[@]}" >"$OUT/$profile.$server.$round.txt" 2>&1; then
    log "$profile $server round $round: $(tail -n 1 "$OUT/$profile.$server.$round.txt") (load average $(cut -d' ' -f1 /proc/loadavg))"
  else
    FAILED=$((FAILED + 1))
    log "$profile $server round $round FAILED:"; tail -n 15 "$OUT/$profile.$server.$round.txt" >&2
    # The profile's JSON (if any) keeps "passed": false; the summary shows the failure.
  fi
}

run_smtp_source() { # server round profile: smtp-source (SMTP to MailHost, LMTP to Dovecot) or smtp-source-lmtp (LMTP to both)
  local server=$1 round=$2 profile=$3 target flag="" before after started elapsed
  if [ "$server" = dovecot ]; then target=127.0.0.1:$D_LMTP; flag=-L
  elif [ "$profile" = smtp-source-lmtp ]; then target=127.0.0.1:$M_LMTP; flag=-L
  else target=127.0.0.1:$M_SMTP; fi
  before=$(maildir_count "$server" sink@example.test)
  started=$(date +%s.%N)
  # shellcheck disable=SC2086 # $flag is empty or -L
  if ! smtp-source $flag -d -s "$SMTP_SOURCE_SESSIONS" -m "$SMTP_SOURCE_MESSAGES" -l "$MESSAGE_SIZE" -M load.test \
      -f sender@load.test -t sink@example.test "$target" >"$OUT/$profile.$server.$round.txt" 2>&1; then
    FAILED=$((FAILED + 1)); log "$profile $server round $round FAILED"; cat "$OUT/$profile.$server.$round.txt" >&2; return 0
  fi
  elapsed=$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$started" "$(date +%s.%N)")
  after=$(maildir_count "$server" sink@example.test)
  python3 - "$OUT/$profile.$server.$round.json" "$server" "$SMTP_SOURCE_MESSAGES" "$elapsed" "$before" "$after" "$profile" <<'PY'
import json, sys
path, server, sent, elapsed, before, after, profile = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
stored = after - before
json.dump({"profile": profile, "label": server, "primaryOperation": "deliver",
           "operations": [{"name": "deliver", "count": sent, "errors": 0, "perSecond": round(sent / elapsed, 1)}],
           "metrics": {"stored": stored}, "passed": stored == sent,
           "verificationFailures": [] if stored == sent else [f"sent {sent} messages, {stored} reached the Maildir"]},
          open(path, "w"), indent=2)
PY
  if [ $((after - before)) -ne "$SMTP_SOURCE_MESSAGES" ]; then
    FAILED=$((FAILED + 1)); log "$profile $server round $round: sent $SMTP_SOURCE_MESSAGES, stored $((after - before))"
  else
    log "$profile $server round $round: $SMTP_SOURCE_MESSAGES messages in ${elapsed}s, all $((after - before)) on disk"
  fi
}

# Warm-up, not recorded: MailHost's JIT compiles its hot paths on first use (Dovecot is native); without this the
# first round would measure tiered compilation rather than the server.
for server in $SERVERS; do
  for warm in imap-session deliver; do
    if [ "$server" = dovecot ]; then wargs=(--imap-port "$D_IMAP" --lmtp-port "$D_LMTP"); else wargs=(--imap-port "$M_IMAP" --smtp-port "$M_SMTP"); fi
    "${LOAD[@]}" "$warm" --host 127.0.0.1 --duration "$WARMUP" --users "$WORK/users-load" --concurrency 4 "${wargs[@]}" \
      >"$WORK/warm-up.$warm.$server.txt" 2>&1 || log "warm-up $warm on $server did not pass: $(tail -n 1 "$WORK/warm-up.$warm.$server.txt")"
  done
done
log "warmed up"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
read -r -a SERVER_LIST <<<"$SERVERS"
for round in $(seq 1 "$ROUNDS"); do
  for profile in $PROFILES; do
    order=("${SERVER_LIST[@]}")
    # Alternate who goes first, so warm caches and a busy neighbour favour neither server.
    if [ $((round % 2)) -eq 0 ] && [ ${#order[@]} -eq 2 ]; then order=("${order[1]}" "${order[0]}"); fi
    for server in "${order[@]}"; do
      case "$profile" in
        smtp-source*) run_smtp_source "$server" "$round" "$profile" ;;
        imap-idle-memory*) restart_server "$server"; run_tool "$server" "$profile" "$round" ;;
        *) run_tool "$server" "$profile" "$round" ;;
      esac
    done
  done
done

# ---------------------------------------------------------------- summary
{
  echo "Machine: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2}') memory; $(dotnet --version) SDK; Dovecot $(dovecot --version | cut -d' ' -f1)"
  echo "Rounds: $ROUNDS, $DURATION s per run, $USERS users, message body $MESSAGE_SIZE bytes; load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
  python3 - "$OUT" <<'PY'
import glob, json, os, statistics, sys
out = sys.argv[1]
runs = {}
for path in sorted(glob.glob(os.path.join(out, "*.json"))):
    profile, server, _ = os.path.basename(path).rsplit(".", 3)[:3]
    runs.setdefault((profile, server), []).append(json.load(open(path)))

def op(run, name):
    return next((o for o in run.get("operations", []) if o["name"] == name), None)

def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None

rows = []  # (profile, metric, better, {server: value}, {server: failed runs})
order = ["imap-session", "imap-persistent", "imap-idle", "imap-idle-memory", "imap-idle-memory-tls", "sent-copy", "deliver", "smtp-source", "smtp-source-lmtp"]
for profile in order:
    servers = {s: r for (p, s), r in runs.items() if p == profile}
    if not servers:
        continue
    failed = {s: sum(1 for r in rs if not r.get("passed", False)) for s, rs in servers.items()}
    def metric(name, fn, better):
        rows.append((profile, name, better, {s: median([fn(r) for r in rs]) for s, rs in servers.items()}, failed))
    if profile.startswith("imap-idle-memory"):
        m = lambda r, key: r.get("metrics", {}).get(key)
        metric("server PSS MiB, all idle", lambda r: m(r, "server_pss_kib_idle") and m(r, "server_pss_kib_idle") / 1024, "lower")
        metric("server PSS KiB per connection (total ÷ N)", lambda r: m(r, "server_pss_kib_idle") and m(r, "idle_connections") and m(r, "server_pss_kib_idle") / m(r, "idle_connections"), "lower")
        metric("server PSS KiB per connection (growth ÷ N)", lambda r: m(r, "server_pss_kib_per_connection"), "lower")
        metric("server RSS KiB per connection (growth ÷ N)", lambda r: m(r, "server_rss_kib_per_connection"), "lower")
        metric("idle connections", lambda r: m(r, "idle_connections"), "info")
    elif profile == "imap-idle":
        metric("notify p50 ms", lambda r: (op(r, "notify") or {}).get("p50Ms"), "lower")
        metric("notify p99 ms", lambda r: (op(r, "notify") or {}).get("p99Ms"), "lower")
    else:
        primary = lambda r: op(r, r["primaryOperation"]) or {}
        name = "messages/s" if profile in ("deliver", "smtp-source", "smtp-source-lmtp") else ("sent-copies/s" if profile == "sent-copy" else "sessions/s" if profile == "imap-session" else "loops/s")
        metric(name, lambda r: primary(r).get("perSecond"), "higher")
        if not profile.startswith("smtp-source"):
            metric("p99 ms", lambda r: primary(r).get("p99Ms"), "lower")
            metric("server CPU ms per op", lambda r: r.get("metrics", {}).get("server_cpu_ms_per_" + r["primaryOperation"]), "lower")

def fmt(v):
    if v is None:
        return "—"
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.1f}"

print()
print("| profile | metric | Dovecot | MailHost | MailHost/Dovecot | failed runs (D/M) |")
print("|---|---|---:|---:|---:|---|")
for profile, name, better, values, failed in rows:
    d, m = values.get("dovecot"), values.get("mailhost")
    ratio = f"{m / d:.2f}×" if d and m is not None and better != "info" else ("pending" if m is None else "—")
    if better == "lower" and d and m is not None:
        ratio += " (lower is better)"
    print(f"| {profile} | {name} | {fmt(d)} | {fmt(m) if 'mailhost' in values else 'pending'} | {ratio} | {failed.get('dovecot', '—')}/{failed.get('mailhost', '—')} |")
PY
} | tee "$OUT/summary.md"
log "results in $OUT (per-run tables *.txt, JSON *.json, summary.md)"
[ "$FAILED" -eq 0 ] || { log "$FAILED runs failed verification or errored"; exit 1; }
