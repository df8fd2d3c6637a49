#!/usr/bin/env bash
# Soak test: a published Release MailHost under 30 minutes of steady mixed load, memory sampled every 10 s.
#
# Starts MailHost on free loopback ports with a private data dir and users, then runs the load tool's profiles at
# once, each on its own users and at a fixed, moderate rate (--rate): IMAP persistent sessions, IMAP login per
# session, SMTP deliveries, LMTP deliveries, sent-copy (SMTP to two INBOXes + APPEND to Sent), and IDLE connections
# notified of deliveries (in rounds of at most 5 minutes, as clients re-issue IDLE; the server may end an IDLE after
# 30 minutes). The profiles that only add mail (deliver, lmtp, sentcopy, idle) also consume it, as mail clients do:
# every --drain seconds the load tool logs in as each of their users, checks that every message acknowledged since the
# last drain is there exactly once and removes them (UID STORE \Deleted, UID EXPUNGE), so the stored mailboxes stay at a
# steady size and the trend measures the server, not the growth of its mailboxes. Every --interval seconds it writes the daemon's RSS and PSS (/proc), open fds, threads and the load
# average to samples.csv, and dotnet-counters (if installed) adds the GC heap size, gen2 count, live timers and the
# exception count.
#
# Passes (exit 0) when every load run passed its verification (no errors, every acknowledged message present
# exactly once, every expunged one gone, no duplicates) and the least-squares slope of RSS over the second half of
# the run (the first half is warm-up: JIT, pools, GC budgets) is at most --max-slope KiB per minute. Otherwise 1.
# Everything it starts it stops again by PID (trap on EXIT).
#
#   benchmarks/soak.sh                       # 30 minutes
#   benchmarks/soak.sh --minutes 3 --out /tmp/soak   # a short check of the script itself
#
# Options: --minutes N (30), --interval S (10), --max-slope KIB_PER_MIN (1024), --out DIR, --drain S (30; 0: never
# drain, the mailboxes grow for the whole run as in the soaks before 29 November 2026),
# --profiles "NAME ..." (a subset of the plan below, e.g. "persistent session", to narrow down a growth).
# Environment: MAILHOST_EXTRA_ARGS (more --Key=Value settings for MailHost), LOAD_KEEP=1 (keep the temp dir),
# DOTNET_COUNTERS, DOTNET_GCDUMP (paths of dotnet-counters and dotnet-gcdump; default: on PATH, else /work/tools/dn/).
# With dotnet-gcdump, heap dumps at a quarter of the run and just before its end (before the load tool's verification
# reads every folder) land in the output dir (*.gcdump, *.gcdump.txt; "Object Bytes" there is one instance's size).
set -euo pipefail
cd "$(dirname "$0")/.."

MINUTES=30
INTERVAL=10
MAX_SLOPE=1024
OUT=""
ONLY=""
IDLE_ROUND=300
MESSAGE_SIZE=2048
DRAIN=30

while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES=$2; shift 2 ;;
    --interval) INTERVAL=$2; shift 2 ;;
    --max-slope) MAX_SLOPE=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --profiles) ONLY=$2; shift 2 ;;
    --drain) DRAIN=$2; shift 2 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

LOG_TAG=soak
# shellcheck source=benchmarks/lib.sh
. benchmarks/lib.sh

command -v python3 >/dev/null || { echo "python3 is needed for the summary" >&2; exit 2; }
DURATION=$((MINUTES * 60))

# The profiles, each with its own users so that one profile's messages never disturb another's verification:
# (drain: whether the profile's mail is consumed every --drain seconds; the IMAP loops expunge their own messages)
#   name        profile          users  workers  loops/s  delivery  drain
PLAN="
persistent  imap-persistent  4      2        6        -         no
session     imap-session     4      2        3        -         no
deliver     deliver          10     2        10       smtp      yes
lmtp        deliver          10     2        10       lmtp      yes
sentcopy    sent-copy        4      2        4        smtp      yes
idle        imap-idle        10     20       2        lmtp      yes
"

if [ -n "$ONLY" ]; then
  PLAN=$(while read -r name rest; do
    case " $ONLY " in *" $name "*) echo "$name $rest" ;; esac
  done <<<"$PLAN")
  [ -n "$PLAN" ] || { echo "--profiles names none of: persistent session deliver lmtp sentcopy idle" >&2; exit 2; }
fi

lib_init_work mailhost-soak
OUT=${OUT:-/tmp/mailhost-soak-$(date -u +%Y%m%dT%H%M%S)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
rm -f "$OUT"/*.json "$OUT"/*.txt "$OUT"/*.csv

build_load_tool

: >"$WORK/users"
while read -r name _ users _; do
  [ -n "$name" ] || continue
  : >"$WORK/users-$name"
  for i in $(seq 1 "$users"); do echo "$name$i@example.test:{PLAIN}pass-$name-$i" >>"$WORK/users-$name"; done
  cat "$WORK/users-$name" >>"$WORK/users"
done <<<"$PLAN"
chmod 644 "$WORK"/users*

read -r M_IMAP M_SMTP M_LMTP M_IMAPS <<<"$(free_ports 4)"
publish_mailhost "$WORK/users" || exit 1
launch_mailhost || exit 1

# ---------------------------------------------------------------- sampling
sample_loop() { # pid interval csv: one row per interval until the pid is gone
  local pid=$1 interval=$2 csv=$3 start now rss threads pss fds
  start=$(date +%s)
  echo "elapsed_s,utc,rss_kib,pss_kib,fds,threads,load1" >"$csv"
  while kill -0 "$pid" 2>/dev/null; do
    now=$(date +%s)
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo "")
    threads=$(awk '/^Threads:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo "")
    pss=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo "")
    fds=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
    echo "$((now - start)),$(date -u +%H:%M:%S),$rss,$pss,$fds,$threads,$(cut -d' ' -f1 /proc/loadavg)" >>"$csv"
    # Sleep to the next multiple of the interval from the start, so slow reads do not stretch the period.
    sleep "$(( interval - ($(date +%s) - start) % interval ))"
  done
}

COUNTERS=${DOTNET_COUNTERS:-$(command -v dotnet-counters || echo /work/tools/dn/dotnet-counters)}
START_EPOCH=$(date +%s)
sample_loop "$MAILHOST_PID" "$INTERVAL" "$OUT/samples.csv" &
PIDS+=("$!")
COUNTERS_PID=""
if [ -x "$COUNTERS" ]; then
  # The runtime's own meter: GC heap size after the last collection, collection counts by generation.
  "$COUNTERS" collect --process-id "$MAILHOST_PID" --refresh-interval "$INTERVAL" --counters System.Runtime \
      --format csv --output "$OUT/counters.csv" >"$WORK/counters.log" 2>&1 &
  COUNTERS_PID=$!
  PIDS+=("$COUNTERS_PID")
else
  log "dotnet-counters not found (dotnet tool install --tool-path /work/tools/dn dotnet-counters): GC columns stay empty"
fi

# Heap dumps for finding the cause of any growth: one at a quarter of the run (inside the warm-up half, so the full GC
# a dump forces does not bend the trend window) and one two intervals before the end, while the load still runs and
# before the load tool's verification (which reads every message of every folder) fills the server's caches.
GCDUMP=${DOTNET_GCDUMP:-$(command -v dotnet-gcdump || echo /work/tools/dn/dotnet-gcdump)}
gcdump() { # name
  [ -x "$GCDUMP" ] || return 0
  "$GCDUMP" collect --process-id "$MAILHOST_PID" --output "$OUT/$1.gcdump" >"$WORK/gcdump-$1.log" 2>&1 \
    && "$GCDUMP" report "$OUT/$1.gcdump" >"$OUT/$1.gcdump.txt" 2>&1 \
    || log "gcdump $1 failed: $(tail -n 1 "$WORK/gcdump-$1.log")"
}
gcdump_at() { # seconds-after-start name; the TERM trap lets the cleanup stop the pending sleep too
  (trap 'kill "$nap" 2>/dev/null; exit 0' TERM; sleep "$1" & nap=$!; wait "$nap"; gcdump "$2") &
  PIDS+=("$!")
}
gcdump_at "$((DURATION / 4))" quarter
gcdump_at "$((DURATION - 2 * INTERVAL))" end

# ---------------------------------------------------------------- load
run_profile() { # name profile workers rate delivery drain duration round
  local name=$1 profile=$2 workers=$3 rate=$4 delivery=$5 drain=$6 duration=$7 round=$8 args=()
  case "$delivery" in
    smtp) args+=(--smtp-port "$M_SMTP") ;;
    lmtp) args+=(--lmtp-port "$M_LMTP") ;;
  esac
  if [ "$drain" = yes ] && [ "$DRAIN" -gt 0 ]; then args+=(--drain-every "$DRAIN"); fi
  "${LOAD[@]}" "$profile" --host 127.0.0.1 --imap-port "$M_IMAP" --users "$WORK/users-$name" --concurrency "$workers" \
      --rate "$rate" --duration "$duration" --message-size "$MESSAGE_SIZE" --label "soak-$name" \
      --json "$OUT/$name.$round.json" "${args[@]}" >"$OUT/$name.$round.txt" 2>&1
}

run_rounds() { # name profile workers rate delivery drain: back-to-back runs of at most IDLE_ROUND seconds until the end
  local round=1 left status=0
  while :; do
    left=$((START_EPOCH + DURATION - $(date +%s)))
    [ "$left" -ge 10 ] || break
    [ "$left" -le "$IDLE_ROUND" ] || left=$IDLE_ROUND
    run_profile "$1" "$2" "$3" "$4" "$5" "$6" "$left" "$round" || status=1
    round=$((round + 1))
  done
  return "$status"
}

log "load for $MINUTES min on MailHost pid $MAILHOST_PID (load average $(cut -d' ' -f1-3 /proc/loadavg)); samples in $OUT/samples.csv"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
LOAD_PIDS=()
LOAD_NAMES=()
while read -r name profile _ workers rate delivery drain; do
  [ -n "$name" ] || continue
  if [ "$profile" = imap-idle ]; then
    run_rounds "$name" "$profile" "$workers" "$rate" "$delivery" "$drain" &
  else
    run_profile "$name" "$profile" "$workers" "$rate" "$delivery" "$drain" "$DURATION" 1 &
  fi
  LOAD_PIDS+=("$!"); LOAD_NAMES+=("$name"); PIDS+=("$!")
done <<<"$PLAN"

FAILED=()
for i in "${!LOAD_PIDS[@]}"; do
  if ! wait "${LOAD_PIDS[$i]}"; then FAILED+=("${LOAD_NAMES[$i]}"); fi
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
ELAPSED=$(($(date +%s) - START_EPOCH))

# One last sample with everything idle, then stop the samplers (SIGINT lets dotnet-counters flush its file).
sleep "$INTERVAL"
if [ -n "$COUNTERS_PID" ]; then
  kill -INT "$COUNTERS_PID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$COUNTERS_PID" 2>/dev/null || break; sleep 0.1; done
fi
stop_pid "$MAILHOST_PID"

# ---------------------------------------------------------------- verdict
python3 - "$OUT" "$DURATION" "$MAX_SLOPE" "$ELAPSED" "$LOAD_BEFORE" "$LOAD_AFTER" "${FAILED[*]:-}" "$INTERVAL" <<'PY' | tee "$OUT/summary.txt"
import csv, glob, json, os, sys
out, duration, max_slope, elapsed = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
load_before, load_after, failed, interval = sys.argv[5], sys.argv[6], sys.argv[7].split(), int(sys.argv[8])
# The trend window: the second half of the load phase, up to the end heap dump (its forced full GC would bend the end down).
window = (duration // 2, duration - 2 * interval)

samples = [r for r in csv.DictReader(open(os.path.join(out, "samples.csv"))) if r["rss_kib"]]
extra = ["gc_heap_kib", "gen2", "timers", "exceptions"]
for r in samples:
    r.update({c: "" for c in extra})

# dotnet-counters CSV: Timestamp,Provider,Counter Name,Counter Type,Mean/Increment, with the runtime's meter names
# (.NET 9+): heap size per generation after the last GC (a gauge), collections and exceptions per interval (rates,
# summed here into running totals), live timers (a gauge).
counters_path = os.path.join(out, "counters.csv")
if os.path.exists(counters_path):
    from datetime import datetime
    heap, gen2, timers, exceptions = {}, {}, {}, {}
    for row in csv.reader(open(counters_path)):
        if len(row) < 5 or row[0] == "Timestamp":
            continue
        try:
            t = datetime.strptime(row[0].split(".")[0], "%m/%d/%Y %H:%M:%S").strftime("%H:%M:%S")
            value = float(row[4])
        except ValueError:
            continue
        name = row[2]
        if name.startswith("dotnet.gc.last_collection.heap.size"):
            heap[t] = heap.get(t, 0) + value / 1024
        elif name.startswith("dotnet.gc.collections") and "gen2" in name:
            gen2[t] = gen2.get(t, 0) + value
        elif name.startswith("dotnet.exceptions"):
            exceptions[t] = exceptions.get(t, 0) + value
        elif name.startswith("dotnet.timer.count"):
            timers[t] = value
    def running(series):
        total, result = 0, {}
        for t in sorted(series):
            total += series[t]; result[t] = total
        return result
    gen2, exceptions = running(gen2), running(exceptions)
    def nearest(series, utc):
        if not series:
            return ""
        seconds = lambda k: int(k[:2]) * 3600 + int(k[3:5]) * 60 + int(k[6:8])
        best = min(series, key=lambda k: abs(seconds(k) - seconds(utc)))
        return "" if abs(seconds(best) - seconds(utc)) > 15 else round(series[best])
    for r in samples:
        for c, series in zip(extra, [heap, gen2, timers, exceptions]):
            r[c] = nearest(series, r["utc"])
with open(os.path.join(out, "samples.csv"), "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(samples[0].keys()))
    w.writeheader(); w.writerows(samples)

def slope(column):
    """Least-squares slope in KiB per minute of column over the trend window."""
    pts = [(int(r["elapsed_s"]) / 60, float(r[column])) for r in samples
           if r[column] != "" and window[0] <= int(r["elapsed_s"]) < window[1]]
    if len(pts) < 3:
        return None, len(pts)
    mx = sum(x for x, _ in pts) / len(pts); my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx, len(pts)

print(f"\nSoak: {duration // 60} min of mixed load requested, {elapsed} s run; load average before {load_before}, after {load_after}")
print("\nload runs (profile, round: passed, loops, errors, p99 of the primary operation):")
ops_total = errors_total = 0
for path in sorted(glob.glob(os.path.join(out, "*.json"))):
    r = json.load(open(path))
    primary = next((o for o in r["operations"] if o["name"] == r["primaryOperation"]), {})
    ops_total += primary.get("count", 0); errors_total += r["errors"]
    print(f"  {os.path.basename(path)[:-5]:<14} {'passed' if r['passed'] else 'FAILED'}  {r['primaryOperation']:<9} {primary.get('count', 0):>7}"
          f"  errors {r['errors']:>3}  p99 {primary.get('p99Ms', 0):>8.1f} ms  written {r['messagesWritten']}"
          + (f"  drained {int(r['metrics']['drained'])}" if 'drained' in r.get('metrics', {}) else ""))
    for f in r["verificationFailures"][:5]:
        print(f"      {f}")
    for e in r["errorMessages"][:5]:
        print(f"      error: {e}")
print(f"  total: {ops_total} loops, {errors_total} errors" + (f"; failed: {' '.join(failed)}" if failed else ""))

cols = ["elapsed_s", "utc", "rss_kib", "pss_kib", "gc_heap_kib", "gen2", "timers", "exceptions", "fds", "threads", "load1"]
print("\nsamples (every tenth row and the last; all in samples.csv):")
print("  " + " ".join(f"{c:>10}" for c in cols))
for i, r in enumerate(samples):
    if i % 10 == 0 or i == len(samples) - 1:
        print("  " + " ".join(f"{str(r[c]):>10}" for c in cols))

verdict = not failed and errors_total == 0
print(f"\ntrend over the second half ({window[0]} s to {window[1]} s), least squares:")
for column in ["rss_kib", "pss_kib", "gc_heap_kib", "timers", "fds", "threads"]:
    s, n = slope(column)
    if s is None:
        print(f"  {column:<12} n/a ({n} samples)")
        continue
    gate = column == "rss_kib"
    ok = s <= max_slope
    verdict = verdict and (ok or not gate)
    unit = "KiB/min" if column.endswith("kib") else "per min"
    print(f"  {column:<12} {s:>10.1f} {unit} over {n} samples" + (f"  (limit {max_slope:g}: {'ok' if ok else 'GROWING'})" if gate else ""))
print(f"\nSOAK {'PASSED' if verdict else 'FAILED'}")
sys.exit(0 if verdict else 1)
PY
