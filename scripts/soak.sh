#!/usr/bin/env bash
# `make soak`: the chaos convergence tier (tests/chaos) over many seeds, then its table
# (seed, calls, faults by kind, runs needed for up and destroy, orphans, duplicates, ghosts).
#   SEEDS=1-20 (default)   CHAOS_PROBABILITY=0.2 (default)
# Exits non-zero when any seed did not converge cleanly; the table says which and why.
set -uo pipefail
cd "$(dirname "$0")/.."
export CHAOS_SEEDS="${SEEDS:-1-20}"
mkdir -p reports
rm -f reports/chaos-soak.md
bash scripts/test.sh tests/chaos >reports/soak-jest.log 2>&1
rc=$?
tail -n 1 reports/soak-jest.log
if [ -f reports/chaos-soak.md ]; then cat reports/chaos-soak.md; else cat reports/soak-jest.log; fi
exit $rc
