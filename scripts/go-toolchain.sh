#!/usr/bin/env bash
# go-toolchain.sh — provide `pulumi-language-go`, the language host that runs Pulumi programs
# written in Go, built from sdkgen/gohost (our own minimal host: the real one is a Go module this
# machine's Go module proxy refuses; see docs/sdks.md). Cached outside the repo by the content of
# sdkgen/ in PULUMI_QUALYS_GOHOST_DIR (default ~/.cache/pulumi-qualys/gohost). It shares the
# github.com/pulumi/pulumi/sdk/v3 v3.248.0 module graph of sdkgen, which the CLI build already
# downloads.
#
# Output contract: the last stdout line is a directory to put on PATH (it holds pulumi-language-go).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$REPO_ROOT/scripts/lib/cached-build.sh"
SRC="$REPO_ROOT/sdkgen"
DIR="${PULUMI_QUALYS_GOHOST_DIR:-$HOME/.cache/pulumi-qualys/gohost}/$(source_hash "$SRC")"
BIN="$DIR/pulumi-language-go"

build_once "go-toolchain (pulumi-language-go from sdkgen/gohost)" "$BIN" \
  sh -c 'cd "$1" && GOFLAGS=-mod=readonly go build -o "$2.tmp" ./gohost && mv -f "$2.tmp" "$2"' _ "$SRC" "$BIN"
echo "$DIR"
