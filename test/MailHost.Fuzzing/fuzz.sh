#!/usr/bin/env bash
# Coverage-guided fuzzing of MailHost's protocol parsers with SharpFuzz + AFL++.
# Usage: test/MailHost.Fuzzing/fuzz.sh imap-command|smtp-command|smtp-data [SECONDS]   (default 3600)
# Findings (queue, crashes, hangs) go to test/MailHost.Fuzzing/findings/TARGET/ (git-ignored).
set -euo pipefail

target="${1:?usage: fuzz.sh imap-command|smtp-command|smtp-data [SECONDS]}"
seconds="${2:-3600}"
case "$target" in imap-command|smtp-command|smtp-data) ;; *) echo "unknown target: $target" >&2; exit 2 ;; esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tools="$here/.tools"
out="$here/bin/fuzz/$target"
findings="$here/findings/$target"

if ! command -v afl-fuzz >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq afl++
  else
    echo "afl-fuzz not found: install Debian's afl++ package (sudo apt-get install afl++)" >&2; exit 1
  fi
fi

if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --tool-path "$tools"
fi

# Instrumenting is not idempotent, so always start from a fresh publish.
rm -rf "$out"
dotnet publish "$here/MailHost.Fuzzing.csproj" -c Release -o "$out" --nologo -v quiet
for assembly in MailHost.Imap.dll MailHost.Smtp.dll; do
  "$tools/sharpfuzz" "$out/$assembly"
done

mkdir -p "$findings"
resume="$here/corpus/$target"
# A previous run's queue continues where it stopped instead of starting from the seeds again.
[ -d "$findings/default/queue" ] && resume="-"

# The target is a .NET app host, not an afl-gcc binary (SKIP_BIN_CHECK); the machine is shared (NO_AFFINITY, SKIP_CPUFREQ).
AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
AFL_AUTORESUME=1 DOTNET_TieredCompilation=0 \
  afl-fuzz -i "$resume" -o "$here/findings/$target" -t 10000 -m none -V "$seconds" -- "$out/MailHost.Fuzzing" "$target" \
  > "$findings/afl.log" 2>&1 || { tail -40 "$findings/afl.log" >&2; exit 1; }

stats="$findings/default/fuzzer_stats"
field() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
echo "target:        $target"
echo "run time (s):  $(field run_time)"
echo "executions:    $(field execs_done)"
echo "execs/s:       $(field execs_per_sec)"
echo "corpus paths:  $(field corpus_count)"
echo "crashes:       $(field saved_crashes)"
echo "hangs:         $(field saved_hangs)"
crashes=$(find "$findings/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
if [ "$crashes" -gt 0 ]; then
  # The instrumented build only runs under afl-fuzz (it writes to AFL's shared coverage map): replay with a plain build.
  echo "crash inputs in $findings/default/crashes; replay one with: dotnet run --project $here -- $target FILE"
  exit 3
fi
