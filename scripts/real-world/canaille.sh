#!/usr/bin/env bash
# Real-world corpus: run scimcheck (suite, Okta profile, Entra profile) against
# Canaille's SCIM 2.0 server (PyPI `canaille`), installed into a throw-away venv.
#
#   scripts/real-world/canaille.sh OUT_DIR
#
# Needs python3 (with venv) and the PyPI registry. The scimcheck binary is
# $SCIMCHECK, else `scimcheck` on PATH. Writes OUT_DIR/canaille-{run,okta,entra}.json
# (+ .txt terminal output) and OUT_DIR/canaille-server.log. Not part of the test suite.
set -euo pipefail

source "$(dirname "$0")/corpus.sh"
corpus_setup canaille "${1:-}"
PORT=${PORT:-18731}
CANAILLE_VERSION=${CANAILLE_VERSION:-0.3.6}
# Canaille 0.3.6 declares scim2-models>=0.6.12 but calls model_dump(attributes=...),
# which scim2-models 0.10+ no longer accepts (every POST /Users answers 500). 0.9.0 works.
SCIM2_MODELS_VERSION=${SCIM2_MODELS_VERSION:-0.9.0}


python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q "canaille[scim,oidc]==$CANAILLE_VERSION"
# scim2-client (unused: Canaille's SCIM client side stays off) complains about this pin; harmless.
"$WORK/venv/bin/pip" install -q "scim2-models==$SCIM2_MODELS_VERSION" 2>/dev/null || true
"$WORK/venv/bin/pip" list 2>/dev/null | grep -iE '^(canaille|scim2-models) ' > "$OUT/canaille-versions.txt"

# A minimal launcher: in-memory database, SCIM server on, one OAuth client and a
# bearer token without a subject (Canaille lets client tokens use the SCIM API).
cat > "$WORK/serve.py" <<'PY'
import datetime, os, sys, uuid, wsgiref.simple_server
os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
from canaille import create_app
from canaille.app import models
from canaille.backends import Backend
from joserfc.jwk import JWKRegistry

port, token_file = int(sys.argv[1]), sys.argv[2]
jwk = JWKRegistry.generate_key("RSA", 2048)
jwk.ensure_kid()
app = create_app(config={
    "TESTING": True, "ENV_FILE": None, "SECRET_KEY": str(uuid.uuid4()),
    "WTF_CSRF_ENABLED": False, "PREFERRED_URL_SCHEME": "http",
    "SERVER_NAME": f"127.0.0.1:{port}",
    "CANAILLE": {"DATABASE": "memory", "JAVASCRIPT": False},
    "CANAILLE_SCIM": {"ENABLE_SERVER": True},
    "CANAILLE_OIDC": {"ACTIVE_JWKS": [jwk.as_dict(private=True)]},
})
now = datetime.datetime.now(datetime.UTC)
with app.app_context():
    client = models.Client(
        client_id=str(uuid.uuid4()), client_name="scimcheck", scope=["openid"],
        grant_types=["client_credentials"], redirect_uris=["http://127.0.0.1/cb"],
        token_endpoint_auth_method="client_secret_basic",
        client_secret=str(uuid.uuid4()), client_id_issued_at=now)
    Backend.instance.save(client)
    token = models.Token(
        id=str(uuid.uuid4()), token_id=str(uuid.uuid4()), access_token=str(uuid.uuid4()),
        client=client, subject=None, type="access_token", scope=["openid"],
        issue_date=now, lifetime=86400, audience=[client])
    Backend.instance.save(token)
    with open(token_file, "w") as f:
        f.write(token.access_token)
wsgiref.simple_server.make_server("127.0.0.1", port, app).serve_forever()
PY

"$WORK/venv/bin/python" "$WORK/serve.py" "$PORT" "$WORK/token" > "$OUT/canaille-server.log" 2>&1 &
SERVER_PID=$!
BASE="http://127.0.0.1:$PORT/scim/v2"
started() { [ -s "$WORK/token" ] && curl -s -o /dev/null "$BASE/ServiceProviderConfig"; }
corpus_wait canaille started
# Through the environment, so the token is not on any command line.
export SCIMCHECK_TOKEN; SCIMCHECK_TOKEN=$(cat "$WORK/token")
corpus_run canaille "$BASE"
