#!/usr/bin/env bash
# Runs every test. End-to-end tests drive real clients (python3, curl, swaks, mbsync, openssl); this installs the missing ones
# when run as root on Debian, and otherwise names what to install.
set -euo pipefail
cd "$(dirname "$0")"
need=()
command -v python3 >/dev/null || need+=(python3)
command -v curl >/dev/null || need+=(curl)
command -v swaks >/dev/null || need+=(swaks)
command -v mbsync >/dev/null || need+=(isync)
command -v openssl >/dev/null || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "Missing test prerequisites; install: ${need[*]}" >&2
    exit 2
  fi
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test MailHost.sln -c Release "$@" 2>&1 | tee "$log" || status=$?
# One closing line over all test projects (dotnet test prints one summary per assembly).
awk -F'[:,]' '/^(Passed|Failed)! +- Failed:/ { failed += $2; passed += $4; skipped += $6 }
  END { printf "Total: %d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
if [ "$status" -ne 0 ]; then
  # A project that does not build or a test host that crashes prints no summary line: say so rather than end on "0 failed".
  echo "test.sh: dotnet test exited with status $status (a build error or a crashed test host counts too; see above)" >&2
fi
exit "$status"
