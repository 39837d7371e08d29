#!/usr/bin/env bash
# actionlint.sh — lint .github/workflows with actionlint (built once from the Go module proxy, cached
# outside the repository like the other toolchains).
#
#   bash scripts/actionlint.sh [files…]   lint the workflows (default: every .github/workflows/*.yml)
#   bash scripts/actionlint.sh --build    only build; prints the binary's path (last stdout line)
#
# Cached in PULUMI_QUALYS_ACTIONLINT_DIR (default ~/.cache/pulumi-qualys/actionlint)/<version>.
# shellcheck and pyflakes are not required: actionlint checks `run:` scripts with them when on PATH.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$REPO_ROOT/scripts/lib/cached-build.sh"
VERSION=v1.7.12
DIR="${PULUMI_QUALYS_ACTIONLINT_DIR:-$HOME/.cache/pulumi-qualys/actionlint}/$VERSION"
BIN="$DIR/actionlint"

build_once "actionlint (github.com/rhysd/actionlint $VERSION)" "$BIN" \
  env GOBIN="$DIR" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@$VERSION"

case "${1:-}" in
  --build) echo "$BIN" ;;
  *)
    cd "$REPO_ROOT"
    exec "$BIN" -no-color "$@"
    ;;
esac
