# cached-build.sh — sourced by the scripts that build a Go tool once and keep it outside the repository
# (sdkgen.sh, go-toolchain.sh, actionlint.sh). One home for the parts they share: the content hash that
# names a cache entry, and the lock that lets concurrent test workers wait for one build instead of
# racing to write the same binary.

# source_hash DIR: a 16-hex digest of the Go sources, go.mod and go.sum below DIR, so an edited
# generator or host gets a cache entry of its own and never runs a stale binary.
source_hash() {
  (cd "$1" && find . -name '*.go' -o -name 'go.mod' -o -name 'go.sum' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)
}

# build_once LABEL BIN COMMAND…: run COMMAND (which must leave BIN) unless BIN exists, under a lock in
# BIN's directory. GOSUMDB=off because only the module proxy is reachable, not the checksum database
# (go.sum pins the hashes anyway); CGO_ENABLED=0 so nothing needs a C toolchain.
build_once() {
  local label="$1" bin="$2"
  shift 2
  [ -x "$bin" ] && return 0
  command -v go >/dev/null 2>&1 || { echo "$label: go is required to build it" >&2; exit 1; }
  mkdir -p "$(dirname "$bin")"
  exec 9>"$(dirname "$bin")/.lock"
  flock 9
  if [ ! -x "$bin" ]; then
    echo "$label: building (first time only)" >&2
    local start=$SECONDS
    env GOSUMDB=off GOWORK=off CGO_ENABLED=0 "$@" >&2
    echo "$label: built in $((SECONDS - start))s" >&2
  fi
  exec 9>&-
}
