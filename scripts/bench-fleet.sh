#!/usr/bin/env bash
# The fleet benchmark (`make bench-fleet`): figures printed, never asserted. See bench/fleet.ts and bench/writes.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prepare-e2e.sh
PULUMI_QUALYS_BIN=$(bash scripts/pulumi-toolchain.sh | tail -n1)
export PULUMI_QUALYS_BIN
npx ts-node --transpile-only bench/fleet.ts
# Provider CPU and calls of writes (job creates at growing N, create and update per type).
npx ts-node --transpile-only bench/writes.ts
