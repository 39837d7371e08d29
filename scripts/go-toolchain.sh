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
SRC="$REPO_ROOT/sdkgen"
hash="$(cd "$SRC" && find . -name '*.go' -o -name 'go.mod' -o -name 'go.sum' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)"
DIR="${PULUMI_QUALYS_GOHOST_DIR:-$HOME/.cache/pulumi-qualys/gohost}/$hash"
BIN="$DIR/pulumi-language-go"

if [ ! -x "$BIN" ]; then
  command -v go >/dev/null 2>&1 || { echo "go-toolchain: go is required to build pulumi-language-go" >&2; exit 1; }
  mkdir -p "$DIR"
  exec 9>"$DIR/.lock"
  flock 9
  if [ ! -x "$BIN" ]; then
    echo "go-toolchain: building pulumi-language-go from sdkgen/gohost (first time only)" >&2
    start=$SECONDS
    # GOSUMDB=off: only the module proxy is reachable, not the checksum database (go.sum pins the hashes).
    (cd "$SRC" && env GOSUMDB=off GOFLAGS=-mod=readonly GOWORK=off CGO_ENABLED=0 go build -o "$BIN.tmp" ./gohost) >&2
    mv -f "$BIN.tmp" "$BIN"
    echo "go-toolchain: built in $((SECONDS - start))s" >&2
  fi
fi
echo "$DIR"
