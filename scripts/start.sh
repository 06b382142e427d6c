#!/usr/bin/env bash
# Starts sipsh from a fresh checkout: installs the npm packages when missing, builds, runs.
# Arguments go to sipsh (npm start -- --telnet 127.0.0.1:2323 --sip-port 5070).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run build --silent
exec node dist/src/cli/main.js "$@"
