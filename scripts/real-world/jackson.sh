#!/usr/bin/env bash
# Real-world corpus: run scimcheck (suite, Okta profile, Entra profile) against the
# directory-sync SCIM 2.0 server of BoxyHQ SAML Jackson / Ory Polis (npm
# `@boxyhq/saml-jackson`), installed into a throw-away folder.
#
#   scripts/real-world/jackson.sh OUT_DIR
#
# Needs node + npm and the npm registry. The scimcheck binary is $SCIMCHECK, else
# `scimcheck` on PATH. Writes OUT_DIR/jackson-{run,okta,entra}.json (+ .txt
# terminal output) and OUT_DIR/jackson-server.log. Not part of the test suite.
set -euo pipefail

source "$(dirname "$0")/corpus.sh"
corpus_setup jackson "${1:-}"
PORT=${PORT:-18733}
JACKSON_VERSION=${JACKSON_VERSION:-26.2.0}


cd "$WORK"
npm init -y > /dev/null
# --ignore-scripts: the in-memory engine needs none of the native database drivers
# (better-sqlite3 would try to download a prebuilt binary, which fails offline).
npm install --no-audit --no-fund --silent --ignore-scripts "@boxyhq/saml-jackson@$JACKSON_VERSION"
npm ls --depth=0 > "$OUT/jackson-versions.txt" 2>&1 || true

# Jackson's directory sync is a request handler, not an HTTP server: the application
# routes /api/scim/v2.0/<directoryId>/<Users|Groups>[/<id>] to it. The glue below does
# what BoxyHQ's own Next.js example (and cal.com's copy of it) does, line for line:
# resourceType "users" for the path "Users" and "groups" for anything else, count and
# startIndex through parseInt, the bearer token as apiSecret, and the handler's
# {status, data} written back as JSON (`res.status(status).json(data)`). An unparsable
# body throws out of the handler there, so it answers 500 here too.
cat > server.cjs <<'JS'
const http = require("node:http");
const port = Number(process.argv[2]);
const base = `http://127.0.0.1:${port}`;

(async () => {
  const { directorySyncController: dsync } = await require("@boxyhq/saml-jackson").controllers({
    externalUrl: base, samlPath: "/api/oauth/saml", scimPath: "/api/scim/v2.0",
    db: { engine: "mem" }, noAnalytics: true,
  });
  const { data: directory, error } = await dsync.directories.create({
    name: "scimcheck", tenant: "scimcheck", product: "scimcheck", type: "generic-scim-v2",
  });
  if (error) throw new Error(JSON.stringify(error));

  http.createServer((req, res) => {
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", async () => {
      try {
        const url = new URL(req.url, base);
        const prefix = "/api/scim/v2.0/";
        if (!url.pathname.startsWith(prefix)) { res.writeHead(404).end(); return; }
        const [directoryId, path, resourceId] = url.pathname.slice(prefix.length).split("/").map(decodeURIComponent);
        const auth = req.headers.authorization || null;
        const q = url.searchParams;
        const request = {
          method: req.method,
          body: text ? JSON.parse(text) : undefined,
          directoryId,
          resourceId: resourceId || undefined,
          resourceType: path === "Users" ? "users" : "groups",
          apiSecret: auth ? auth.split(" ")[1] : null,
          query: {
            count: q.get("count") ? parseInt(q.get("count")) : undefined,
            startIndex: q.get("startIndex") ? parseInt(q.get("startIndex")) : undefined,
            filter: q.get("filter") ?? undefined,
          },
        };
        const { status, data } = await dsync.requests.handle(request, async () => {});
        res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" }).end(JSON.stringify(data));
      } catch (e) {
        console.error(e);
        res.writeHead(500, { "Content-Type": "text/plain" }).end("Internal Server Error");
      }
    });
  }).listen(port, "127.0.0.1", () => {
    process.stdout.write(`listening on ${port}\n${directory.scim.endpoint}\n`);
    require("node:fs").writeFileSync(process.argv[3], directory.scim.secret);
  });
})().catch((e) => { console.error(e); process.exit(1); });
JS

node server.cjs "$PORT" "$WORK/token" > "$OUT/jackson-server.log" 2>&1 &
SERVER_PID=$!
started() { [ -s "$WORK/token" ] && grep -q listening "$OUT/jackson-server.log"; }
corpus_wait jackson started
# The directory's SCIM endpoint, as Jackson reports it (…/api/scim/v2.0/<directoryId>).
BASE=$(grep -m1 '^http' "$OUT/jackson-server.log")
# Through the environment, so the token is not on any command line.
export SCIMCHECK_TOKEN; SCIMCHECK_TOKEN=$(cat "$WORK/token")
corpus_run jackson "$BASE"
