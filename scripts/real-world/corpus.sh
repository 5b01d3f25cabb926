# What the corpus scripts share: sourced by canaille.sh, better-auth.sh and jackson.sh, not run.
# Each script installs its server, starts it in the background (setting SERVER_PID) and calls
# these around that.

# corpus_setup NAME OUT_DIR: OUT (made absolute), SCIMCHECK (the binary: $SCIMCHECK, else
# `scimcheck` on PATH), WORK (a throw-away folder) and an exit trap that stops the server and
# removes WORK.
corpus_setup() {
  OUT=${2:?usage: $0 OUT_DIR}
  mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
  SCIMCHECK=${SCIMCHECK:-$(command -v scimcheck || true)}
  [ -x "$SCIMCHECK" ] || { echo "set SCIMCHECK to the scimcheck binary (or put it on PATH)" >&2; exit 2; }
  WORK=$(mktemp -d "/tmp/scimcheck-$1.XXXXXX")
  SERVER_PID=
  trap corpus_cleanup EXIT INT TERM
}

corpus_cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}

# corpus_wait NAME COMMAND...: waits up to a minute for COMMAND to succeed; stops the script
# when the server (SERVER_PID) exits first, pointing at OUT/NAME-server.log.
corpus_wait() {
  local name=$1; shift
  for _ in $(seq 1 60); do
    "$@" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "$name did not start; see $OUT/$name-server.log" >&2; exit 1; }
    sleep 1
  done
  echo "$name did not answer within a minute; see $OUT/$name-server.log" >&2; exit 1
}

# corpus_run NAME BASE_URL: the suite and both IdP profiles against BASE_URL, with the token in
# SCIMCHECK_TOKEN (the environment, so it is on no command line); writes
# OUT/NAME-{run,okta,entra}.json and .txt and prints their summary lines.
corpus_run() {
  local name=$1 base=$2 status=0
  "$SCIMCHECK" --version > "$OUT/scimcheck-version.txt"
  cd "$OUT"   # the runs' default files land here, not in the caller's folder
  "$SCIMCHECK" run --base-url "$base" --json "$name-run.json" > "$name-run.txt" 2>&1 || status=$?
  for profile in okta entra; do
    "$SCIMCHECK" run --base-url "$base" --profile "$profile" --json "$name-$profile.json" \
      > "$name-$profile.txt" 2>&1 || status=$?
  done
  grep -h -E '^(FAILED|PASSED|OK)' "$name-run.txt" "$name-okta.txt" "$name-entra.txt" || true
  echo "results in $OUT (scimcheck exit status of the last failing run: $status)"
}
