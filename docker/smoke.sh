#!/usr/bin/env bash
# Container smoke test without a container engine: performs the Dockerfile's steps on this machine.
#   1. publish for linux-x64 exactly as the Dockerfile does (ReadyToRun, settings on the command line);
#   2. run it as an unprivileged user with the image's MAILHOST_* environment (read from docker/Dockerfile),
#      ports remapped above 1024 (this host does not lower ip_unprivileged_port_start as Docker does) and a fresh /data;
#   3. greeting on every port, `mailhost health` exit codes, `users add` then a login, SIGTERM drain with exit code 0;
#   4. publish for win-x64 to prove the Windows image's build compiles.
# Prints PASS/FAIL lines; exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

grace=15          # compose.yaml's stop_grace_period
failures=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

work=$(mktemp -d /tmp/mailhost-smoke.XXXXXX)
chmod 755 "$work"
daemon_pid=
cleanup() {
  if [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; then kill -KILL "$daemon_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT

step() { echo "---- $*"; }

step "publish linux-x64"
if dotnet publish src/MailHost/MailHost.csproj -c Release -r linux-x64 --self-contained false \
     -p:PublishReadyToRun=true -p:SatelliteResourceLanguages=en -p:DebugType=none -o "$work/app" -v quiet -nologo >"$work/publish.log" 2>&1 \
   && [ -x "$work/app/mailhost" ]; then
  pass "publish linux-x64 (ReadyToRun)"
else
  cat "$work/publish.log"; fail "publish linux-x64"; echo "FAIL smoke (cannot continue)"; exit 1
fi
chmod -R a+rX "$work/app"

# The unprivileged user: the image's `mailhost` user, or the caller when not root.
if [ "$(id -u)" = 0 ]; then
  user=mailhost-smoke
  id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
  as_user=(setpriv --reuid="$(id -u "$user")" --regid="$(id -g "$user")" --init-groups --)
else
  user=$(id -un)
  as_user=()
fi
mkdir -p "$work/data" "$work/home"
[ "$(id -u)" = 0 ] && chown "$user" "$work/data" "$work/home"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
declare -A port
for name in IMAP IMAPS SMTP SUBMISSION SUBMISSIONS; do port[$name]=$(free_port); done

# The image's environment, taken from the Dockerfile itself so the two cannot drift apart.
mapfile -t image_env < <(grep -oE 'MAILHOST_[A-Z0-9_]+=[^ \\]+' docker/Dockerfile)
run_env=(env -i "PATH=/usr/bin:/bin:/usr/sbin:/sbin" "HOME=$work/home" "DOTNET_ROOT=$(dirname "$(readlink -f "$(command -v dotnet)")")")
for assignment in "${image_env[@]}"; do run_env+=("$assignment"); done
run_env+=("MAILHOST_DATA=$work/data" "MAILHOST_HOSTNAME=mail.smoke.test" "MAILHOST_DOMAINS__0=smoke.test")
for name in "${!port[@]}"; do run_env+=("MAILHOST_ENDPOINTS__${name}__PORT=${port[$name]}"); done
if printf '%s\n' "${image_env[@]}" | grep -q '^MAILHOST_ENDPOINTS__IMAP__ADDRESS=0.0.0.0$'; then
  pass "Dockerfile environment listens on 0.0.0.0 (${#image_env[@]} MAILHOST_ settings)"
else
  fail "Dockerfile environment does not set MAILHOST_ENDPOINTS__IMAP__ADDRESS=0.0.0.0"
fi
mailhost() { "${run_env[@]}" "${as_user[@]}" "$work/app/mailhost" "$@"; }

step "users add (before start)"
if echo "smoke-password" | mailhost users add smoke@smoke.test --password-stdin >"$work/add.log" 2>&1; then
  pass "users add smoke@smoke.test"
else
  cat "$work/add.log"; fail "users add"
fi

step "serve as $user"
"${run_env[@]}" "${as_user[@]}" "$work/app/mailhost" serve >"$work/daemon.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 1 600); do
  grep -q "MailHost ready" "$work/daemon.log" && break
  kill -0 "$daemon_pid" 2>/dev/null || break
  sleep 0.1
done
if grep -q "MailHost ready" "$work/daemon.log"; then
  pass "daemon ready as $user (pid $daemon_pid)"
else
  cat "$work/daemon.log"; fail "daemon did not become ready"; echo "FAIL smoke (cannot continue)"; exit 1
fi
daemon_user=$(ps -o user= -p "$daemon_pid" | tr -d ' ')
if [ "$(ps -o uid= -p "$daemon_pid" | tr -d ' ')" != 0 ]; then pass "daemon runs unprivileged ($daemon_user)"; else fail "daemon runs as root"; fi

step "greetings"
cert="$work/data/tls/mailhost.crt"
greet() { # name port tls expected
  python3 - "$@" "$cert" <<'PY'
import socket, ssl, sys
name, port, tls, expected, cert = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "tls", sys.argv[4], sys.argv[5]
try:
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    if tls:
        # Trust exactly the daemon's own self-signed certificate.
        ctx = ssl.create_default_context(cafile=cert)
        ctx.check_hostname = False
        s = ctx.wrap_socket(s)
    line = s.makefile("rb").readline().decode("ascii", "replace").rstrip("\r\n")
except (OSError, ssl.SSLError) as e:
    sys.exit(f"{type(e).__name__}: {e}")
print(line if len(line) <= 60 else line[:60] + "...")
sys.exit(0 if line.startswith(expected) else 1)
PY
}
for spec in "imap ${port[IMAP]} plain *_OK" "imaps ${port[IMAPS]} tls *_OK" "smtp ${port[SMTP]} plain 220" \
            "submission ${port[SUBMISSION]} plain 220" "submissions ${port[SUBMISSIONS]} tls 220"; do
  read -r name p mode expected <<<"$spec"
  expected=${expected//_/ }
  if line=$(greet "$name" "$p" "$mode" "$expected" 2>&1); then pass "greeting $name :$p ($mode): $line"; else fail "greeting $name :$p ($mode): $line"; fi
done

step "health"
if out=$(mailhost health 2>&1); then pass "health exit 0 while running"; else echo "$out"; fail "health while running"; fi

step "login"
if out=$(python3 - "${port[IMAPS]}" "${port[SUBMISSIONS]}" "$cert" <<'PY' 2>&1
import imaplib, smtplib, ssl, sys
imaps, submissions, cert = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
sys.excepthook = lambda t, e, tb: print(f"{t.__name__}: {e}", file=sys.stderr)
ctx = ssl.create_default_context(cafile=cert)
ctx.check_hostname = False
imap = imaplib.IMAP4_SSL("127.0.0.1", imaps, ssl_context=ctx)
imap.login("smoke@smoke.test", "smoke-password")
imap.logout()
try:
    imaplib.IMAP4_SSL("127.0.0.1", imaps, ssl_context=ctx).login("smoke@smoke.test", "wrong")
    sys.exit("IMAP accepted a wrong password")
except imaplib.IMAP4.error:
    pass
smtp = smtplib.SMTP_SSL("127.0.0.1", submissions, context=ctx)
smtp.login("smoke@smoke.test", "smoke-password")
smtp.quit()
print("IMAP LOGIN and SMTP AUTH ok")
PY
); then pass "login: $out"; else fail "login: $out"; fi

step "SIGTERM drain"
python3 - "${port[IMAP]}" >"$work/client.log" 2>&1 <<'PY' &
import socket, sys
sys.excepthook = lambda t, e, tb: print(f"{t.__name__}: {e}", file=sys.stderr)
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=30)
f = s.makefile("rb")
for line in f:
    print(line.decode("ascii", "replace").rstrip("\r\n"), flush=True)
PY
client_pid=$!
for _ in $(seq 1 50); do grep -q '^\* OK' "$work/client.log" && break; sleep 0.1; done
start=$(date +%s)
kill -TERM "$daemon_pid"
wait "$daemon_pid"; code=$?
elapsed=$(( $(date +%s) - start ))
daemon_pid=
wait "$client_pid" 2>/dev/null
if [ "$code" = 0 ] && [ "$elapsed" -le "$grace" ]; then pass "SIGTERM: exit 0 after ${elapsed}s (grace ${grace}s)"; else tail -20 "$work/daemon.log"; fail "SIGTERM: exit $code after ${elapsed}s"; fi
if grep -q '^\* BYE' "$work/client.log"; then pass "connected IMAP client got * BYE"; else cat "$work/client.log"; fail "connected IMAP client got no * BYE"; fi

if mailhost health >"$work/health.log" 2>&1; then fail "health exit 0 after stop"; else pass "health non-zero after stop"; fi

step "publish win-x64"
if dotnet publish src/MailHost/MailHost.csproj -c Release -r win-x64 --self-contained false \
     -p:SatelliteResourceLanguages=en -p:DebugType=none -o "$work/win" -v quiet -nologo >"$work/publish-win.log" 2>&1 \
   && [ -f "$work/win/mailhost.exe" ]; then
  pass "publish win-x64 (mailhost.exe)"
else
  tail -30 "$work/publish-win.log"; fail "publish win-x64"
fi

if [ "$failures" = 0 ]; then echo "PASS smoke"; else echo "FAIL smoke ($failures failed)"; exit 1; fi
