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
VERSION=v1.7.12
DIR="${PULUMI_QUALYS_ACTIONLINT_DIR:-$HOME/.cache/pulumi-qualys/actionlint}/$VERSION"
BIN="$DIR/actionlint"

if [ ! -x "$BIN" ]; then
  command -v go >/dev/null 2>&1 || { echo "actionlint: go is required to build actionlint" >&2; exit 1; }
  mkdir -p "$DIR"
  exec 9>"$DIR/.lock"
  flock 9
  if [ ! -x "$BIN" ]; then
    echo "actionlint: building github.com/rhysd/actionlint $VERSION (first time only)" >&2
    # GOSUMDB=off: only the module proxy is reachable, not the checksum database.
    env GOBIN="$DIR" GOSUMDB=off GOFLAGS=-mod=mod GOWORK=off CGO_ENABLED=0 \
      go install "github.com/rhysd/actionlint/cmd/actionlint@$VERSION" >&2
  fi
fi

case "${1:-}" in
  --build) echo "$BIN" ;;
  *)
    cd "$REPO_ROOT"
    exec "$BIN" -no-color "$@"
    ;;
esac
