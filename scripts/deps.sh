#!/usr/bin/env bash
# Sourced by start.sh and test.sh: install the npm packages only when package-lock.json changed
# since the last install, and build only when a source file changed since the last good build.
#   need_install  -> true when node_modules is missing or was installed from another lock file
#   ensure_deps   -> npm ci when need_install, then records the lock file's hash
#   ensure_build  -> npm run build when a .ts file, tsconfig.json or package-lock.json is newer
#                    than the stamp of the last build that succeeded (dist/.build-stamp)

lock_hash() { sha256sum package-lock.json | cut -d' ' -f1; }

need_install() {
  [ -d node_modules ] || return 0
  if [ -f node_modules/.sipsh-lock.sha256 ]; then
    [ "$(cat node_modules/.sipsh-lock.sha256)" != "$(lock_hash)" ]
    return
  fi
  # installed by hand (npm install / npm ci): trust npm's own record unless the lock is newer
  [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]
}

ensure_deps() {
  if need_install; then
    npm ci --no-audit --no-fund --loglevel=error || return 1
    lock_hash >node_modules/.sipsh-lock.sha256
  fi
}

need_build() {
  [ -f dist/.build-stamp ] || return 0
  [ -n "$(find src test -name '*.ts' -newer dist/.build-stamp -print -quit)" ] && return 0
  [ tsconfig.json -nt dist/.build-stamp ] || [ package-lock.json -nt dist/.build-stamp ]
}

ensure_build() {
  if need_build; then
    # the stamp is taken before tsc reads the files: a file saved during the build is seen next time
    local stamp
    mkdir -p dist
    stamp=$(mktemp dist/.build-stamp.XXXXXX)
    npm run build --silent || { rm -f "$stamp"; return 1; }
    mv "$stamp" dist/.build-stamp
  fi
}
