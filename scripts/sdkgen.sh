#!/usr/bin/env bash
# sdkgen.sh — build (once, cached outside the repo) and run the SDK generator in sdkgen/.
#
#   bash scripts/sdkgen.sh            regenerate sdk/python and sdk/go from schema.json (make sdks)
#   bash scripts/sdkgen.sh --check    exit 1 when the committed SDKs differ from what schema.json gives
#   bash scripts/sdkgen.sh --build    only build; prints the generator's path (last stdout line)
#
# The generator is cached by the content of sdkgen/ (go.mod, go.sum, *.go) in
# PULUMI_QUALYS_SDKGEN_DIR (default ~/.cache/pulumi-qualys/sdkgen). Its dependencies are the
# github.com/pulumi/pulumi/pkg/v3 v3.248.0 module graph the CLI build (scripts/pulumi-toolchain.sh)
# already downloads; a cold build fetches any missing module from the Go module proxy. Generating
# and --check both run `go mod tidy` on the Go SDK (its go.mod and go.sum are generated files too),
# which needs the Go toolchain and, with a warm module cache, no network.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$REPO_ROOT/sdkgen"
hash="$(cd "$SRC" && find . -name '*.go' -o -name 'go.mod' -o -name 'go.sum' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)"
DIR="${PULUMI_QUALYS_SDKGEN_DIR:-$HOME/.cache/pulumi-qualys/sdkgen}/$hash"
BIN="$DIR/sdkgen"

if [ ! -x "$BIN" ]; then
  command -v go >/dev/null 2>&1 || { echo "sdkgen: go is required to build the SDK generator" >&2; exit 1; }
  mkdir -p "$DIR"
  exec 9>"$DIR/.lock"
  flock 9
  if [ ! -x "$BIN" ]; then
    echo "sdkgen: building the SDK generator (pulumi/pkg/v3 codegen; first time only)" >&2
    start=$SECONDS
    # GOSUMDB=off: only the module proxy is reachable, not the checksum database (go.sum pins the
    # hashes anyway). The clipboard replace in go.mod is pkg/v3's own (see pulumi-toolchain.sh).
    (cd "$SRC" && env GOSUMDB=off GOFLAGS=-mod=readonly GOWORK=off CGO_ENABLED=0 go build -o "$BIN.tmp" .) >&2
    mv -f "$BIN.tmp" "$BIN"
    echo "sdkgen: built in $((SECONDS - start))s" >&2
  fi
fi

case "${1:-}" in
  --build) echo "$BIN" ;;
  --check) exec "$BIN" --check "$REPO_ROOT/schema.json" "$REPO_ROOT/sdk" ;;
  "") exec "$BIN" "$REPO_ROOT/schema.json" "$REPO_ROOT/sdk" ;;
  *) echo "usage: scripts/sdkgen.sh [--check|--build]" >&2; exit 2 ;;
esac
