#!/usr/bin/env bash
# Side-by-side benchmark: scimcheck's suite and scim2-tester (the `scim2 test` command of the
# scim2-cli package from PyPI) against the same reference server, in one run.
#
# Usage: crates/suites/bench/compare-scim2-tester.sh [SCIMCHECK_BINARY]
#   SCIMCHECK_BINARY defaults to target/release/scimcheck (build it with
#   `cargo build --release -p scimcheck`). scim2-cli is installed into a private virtualenv
#   (~/.cache/scimcheck-bench-venv) on first use.
#
# For each tool it prints the wall time, the checks it reports and the requests the server saw
# (counted from the server's request log).
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
bin="${1:-$root/target/release/scimcheck}"
venv="${XDG_CACHE_HOME:-$HOME/.cache}/scimcheck-bench-venv"
port=18931
work="$(mktemp -d)"
trap 'kill "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

if [ ! -x "$venv/bin/scim2" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q scim2-cli
fi

"$bin" serve --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  grep -q "127.0.0.1:$port" "$work/server.log" 2>/dev/null && break
  sleep 0.1
done
base="http://127.0.0.1:$port/scim/v2"

requests() { grep -c ' request' "$work/server.log" || true; }
now_ms() { date +%s%3N; }

before=$(requests)
start=$(now_ms)
"$bin" run --base-url "$base" --token scimcheck-token --json "$work/scimcheck.json" >"$work/scimcheck.out" || true
end=$(now_ms)
after=$(requests)
checks=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); s=r["summary"]; print(len(r["cases"]), "checks:", s["passed"], "passed,", s["failed"], "failed,", s["warned"], "warned,", s["skipped"], "skipped")' "$work/scimcheck.json")
echo "scimcheck run:     $((end - start)) ms wall, $checks, $((after - before)) requests"

before=$(requests)
start=$(now_ms)
SCIM_CLI_HEADERS="Authorization: Bearer scimcheck-token" "$venv/bin/scim2" --url "$base" test >"$work/scim2.out" 2>&1 || true
end=$(now_ms)
after=$(requests)
ok=$(grep -c 'SUCCESS' "$work/scim2.out" || true)
bad=$(grep -c -E 'ERROR|FAIL' "$work/scim2.out" || true)
echo "scim2 test:        $((end - start)) ms wall, $((ok + bad)) checks: $ok succeeded, $bad not, $((after - before)) requests"
