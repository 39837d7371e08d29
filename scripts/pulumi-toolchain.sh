#!/usr/bin/env bash
# pulumi-toolchain.sh — provide a Pulumi CLI + Node.js language host without
# downloading any prebuilt binary.
#
# Usage (from the repo root, after `npm ci`):
#
#   bin="$(bash scripts/pulumi-toolchain.sh | tail -n1)"
#   export PATH="$bin:$PATH"
#
#   bash scripts/pulumi-toolchain.sh --self-test   # also run an end-to-end check
#
# Output contract: the LAST (and only) line on stdout is a directory to put
# first on PATH. It contains `pulumi`, `pulumi-language-nodejs`,
# `pulumi-resource-pulumi-nodejs` and `pulumi-language-yaml` (Pulumi YAML
# programs, for the native plugin; see section 2b). All progress goes to stderr.
#
# Environment a caller should set to run the CLI fully offline (also done by
# `source scripts/pulumi-env.sh`, which calls this script):
#
#   PATH="<printed dir>:$PATH"
#   PULUMI_SKIP_UPDATE_CHECK=true          # no "is there a newer CLI?" request
#   PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
#                                          # never try to download a plugin
#   PULUMI_HOME=<temp or cache dir>        # keep ~/.pulumi (and its plugin
#                                          # cache / cloud credentials) out of it
#   PULUMI_BACKEND_URL=file://<dir>        # local DIY state backend, no login
#   PULUMI_CONFIG_PASSPHRASE=<anything>    # passphrase secrets provider (the
#                                          # file backend's default); "" is valid
#   NODE_PATH=<repo>/node_modules          # only needed when the CLI runs with a
#                                          # cwd outside the repo: the dynamic
#                                          # provider plugin resolves
#                                          # @pulumi/pulumi from its cwd
#
# Not needed with this toolchain (documented for completeness):
#   PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK — the Automation API's minimum
#     CLI version check passes for v3.248.0; only set it for odd custom builds.
#   PULUMI_DIY_BACKEND_* — the file:// backend works with its defaults (new
#     project-scoped layout, no warnings).
#
# Knobs:
#   PULUMI_QUALYS_TOOLCHAIN_DIR   cache root (default ~/.cache/pulumi-qualys/toolchain)
#   PULUMI_QUALYS_TOOLCHAIN_IGNORE_PATH=1   don't reuse a pulumi found on PATH;
#                                 always use/build the cached v3.248.0 toolchain
#   PULUMI_QUALYS_TOOLCHAIN_NO_YAML=1   skip the YAML language host (section 2b)
set -euo pipefail

# Everything written to stdout by go, pulumi, node … goes to stderr; only the
# final answer is written to the saved original stdout (fd 3).
exec 3>&1 1>&2

# Pinned to the @pulumi/pulumi devDependency in package.json so that the CLI,
# the language host and the Node SDK all speak the same protocol version.
PULUMI_VERSION="v3.248.0"
# Oldest CLI we accept from PATH (package.json peerDependency floor).
MIN_PATH_VERSION="3.216.0"
# Bump when the build recipe below changes, to invalidate existing caches.
RECIPE="1"

# The real v3.248.0 language host lives in its own Go module; this pseudo
# version is the v3.248.0 release commit.
LANGHOST_MODULE="github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"
LANGHOST_VERSION="v3.0.0-20260624120734-a88168d865b7"
# Fallback: sdk/v3 up to v3.68.0 still contained the Node.js language host as
# a package of the sdk module (from v3.69.0 on it was split into the module
# above). Newest first; v3.68.0 is the newest that has it (v3.69.0 does not,
# v3.68.x patch releases do not exist on the proxy).
FALLBACK_SDK_VERSIONS=(v3.68.0 v3.67.1 v3.67.0 v3.66.0 v3.65.1 v3.65.0 v3.64.0
  v3.63.0 v3.62.0 v3.61.1 v3.61.0 v3.60.1 v3.60.0)
FALLBACK_PACKAGE="github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
# pkg/v3's own go.mod replaces github.com/atotto/clipboard (pulled in by the
# CLI's terminal UI libraries) by this fork. Go ignores replace directives of
# dependencies, so the wrapper modules repeat it to compile the same code the
# v3.248.0 release was built with (harmless where clipboard is not in the graph).
CLIPBOARD_REPLACE="github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e"
VERSION_LDFLAGS="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${PULUMI_VERSION}"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESOURCE_SCRIPT_SRC="$REPO_ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
TOOLCHAIN_ROOT="${PULUMI_QUALYS_TOOLCHAIN_DIR:-$HOME/.cache/pulumi-qualys/toolchain}"
CACHE_DIR="$TOOLCHAIN_ROOT/$PULUMI_VERSION"
BIN_DIR="$CACHE_DIR/bin"
STAMP="$CACHE_DIR/stamp"

SELF_TEST=0
for arg in "$@"; do
  case "$arg" in
    --self-test) SELF_TEST=1 ;;
    -h|--help) sed -n '2,45p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "pulumi-toolchain: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

log() { echo "pulumi-toolchain: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

TMP_DIRS=()
cleanup() { local d; for d in "${TMP_DIRS[@]+"${TMP_DIRS[@]}"}"; do rm -rf "$d"; done; }
trap cleanup EXIT
# mktempdir NAME: create a temp dir, registered for removal on exit, in $TMPD.
# (Not echoed: TMP_DIRS+= inside a $(…) subshell would be lost.)
mktempdir() { TMPD="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-qualys-$1.XXXXXX")"; TMP_DIRS+=("$TMPD"); }

# version_ge A B: true when A >= B (both without a leading "v").
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

# Copy the dynamic-provider plugin shipped with @pulumi/pulumi into $1 (only if
# it differs, so a warm run writes nothing). The CLI finds it on PATH.
sync_resource_script() {
  local dest="$1/pulumi-resource-pulumi-nodejs"
  if [ -f "$RESOURCE_SCRIPT_SRC" ]; then
    if ! cmp -s "$RESOURCE_SCRIPT_SRC" "$dest" 2>/dev/null; then
      cp "$RESOURCE_SCRIPT_SRC" "$dest.tmp.$$" && chmod 755 "$dest.tmp.$$" && mv -f "$dest.tmp.$$" "$dest"
    fi
  elif [ ! -x "$dest" ]; then
    die "$RESOURCE_SCRIPT_SRC not found: run \`npm ci\` in $REPO_ROOT first"
  fi
}

# ---------------------------------------------------------------------------
# 1. Reuse a recent enough CLI + language host that is already on PATH.
# ---------------------------------------------------------------------------
resolve_from_path() {
  [ "${PULUMI_QUALYS_TOOLCHAIN_IGNORE_PATH:-0}" = "1" ] && return 1
  local cli host v cli_dir host_dir
  cli="$(command -v pulumi 2>/dev/null)" || return 1
  host="$(command -v pulumi-language-nodejs 2>/dev/null)" || return 1
  v="$(PULUMI_SKIP_UPDATE_CHECK=true "$cli" version 2>/dev/null | tail -n1)" || return 1
  v="${v#v}"
  if ! version_ge "$v" "$MIN_PATH_VERSION"; then
    log "pulumi on PATH ($cli) is v$v < $MIN_PATH_VERSION; using the cached $PULUMI_VERSION toolchain"
    return 1
  fi
  cli_dir="$(cd "$(dirname "$cli")" && pwd)"
  host_dir="$(cd "$(dirname "$host")" && pwd)"
  if [ "$cli_dir" = "$host_dir" ] && { [ -x "$cli_dir/pulumi-resource-pulumi-nodejs" ] ||
      command -v pulumi-resource-pulumi-nodejs >/dev/null 2>&1; }; then
    log "using pulumi v$v and pulumi-language-nodejs from $cli_dir (already on PATH)"
    RESULT_DIR="$cli_dir"
    return 0
  fi
  # The three executables are not all reachable from one directory: make a
  # small shim directory (symlinks + a copy of the repo's dynamic-provider
  # script) so a single PATH entry is enough.
  local shim="$TOOLCHAIN_ROOT/path-shim/bin"
  mkdir -p "$shim"
  ln -sfn "$cli" "$shim/pulumi"
  ln -sfn "$host" "$shim/pulumi-language-nodejs"
  sync_resource_script "$shim"
  log "using pulumi v$v from $cli_dir and pulumi-language-nodejs from $host_dir via $shim"
  RESULT_DIR="$shim"
}

# ---------------------------------------------------------------------------
# 2. Build into the cache directory from the Go module proxy.
# ---------------------------------------------------------------------------
# Common Go settings for every build below:
#   GOSUMDB=off      the checksum database (sum.golang.org) is not reachable
#                    from these machines, only the module proxy is; with the
#                    default setting every `go mod tidy` fails verifying the
#                    freshly downloaded modules. Integrity then rests on the
#                    proxy's TLS; these wrapper modules are throwaway.
#   GOFLAGS=-mod=mod the wrapper modules start without go.sum; let go update
#                    go.mod/go.sum itself (and ignore any -mod=vendor etc. the
#                    caller may have in GOFLAGS).
#   GOWORK=off       never pick up a go.work from an enclosing directory.
#   CGO_ENABLED=0    static binaries, no C toolchain needed.
go_env() {
  env GOSUMDB=off GOFLAGS=-mod=mod GOWORK=off CGO_ENABLED=0 "$@"
}

# write_wrapper DIR MODULE IMPORT REQUIRE... : a throwaway module whose only
# file is a tools.go importing the main package we want to build, so that
# `go mod tidy` resolves the full dependency graph from the requirements.
write_wrapper() {
  local dir="$1" module="$2" import="$3"; shift 3
  {
    echo "module $module"
    echo
    echo "go 1.25"
    echo
    echo "require ("
    local r; for r in "$@"; do echo "	$r"; done
    echo ")"
    echo
    echo "replace $CLIPBOARD_REPLACE"
  } >"$dir/go.mod"
  cat >"$dir/tools.go" <<EOF
//go:build tools

package tools

import _ "$import"
EOF
}

# go_build_wrapper DIR PACKAGE OUT LOG: tidy + build; output goes to LOG.
go_build_wrapper() {
  local dir="$1" pkg="$2" out="$3" logf="$4"
  # Chained with && on purpose: `set -e` is disabled inside a function called
  # from an `if` condition, so a failed tidy must not fall through to build.
  (cd "$dir" && go_env go mod tidy && go_env go build -ldflags "$VERSION_LDFLAGS" -o "$out" "$pkg") >"$logf" 2>&1
}

# The last two lines of a failed go log, on one line (e.g. "... 403 Forbidden
# server response: This module version is not available.").
log_summary() { tail -n 2 "$1" | tr -s '\n\t' '  '; }

# Quick sanity check of a language host: it must start and print its gRPC port.
langhost_starts() {
  local f pid i out
  f="$(mktemp)"
  "$1" >"$f" 2>/dev/null &
  pid=$!
  for i in $(seq 1 100); do [ -s "$f" ] && break; sleep 0.1; done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  out="$(head -n1 "$f")"
  rm -f "$f"
  [[ "$out" =~ ^[0-9]+$ ]]
}

build_cli() {
  local out="$BIN_DIR/pulumi" work logf="$CACHE_DIR/logs/cli.log"
  if [ -x "$out" ] && [ "$(PULUMI_SKIP_UPDATE_CHECK=true "$out" version 2>/dev/null | tail -n1)" = "$PULUMI_VERSION" ]; then
    log "pulumi CLI $PULUMI_VERSION already built"
    return 0
  fi
  log "building pulumi CLI $PULUMI_VERSION from the Go module proxy (a few minutes; log: $logf)"
  mktempdir cli; work="$TMPD"
  # sdk/v3 is required explicitly so both halves of the CLI are the same
  # release (MVS would otherwise be free to pick whatever pkg/v3 requires).
  write_wrapper "$work" "pulumiqualys/toolchain/cli" "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi" \
    "github.com/pulumi/pulumi/pkg/v3 $PULUMI_VERSION" \
    "github.com/pulumi/pulumi/sdk/v3 $PULUMI_VERSION"
  if ! go_build_wrapper "$work" "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi" "$out.tmp" "$logf"; then
    tail -n 20 "$logf" >&2
    die "building the pulumi CLI failed (full log: $logf)"
  fi
  mv -f "$out.tmp" "$out"
}

# Each language host is built in its OWN wrapper module: the fallback needs an
# old sdk/v3 (v3.6x), which cannot coexist with the CLI's sdk/v3 v3.248.0 in
# one module graph (MVS would raise it to v3.248.0, which no longer contains
# the package), and a failure here must not disturb the CLI build.
build_langhost() {
  local out="$BIN_DIR/pulumi-language-nodejs" work logf v
  mkdir -p "$CACHE_DIR/logs"

  # a) The real v3.248.0 host. This machine's Go proxy answers 403 "This module
  #    version is not available" for every version of this module, but a
  #    future machine may allow it, so it is always tried first.
  logf="$CACHE_DIR/logs/langhost-$LANGHOST_VERSION.log"
  log "building pulumi-language-nodejs from $LANGHOST_MODULE@$LANGHOST_VERSION"
  mktempdir langhost; work="$TMPD"
  # pkg/v3 and sdk/v3 must be pinned here: the host's own go.mod points them
  # at the monorepo with replace directives, which Go ignores for a dependency.
  write_wrapper "$work" "pulumiqualys/toolchain/langhost" "$LANGHOST_MODULE" \
    "$LANGHOST_MODULE $LANGHOST_VERSION" \
    "github.com/pulumi/pulumi/pkg/v3 $PULUMI_VERSION" \
    "github.com/pulumi/pulumi/sdk/v3 $PULUMI_VERSION"
  if go_build_wrapper "$work" "$LANGHOST_MODULE" "$out.tmp" "$logf" && langhost_starts "$out.tmp"; then
    mv -f "$out.tmp" "$out"
    LANGHOST_DESC="$LANGHOST_MODULE@$LANGHOST_VERSION"
    return 0
  fi
  rm -f "$out.tmp"
  log "  not available: $(log_summary "$logf")"

  # b) Fallback: the host as it was inside the sdk/v3 module (v3.60–v3.68).
  #    It implements the core LanguageRuntime RPCs (GetRequiredPlugins, Run,
  #    GetPluginInfo, InstallDependencies, About, GetProgramDependencies);
  #    CLI 3.248 falls back gracefully for the newer ones it lacks (Handshake,
  #    GetRequiredPackages, Cancel), and @pulumi/pulumi 3.248's cmd/run still
  #    accepts its command line (--monitor/--engine/--sync/--project/--stack/
  #    --pwd/--dry-run/--parallel/--organization) and PULUMI_CONFIG* env vars.
  #    Known gaps of this old host (fine for dynamic resources, config,
  #    secrets, outputs, up/refresh/preview/destroy, Automation API):
  #     - it hands the program a monitor *proxy* that only knows the v3.68
  #       ResourceMonitor RPCs, so pulumi.runtime.registerResourceTransform /
  #       registerInvokeTransform, ResourceHook (`hooks` option), error hooks
  #       and RegisterPackage fail with "12 UNIMPLEMENTED: unknown method …";
  #     - Pulumi.yaml runtime options (typescript, nodeargs, tsconfig) are not
  #       applied: CLI 3.248 sends them over RPC fields v3.68 does not know.
  #       TypeScript is always on (ts-node, tsconfig.json in the project dir);
  #       use NODE_OPTIONS instead of nodeargs;
  #     - no --root-directory: pulumi.getRootDirectory() returns "".
  for v in "${FALLBACK_SDK_VERSIONS[@]}"; do
    logf="$CACHE_DIR/logs/langhost-sdk-$v.log"
    log "falling back to pulumi-language-nodejs from github.com/pulumi/pulumi/sdk/v3@$v"
    mktempdir "langhost-$v"; work="$TMPD"
    write_wrapper "$work" "pulumiqualys/toolchain/langhost" "$FALLBACK_PACKAGE" \
      "github.com/pulumi/pulumi/sdk/v3 $v"
    if go_build_wrapper "$work" "$FALLBACK_PACKAGE" "$out.tmp" "$logf" && langhost_starts "$out.tmp"; then
      mv -f "$out.tmp" "$out"
      LANGHOST_DESC="$FALLBACK_PACKAGE@$v (fallback; version stamped $PULUMI_VERSION)"
      return 0
    fi
    rm -f "$out.tmp"
    log "  sdk/v3@$v failed: $(log_summary "$logf")"
  done
  die "no Node.js language host could be built (logs in $CACHE_DIR/logs)"
}

stamp_content() { echo "pulumi=$PULUMI_VERSION recipe=$RECIPE"; }

cache_is_warm() {
  [ -f "$STAMP" ] && [ "$(head -n1 "$STAMP")" = "$(stamp_content)" ] &&
    [ -x "$BIN_DIR/pulumi" ] && [ -x "$BIN_DIR/pulumi-language-nodejs" ]
}

resolve_from_cache() {
  if cache_is_warm; then
    sync_resource_script "$BIN_DIR"
    log "using cached toolchain in $BIN_DIR ($(sed -n 2p "$STAMP"))"
    RESULT_DIR="$BIN_DIR"
    return 0
  fi
  command -v go >/dev/null 2>&1 || die "go is required to build the Pulumi toolchain (none on PATH)"
  mkdir -p "$BIN_DIR" "$CACHE_DIR/logs"
  # Serialize concurrent cold runs (e.g. parallel test workers) on one cache.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$CACHE_DIR/.lock"
    flock 9
    if cache_is_warm; then
      sync_resource_script "$BIN_DIR"
      RESULT_DIR="$BIN_DIR"
      return 0
    fi
  fi
  local start=$SECONDS
  LANGHOST_DESC=""
  build_langhost
  build_cli
  sync_resource_script "$BIN_DIR"
  printf '%s\nlanguage host: %s\n' "$(stamp_content)" "$LANGHOST_DESC" >"$STAMP.tmp"
  mv -f "$STAMP.tmp" "$STAMP"
  log "toolchain ready in $BIN_DIR after $((SECONDS - start))s (language host: $LANGHOST_DESC)"
  RESULT_DIR="$BIN_DIR"
}

# ---------------------------------------------------------------------------
# 2b. The Pulumi YAML language host (for YAML programs using the native
#     plugin pulumi-resource-qualys). Cached on its own, next to the CLI, so a
#     change here never invalidates the CLI/nodejs cache and vice versa.
# ---------------------------------------------------------------------------
# v1.25.0 builds and runs programs with CLI 3.248. On this machine's proxy
# v1.11.1 and v1.19.1 are also served; v1.20.0 and v1.26.0 are refused (403).
YAML_MODULE="github.com/pulumi/pulumi-yaml"
YAML_VERSION="v1.25.0"
YAML_PACKAGE="$YAML_MODULE/cmd/pulumi-language-yaml"
YAML_DIR="$TOOLCHAIN_ROOT/yaml-$YAML_VERSION"

# provide_yaml_host DIR: build (once) and link pulumi-language-yaml into DIR.
provide_yaml_host() {
  [ "${PULUMI_QUALYS_TOOLCHAIN_NO_YAML:-0}" = "1" ] && return 0
  local dest="$1" out="$YAML_DIR/bin/pulumi-language-yaml" logf="$YAML_DIR/build.log" work start
  if [ ! -x "$out" ]; then
    command -v go >/dev/null 2>&1 || die "go is required to build pulumi-language-yaml (none on PATH)"
    mkdir -p "$YAML_DIR/bin"
    if command -v flock >/dev/null 2>&1; then
      exec 8>"$YAML_DIR/.lock"
      flock 8
    fi
    if [ ! -x "$out" ]; then
      start=$SECONDS
      log "building pulumi-language-yaml $YAML_VERSION from the Go module proxy (about 3 min; log: $logf)"
      mktempdir yaml; work="$TMPD"
      # No version ldflags: the YAML host reports its own module version.
      write_wrapper "$work" "pulumiqualys/toolchain/yaml" "$YAML_PACKAGE" "$YAML_MODULE $YAML_VERSION"
      if ! (cd "$work" && go_env go mod tidy && go_env go build -o "$out.tmp" "$YAML_PACKAGE") >"$logf" 2>&1 ||
        ! langhost_starts "$out.tmp"; then
        rm -f "$out.tmp"
        tail -n 20 "$logf" >&2
        die "building pulumi-language-yaml failed (full log: $logf)"
      fi
      mv -f "$out.tmp" "$out"
      log "pulumi-language-yaml $YAML_VERSION built in $((SECONDS - start))s"
    fi
  fi
  # Link it next to the CLI unless that directory already has one (or is not ours to write).
  if [ ! -e "$dest/pulumi-language-yaml" ] && [ -w "$dest" ]; then
    ln -sfn "$out" "$dest/pulumi-language-yaml"
  fi
}

# ---------------------------------------------------------------------------
# 3. Optional end-to-end self-test (--self-test).
# ---------------------------------------------------------------------------
self_test() {
  local bin="$1" t proj out
  [ -d "$REPO_ROOT/node_modules/@pulumi/pulumi" ] || die "self-test needs $REPO_ROOT/node_modules (npm ci)"
  mktempdir selftest; t="$TMPD"
  # The project lives outside the repo; $t/node_modules -> the repo's
  # node_modules makes Node's upward lookup find @pulumi/pulumi both for the
  # program and for the dynamic provider plugin (which resolves it from its cwd).
  ln -s "$REPO_ROOT/node_modules" "$t/node_modules"
  proj="$t/proj"
  mkdir -p "$proj" "$t/state" "$t/home"
  cat >"$proj/Pulumi.yaml" <<'EOF'
name: toolchain-selftest
runtime: nodejs
EOF
  echo '{"name":"toolchain-selftest","main":"index.js"}' >"$proj/package.json"
  cat >"$proj/index.js" <<'EOF'
const pulumi = require("@pulumi/pulumi");
const provider = {
  async configure(req) {
    // The CLI masks secret values in its output, so print the token reversed.
    const tok = String(req.config.get("x:tok"));
    console.error("SELFTEST configure x:tok reversed=" + tok.split("").reverse().join(""));
  },
  async create(inputs) {
    return { id: "selftest-" + inputs.name, outs: { ...inputs, made: true } };
  },
  async diff(id, olds, news) {
    return { changes: olds.name !== news.name };
  },
  async read(id, props) {
    return { id, props };
  },
};
class Thing extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(provider, name, { made: undefined, ...args }, opts);
  }
}
const thing = new Thing("thing", { name: "hello" });
exports.thingId = thing.id;
exports.made = thing.made;
EOF
  local -a envs=(
    PATH="$bin:$PATH"
    PULUMI_BACKEND_URL="file://$t/state"
    PULUMI_CONFIG_PASSPHRASE=test
    PULUMI_SKIP_UPDATE_CHECK=true
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
    PULUMI_HOME="$t/home"
  )
  run() { log "self-test: pulumi $*"; (cd "$proj" && env "${envs[@]}" pulumi "$@" --non-interactive) >"$t/out.log" 2>&1 || { cat "$t/out.log" >&2; die "self-test: pulumi $* failed"; }; }
  run stack init selftest
  run config set --secret x:tok abc
  # Under strace (when available) check that nothing connects anywhere but
  # loopback: no update check, no plugin download, no telemetry.
  if command -v strace >/dev/null 2>&1; then
    log "self-test: pulumi up --yes (under strace -e connect)"
    (cd "$proj" && env "${envs[@]}" strace -f -qq -e trace=connect -o "$t/strace.log" pulumi up --yes --non-interactive) >"$t/out.log" 2>&1 ||
      { cat "$t/out.log" >&2; die "self-test: pulumi up failed"; }
    if grep -E 'sa_family=AF_INET6?' "$t/strace.log" | grep -v -E 'inet_addr\("127\.|inet_pton\(AF_INET6, "::1"' >&2; then
      die "self-test: pulumi up opened a non-loopback connection (see above)"
    fi
  else
    run up --yes
  fi
  out="$(cat "$t/out.log")"
  grep -q 'thingId: "selftest-hello"' <<<"$out" || { echo "$out" >&2; die "self-test: stack output missing"; }
  grep -q 'SELFTEST configure x:tok reversed=cba' <<<"$out" || { echo "$out" >&2; die "self-test: configure() did not receive x:tok"; }
  run refresh --yes
  run preview --expect-no-changes
  run destroy --yes
  run stack rm --yes selftest
  log "self-test passed: stack init, config set --secret, up, refresh, preview --expect-no-changes, destroy (configure() saw x:tok)"
}

RESULT_DIR=""
resolve_from_path || resolve_from_cache
provide_yaml_host "$RESULT_DIR"
[ "$SELF_TEST" = "1" ] && self_test "$RESULT_DIR"
echo "$RESULT_DIR" >&3
