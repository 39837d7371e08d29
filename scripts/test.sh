#!/usr/bin/env bash
# The test command (`make test`, and what .ci/run runs): installs what is missing, builds, stages the
# packed package for the examples, provides the Pulumi CLI, runs every tier with jest, and ends with
# `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules/@pulumi/pulumi ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund >&2
fi
# The HTML drift report is checked in a real headless browser: Debian's Chromium, installed only when missing.
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium >&2
fi
ALLOW_BUILD_ERRORS=1 bash scripts/prepare-e2e.sh
PULUMI_QUALYS_BIN=$(bash scripts/pulumi-toolchain.sh | tail -n1)
export PULUMI_QUALYS_BIN
# Generated SDKs (docs/sdks.md): everything that may download (the generator's and the Go example's
# modules, the Python host, the virtualenv) happens here, so the tests themselves run offline.
PULUMI_QUALYS_SDKGEN=$(bash scripts/sdkgen.sh --build | tail -n1)
PULUMI_QUALYS_VENV=$(bash scripts/python-toolchain.sh | tail -n1)
# The Go language host for Go programs (sdkgen/gohost; docs/sdks.md).
PULUMI_QUALYS_GOHOST=$(bash scripts/go-toolchain.sh | tail -n1)
export PULUMI_QUALYS_SDKGEN PULUMI_QUALYS_VENV PULUMI_QUALYS_GOHOST
(cd examples/go-platform && env GOSUMDB=off GOFLAGS=-mod=readonly GOWORK=off go mod download) >&2
mkdir -p reports
set +e
lint_rc=0
if [ $# -eq 0 ]; then
  # Lint and format are part of the test command, so CI fails on any finding (make lint).
  make --no-print-directory lint >&2 || lint_rc=$?
fi
npx jest --maxWorkers=2 --json --outputFile=reports/jest.json "$@"
rc=$?
set -e
[ "$lint_rc" = 0 ] || echo "lint: FAILED (run \`make lint\`; \`make fmt\` fixes formatting)" >&2
node scripts/jest-summary.js reports/jest.json
[ "$rc" = 0 ] && exit "$lint_rc"
exit $rc
