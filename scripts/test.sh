#!/usr/bin/env bash
# The whole test suite, from a fresh checkout: installs what the tests need (the Debian packages of
# the real peers, when missing; the npm packages), builds, runs jest, and ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

# tool:package pairs for the real peers the tests drive
NEED="kamailio:kamailio kamcmd:kamailio sipp:sip-tester telnet:telnet expect:expect ss:iproute2 chromium:chromium baresip:baresip-core dnsmasq:dnsmasq-base ssh:openssh-client sftp:openssh-client ssh-keygen:openssh-client"
missing=()
for pair in $NEED; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair##*:}")
done
# paramiko replays Ansible's and Terraform's SSH clients; Debian's package is for /usr/bin/python3
/usr/bin/python3 -c 'import paramiko' >/dev/null 2>&1 || missing+=("python3-paramiko")
# Japanese glyphs for the screenshots of the Japanese page (the tests read the DOM, not pixels)
[ -e /usr/share/fonts/opentype/ipafont-gothic ] || [ -e /usr/share/fonts/truetype/fonts-japanese-gothic.ttf ] || missing+=("fonts-ipafont-gothic")
if [ ${#missing[@]} -gt 0 ]; then
  pkgs=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
  if [ "$(id -u)" = 0 ]; then
    echo "test: installing Debian packages: $pkgs"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $pkgs >/dev/null \
      || echo "test: apt-get install failed; the real-peer tests will fail and say what is missing"
  else
    echo "test: missing Debian packages: $pkgs (run: sudo apt-get install -y $pkgs); the real-peer tests will fail"
  fi
fi

# The e2e tests give their peers fixed loopback ports (Kamailio, SIPp, sipsh) in 15000-15999,
# 25000-25999 and 30000-42999; Linux hands out outgoing ports from 32768 up, so a connection made
# by anything on the machine could sit on one of them. Reserve those ranges so that the kernel
# never picks them as ephemeral ports (root only; a note otherwise).
reserve="15000-15999,25000-25999,30000-42999"
if [ "$(cat /proc/sys/net/ipv4/ip_local_reserved_ports 2>/dev/null)" != "$reserve" ]; then
  if [ "$(id -u)" = 0 ] && echo "$reserve" > /proc/sys/net/ipv4/ip_local_reserved_ports 2>/dev/null; then
    echo "test: reserved the test ports ($reserve) from the kernel's ephemeral range"
  else
    echo "test: could not reserve the test ports ($reserve): a busy-port failure may be a collision with an outgoing connection"
  fi
fi

mkdir -p test-output
rm -f test-output/jest.json
# shellcheck source=scripts/deps.sh
. scripts/deps.sh
ensure_deps || { echo "test: npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
ensure_build || { echo "test: the build failed"; echo "0 passed, 1 failed"; exit 1; }

# The shape checks (issue 14): ESLint with type-checked rules and the layer rules of
# .dependency-cruiser.cjs. A finding fails the run like a failing test (after the tests have run,
# so that the count is still seen).
echo "test: npm run lint (eslint + dependency-cruiser)"
npm run lint --silent
lint_rc=$?
[ $lint_rc -eq 0 ] && echo "test: lint clean" || echo "test: lint FAILED (see above); the run fails"

# The tests' temporary files go in one folder of this run, removed at the end; anything a test
# left there is named, so that a leak is seen (and fixed) rather than piling up in /tmp.
# jest's own cache stays where it always is (the folder jest picks from the usual TMPDIR).
jest_cache=$(node -e 'process.stdout.write(`${require("fs").realpathSync(require("os").tmpdir())}/jest_${process.getuid().toString(36)}`)')
run_tmp=$(mktemp -d "${TMPDIR:-/tmp}/sipsh-test.XXXXXX")
export TMPDIR=$run_tmp
npx jest --cacheDirectory "$jest_cache" --json --outputFile=test-output/jest.json "$@"
rc=$?
left=$(find "$run_tmp" -mindepth 1 -maxdepth 1 -printf '%f ' 2>/dev/null)
[ -z "$left" ] || echo "test: the tests left in the temporary folder (removed now): $left"
rm -rf "$run_tmp"
node scripts/summary.js
[ $rc -ne 0 ] && exit $rc
exit $lint_rc
