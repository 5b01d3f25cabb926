#!/usr/bin/env bash
# Real-world corpus: run scimcheck (suite, Okta profile, Entra profile) against
# better-auth's SCIM plugin (npm `@better-auth/scim`), installed into a throw-away folder.
#
#   scripts/real-world/better-auth.sh OUT_DIR
#
# Needs node + npm and the npm registry. The scimcheck binary is $SCIMCHECK, else
# `scimcheck` on PATH. Writes OUT_DIR/better-auth-{run,okta,entra}.json (+ .txt
# terminal output) and OUT_DIR/better-auth-server.log. Not part of the test suite.
set -euo pipefail

source "$(dirname "$0")/corpus.sh"
corpus_setup better-auth "${1:-}"
PORT=${PORT:-18732}
# @better-auth/scim 1.7.5 pins its peers exactly (@better-auth/utils 0.4.2, better-call
# 1.4.0); the newest better-auth 1.7.x pulls newer ones and npm refuses to resolve, so
# the whole set is pinned to the plugin's release.
SCIM_VERSION=${SCIM_VERSION:-1.7.5}


cd "$WORK"
npm init -y > /dev/null
npm install --no-audit --no-fund --silent "@better-auth/scim@$SCIM_VERSION" "better-auth@$SCIM_VERSION" \
  "@better-auth/core@$SCIM_VERSION" better-call@1.4.0 @better-auth/utils@0.4.2
npm ls --depth=0 > "$OUT/better-auth-versions.txt" 2>&1 || true

# A random bearer token for the one code-defined SCIM connection.
TOKEN=$(node -e 'console.log(require("node:crypto").randomBytes(24).toString("hex"))')

cat > server.mjs <<'JS'
import http from "node:http";
import { randomBytes } from "node:crypto";
import { betterAuth } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";
import { toNodeHandler } from "better-auth/node";
import { scim } from "@better-auth/scim";

const port = Number(process.argv[2]);
const token = process.env.SCIM_TOKEN;
const db = {};
const auth = betterAuth({
  baseURL: `http://127.0.0.1:${port}`,
  secret: randomBytes(32).toString("hex"),
  database: memoryAdapter(db),
  plugins: [scim({ connections: [{ id: "scimcheck", credentials: [{ type: "bearer", id: "scimcheck", token }] }] })],
});
// The memory adapter keeps one array per model and does not create them itself.
const ctx = await auth.$context;
for (const table of Object.values(ctx.tables)) db[table.modelName] ??= [];
http.createServer(toNodeHandler(auth)).listen(port, "127.0.0.1", () => console.log(`listening on ${port}`));
JS

SCIM_TOKEN=$TOKEN node server.mjs "$PORT" > "$OUT/better-auth-server.log" 2>&1 &
SERVER_PID=$!
BASE="http://127.0.0.1:$PORT/api/auth/scim/v2"
corpus_wait better-auth grep -q listening "$OUT/better-auth-server.log"
# Through the environment, so the token is not on any command line.
export SCIMCHECK_TOKEN=$TOKEN
corpus_run better-auth "$BASE"
