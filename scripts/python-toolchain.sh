#!/usr/bin/env bash
# python-toolchain.sh — provide what Python Pulumi programs need, next to the CLI of
# scripts/pulumi-toolchain.sh, without any prebuilt binary:
#   - the Python language host: v3.68's `pulumi-language-python` (built from the Go module proxy)
#     and its `pulumi-language-python-exec` script (from the same module), behind our front
#     (sdkgen/pythonhost) that adds GenerateProgram for `pulumi import --out x.py`;
#   - a virtualenv with `pulumi==3.248.0` from PyPI;
#   - the generated SDK of this checkout (sdk/python, `pulumi_qualys`) installed into it.
#
# Usage (from the repo root):
#
#   venv="$(bash scripts/python-toolchain.sh | tail -n1)"
#   export VIRTUAL_ENV="$venv" PATH="$venv/bin:$(bash scripts/pulumi-toolchain.sh | tail -n1):$PATH"
#
# Output contract: the LAST (and only) line on stdout is the virtualenv to activate. Its bin holds
# python, pulumi-language-python and pulumi-language-python-exec. All progress goes to stderr.
#
# Why "activate" and not `runtime.options.virtualenv` in Pulumi.yaml: the v3.68 host ignores that
# option when it is given by CLI 3.248 (the option travels in an RPC field v3.68 does not know) and
# runs the `python` it finds on PATH: with the system one a program fails with
# `No module named 'pulumi'`.
#
# Layout of the cache (PULUMI_QUALYS_PYTHON_DIR, default ~/.cache/pulumi-qualys/python):
#   v3.248.0/base/            virtualenv with pulumi==3.248.0 (built once; pip is here)
#   v3.248.0/host/            pulumi-language-python-v3.68, pulumi-language-python-exec
#   v3.248.0/host/front-<h>/  our pulumi-language-python per content of sdkgen/ (+ links to the two)
#   v3.248.0/sdk-<hash>/      a thin virtualenv per content of sdk/python (and front): holds
#                             pulumi_qualys and a .pth that adds base's site-packages. Several
#                             checkouts (worktrees) with different SDKs never overwrite each other.
set -euo pipefail
exec 3>&1 1>&2

PULUMI_VERSION="v3.248.0"
PYPI_PULUMI="pulumi==3.248.0"
# The generated SDK's own requirements (sdk/python/setup.py install_requires besides pulumi), so
# that it installs with --no-deps (no PyPI at install time of a regenerated SDK).
PYPI_SDK_DEPS=("parver>=0.2.1" "semver>=2.8.1")
# The newest release in which the Python host was still a package of the sdk/v3 module (the
# v3.248 host is its own module, which this machine's proxy refuses with 403).
HOST_MODULE_VERSION="v3.68.0"
HOST_PACKAGE="github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python"
# Bump when the recipe changes, to invalidate existing caches.
RECIPE="1"
HOST_RECIPE="2"  # the host layout: v3.68 renamed, our front in front of it

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="${PULUMI_QUALYS_PYTHON_DIR:-$HOME/.cache/pulumi-qualys/python}/$PULUMI_VERSION"
BASE="$ROOT/base"
HOST="$ROOT/host"
SDK_SRC="$REPO_ROOT/sdk/python"

log() { echo "python-toolchain: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

PYTHON="${PULUMI_QUALYS_PYTHON:-python3}"
command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON is required (Python >= 3.9)"
[ -f "$SDK_SRC/setup.py" ] || die "$SDK_SRC/setup.py is missing: run \`make sdks\`"

mkdir -p "$ROOT"
# One builder at a time per cache (parallel test workers, several worktrees).
exec 9>"$ROOT/.lock"
flock 9

start=$SECONDS
pyver="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
host_stamp="recipe=$HOST_RECIPE host=$HOST_MODULE_VERSION"
stamp="recipe=$RECIPE pypi=$PYPI_PULUMI ${PYPI_SDK_DEPS[*]} python=$pyver"

# --- 1. The language host -------------------------------------------------------------------------
# a) the v3.68 host itself (named pulumi-language-python-v3.68);
if [ "$(cat "$HOST/stamp" 2>/dev/null)" != "$host_stamp" ]; then
  command -v go >/dev/null 2>&1 || die "go is required to build pulumi-language-python"
  log "building pulumi-language-python from $HOST_PACKAGE@$HOST_MODULE_VERSION"
  rm -rf "$HOST" && mkdir -p "$HOST"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  # A throwaway module requiring only the old sdk/v3: it cannot share a module graph with the
  # CLI's sdk/v3 v3.248.0, which no longer contains the package. See pulumi-toolchain.sh for
  # GOSUMDB=off (no checksum database reachable here, only the proxy).
  printf 'module pulumiqualys/toolchain/pythonhost\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/v3 %s\n' \
    "$HOST_MODULE_VERSION" >"$work/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$HOST_PACKAGE" >"$work/tools.go"
  if ! (cd "$work" && env GOSUMDB=off GOFLAGS=-mod=mod GOWORK=off CGO_ENABLED=0 go mod tidy &&
    env GOSUMDB=off GOFLAGS=-mod=mod GOWORK=off CGO_ENABLED=0 go build -o "$HOST/pulumi-language-python-v3.68" "$HOST_PACKAGE") \
    >"$ROOT/host-build.log" 2>&1; then
    tail -n 20 "$ROOT/host-build.log" >&2
    die "building pulumi-language-python failed (log: $ROOT/host-build.log)"
  fi
  # The exec script is Python (#!/usr/bin/env python): it runs the program with the python on PATH.
  exec_src="$(cd "$work" && env GOFLAGS=-mod=mod GOWORK=off go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)/python/cmd/pulumi-language-python-exec"
  install -m 755 "$exec_src" "$HOST/pulumi-language-python-exec"
  echo "$host_stamp" >"$HOST/stamp"
fi
# b) in front of it, our pulumi-language-python (sdkgen/pythonhost): v3.68 plus GenerateProgram, so
#    that `pulumi import --out x.py` works. Cached by the content of sdkgen/.
front_hash="$(cd "$REPO_ROOT/sdkgen" && find . -name '*.go' -o -name 'go.mod' -o -name 'go.sum' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)"
FRONT="$HOST/front-$front_hash"
if [ ! -x "$FRONT/pulumi-language-python" ]; then
  log "building pulumi-language-python (front with GenerateProgram) from sdkgen/pythonhost"
  mkdir -p "$FRONT"
  (cd "$REPO_ROOT/sdkgen" && env GOSUMDB=off GOFLAGS=-mod=readonly GOWORK=off CGO_ENABLED=0 \
    go build -o "$FRONT/pulumi-language-python.tmp" ./pythonhost) >&2 || die "building sdkgen/pythonhost failed"
  ln -sf "$HOST/pulumi-language-python-v3.68" "$HOST/pulumi-language-python-exec" "$FRONT/"
  mv -f "$FRONT/pulumi-language-python.tmp" "$FRONT/pulumi-language-python"
fi

# --- 2. The base virtualenv with the Pulumi Python SDK --------------------------------------------
if [ "$(cat "$BASE/stamp" 2>/dev/null)" != "$stamp" ]; then
  log "creating the virtualenv $BASE with $PYPI_PULUMI from PyPI"
  rm -rf "$BASE"
  "$PYTHON" -m venv "$BASE"
  # setuptools: installing sdk/python (setup.py) below without build isolation, which would fetch it.
  "$BASE/bin/python" -m pip install --quiet --disable-pip-version-check "$PYPI_PULUMI" "${PYPI_SDK_DEPS[@]}" setuptools wheel >"$ROOT/pip.log" 2>&1 ||
    { tail -n 20 "$ROOT/pip.log" >&2; die "pip install $PYPI_PULUMI failed (log: $ROOT/pip.log)"; }
  echo "$stamp" >"$BASE/stamp"
fi

# --- 3. A thin virtualenv with this checkout's generated SDK --------------------------------------
hash="$( (cd "$SDK_SRC" && find . -type f ! -path '*/__pycache__/*' ! -path '*.egg-info/*' ! -path './build/*' | LC_ALL=C sort | xargs sha256sum; echo "$front_hash") | sha256sum | cut -c1-16)"
VENV="$ROOT/sdk-$hash"
if [ "$(cat "$VENV/stamp" 2>/dev/null)" != "$stamp" ]; then
  log "installing $SDK_SRC into $VENV"
  rm -rf "$VENV"
  "$PYTHON" -m venv --without-pip "$VENV"
  site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  base_site="$("$BASE/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  # The base's packages (pulumi, grpcio, pip …) become visible in the thin venv.
  echo "$base_site" >"$site/_pulumi_qualys_base.pth"
  # A copy of the sources, so that the build never writes into the repository (build/, egg-info).
  src="$(mktemp -d)"
  cp -r "$SDK_SRC/." "$src/"
  "$BASE/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation \
    --no-index --target "$site" "$src" >"$ROOT/sdk-install.log" 2>&1 ||
    { rm -rf "$src"; tail -n 20 "$ROOT/sdk-install.log" >&2; die "installing sdk/python failed (log: $ROOT/sdk-install.log)"; }
  rm -rf "$src"
  ln -sf "$FRONT/pulumi-language-python" "$HOST/pulumi-language-python-exec" "$VENV/bin/"
  echo "$stamp" >"$VENV/stamp"
  # Keep the cache small: thin venvs of older SDK contents go (each is a few hundred kB, but they
  # would pile up over many regenerations).
  find "$ROOT" -maxdepth 1 -name 'sdk-*' -type d ! -name "sdk-$hash" -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
  log "python toolchain ready after $((SECONDS - start))s"
fi

echo "$VENV" >&3
