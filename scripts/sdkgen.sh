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
. "$REPO_ROOT/scripts/lib/cached-build.sh"
SRC="$REPO_ROOT/sdkgen"
DIR="${PULUMI_QUALYS_SDKGEN_DIR:-$HOME/.cache/pulumi-qualys/sdkgen}/$(source_hash "$SRC")"
BIN="$DIR/sdkgen"

# The clipboard replace in sdkgen/go.mod is pkg/v3's own (see pulumi-toolchain.sh).
build_once "sdkgen (the SDK generator, pulumi/pkg/v3 codegen)" "$BIN" \
  sh -c 'cd "$1" && GOFLAGS=-mod=readonly go build -o "$2.tmp" . && mv -f "$2.tmp" "$2"' _ "$SRC" "$BIN"

case "${1:-}" in
  --build) echo "$BIN" ;;
  --check) exec "$BIN" --check "$REPO_ROOT/schema.json" "$REPO_ROOT/sdk" ;;
  "") exec "$BIN" "$REPO_ROOT/schema.json" "$REPO_ROOT/sdk" ;;
  *) echo "usage: scripts/sdkgen.sh [--check|--build]" >&2; exit 2 ;;
esac
