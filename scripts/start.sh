#!/usr/bin/env bash
# Starts sipsh from a fresh checkout: installs the npm packages when package-lock.json changed since
# the last install, builds when a source file changed since the last build, runs.
# Arguments go to sipsh (npm start -- --telnet 127.0.0.1:2323 --sip-port 5070).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/deps.sh
. scripts/deps.sh
ensure_deps
ensure_build
exec node dist/src/cli/main.js "$@"
