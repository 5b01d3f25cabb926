#!/usr/bin/env bash
# Real-world corpus: run scimcheck (suite, Okta profile, Entra profile) against the SCIM 2.0
# provisioning endpoint of mlflow-oidc-auth (PyPI `mlflow-oidc-auth`, an MLflow auth plugin),
# installed into a throw-away venv.
#
#   scripts/real-world/mlflow-oidc-auth.sh OUT_DIR
#
# Needs Python 3.12 or newer ($PYTHON, else python3.12, else python3: the 11.0.2 release
# declares 3.11 but fails to import on it) and the PyPI registry (about 900 MB installed: it
# pulls all of MLflow). The scimcheck binary is $SCIMCHECK, else `scimcheck` on PATH. Writes
# OUT_DIR/mlflow-oidc-auth-{run,okta,entra}.json (+ .txt terminal output) and
# OUT_DIR/mlflow-oidc-auth-server.log. Not part of the test suite.
set -euo pipefail

source "$(dirname "$0")/corpus.sh"
corpus_setup mlflow-oidc-auth "${1:-}"
PORT=${PORT:-18734}
MLFLOW_OIDC_AUTH_VERSION=${MLFLOW_OIDC_AUTH_VERSION:-11.0.2}
PYTHON=${PYTHON:-$(command -v python3.12 || command -v python3)}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 12))' \
  || { echo "mlflow-oidc-auth $MLFLOW_OIDC_AUTH_VERSION needs Python 3.12 or newer: set PYTHON" >&2; exit 2; }

"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q "mlflow-oidc-auth==$MLFLOW_OIDC_AUTH_VERSION"
"$WORK/venv/bin/pip" list 2>/dev/null | grep -iE '^(mlflow|mlflow-oidc-auth|fastapi) ' > "$OUT/mlflow-oidc-auth-versions.txt"

# A minimal launcher: the plugin's own FastAPI app (the one `mlflow server --app-name
# oidc-auth` serves) over SQLite files in the throw-away folder, no OIDC provider (login is not
# needed: /scim/v2 takes only SCIM tokens), SCIM's own rate limit off so the run is not
# throttled, and one SCIM token issued through the plugin's store, as its admin API does.
cat > "$WORK/serve.py" <<'PY'
import os, sys
port, token_file, work = int(sys.argv[1]), sys.argv[2], sys.argv[3]
os.environ["OIDC_USERS_DB_URI"] = f"sqlite:///{work}/auth.db"
os.environ["MLFLOW_BACKEND_STORE_URI"] = f"sqlite:///{work}/mlflow.db"
os.environ["SCIM_RATE_LIMIT_PER_MINUTE"] = "0"
os.environ["SECRET_KEY"] = os.urandom(16).hex()
from mlflow_oidc_auth.app import app  # builds the app on import
from mlflow_oidc_auth.store import store
import uvicorn
record, plaintext = store.create_scim_token("scimcheck", None)
with open(token_file, "w") as f:
    f.write(plaintext)
uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
PY

cd "$WORK"   # whatever MLflow writes beside its databases stays in the throw-away folder
"$WORK/venv/bin/python" "$WORK/serve.py" "$PORT" "$WORK/token" "$WORK" > "$OUT/mlflow-oidc-auth-server.log" 2>&1 &
SERVER_PID=$!
BASE="http://127.0.0.1:$PORT/scim/v2"
started() { [ -s "$WORK/token" ] && curl -s -o /dev/null "$BASE/ServiceProviderConfig"; }
corpus_wait mlflow-oidc-auth started
# Through the environment, so the token is not on any command line.
export SCIMCHECK_TOKEN; SCIMCHECK_TOKEN=$(cat "$WORK/token")
corpus_run mlflow-oidc-auth "$BASE"
