#!/usr/bin/env bash
# make release VERSION=x.y.z — stamp one version everywhere, then build every release artifact into
# build/release/ (docs/releasing.md):
#
#   pulumi-qualys-<v>.tgz                              npm package (npm publish --dry-run checked)
#   pulumi_qualys-<v>.tar.gz, pulumi_qualys-<v>-py3-none-any.whl   Python SDK (python -m build)
#   pulumi-qualys-sdk-go-v<v>.tar.gz                   Go SDK module (sdk/go: go.mod, go.sum, sources)
#   pulumi-resource-qualys-v<v>-<os>-<arch>.tar.gz     plugin, linux/darwin/windows × amd64/arm64
#   qualys-<v>.yaml                                    Pulumi YAML package declaration (name, version, download URL)
#   SHA256SUMS
#
# The version lives in package.json; everything else is stamped from it here: schema.json and the
# SDKs (make sdks), the plugin metadata (the plugin reports package.json's version and serves
# schema.json), the install lines in the docs and examples, and CHANGELOG.md (Unreleased → x.y.z).
# The tree is left stamped: commit it, then tag v<v> and sdk/go/v<v>.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=${VERSION:-${1:-}}
die() { echo "release: $*" >&2; exit 1; }
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || die "VERSION=x.y.z is required (semver, no leading v), got '${VERSION}'"
OUT=${RELEASE_DIR:-build/release}
start=$SECONDS
step() { echo "release: $* ($((SECONDS - start))s)" >&2; }

# --- 1. Stamp ------------------------------------------------------------------------------------
old=$(node -p "require('./package.json').version")
step "stamping $old → $VERSION"
npm version "$VERSION" --no-git-tag-version --allow-same-version >/dev/null
# Only the version field changed: the installed dependencies stay valid (make's node_modules rule
# would otherwise run npm ci again).
[ ! -d node_modules ] || touch node_modules
if [ "$old" != "$VERSION" ]; then
  o=${old//./\\.}
  # Only install lines and dependency ranges carry the version; other numbers in the docs (a
  # benchmark's "before (0.1.0)") are history and stay.
  mapfile -t stamped < <(git ls-files README.md 'docs/*.md' 'examples/*/package.json' 'examples/*/Pulumi.yaml' 'bench/*/package.json' 'emulator/README.md')
  sed -i -E \
    -e "s/(resource qualys )$o\b/\1$VERSION/g" \
    -e "s/(pulumi-resource-qualys-v)$o-/\1$VERSION-/g" \
    -e "s/(\"pulumi-qualys\": \"\^)$o\"/\1$VERSION\"/g" \
    -e "s/(pulumi[-_]qualys(==|@))$o\b/\1$VERSION/g" \
    -e "s#(sdk/go@v)$o\b#\1$VERSION#g" \
    -e "s/(qualys-)$o(\.yaml)/\1$VERSION\2/g" \
    "${stamped[@]}"
fi
# Keep a Changelog: the Unreleased entries become this version's section (once).
if ! grep -q "^## \[$VERSION\]" CHANGELOG.md; then
  today=$(date -u +%Y-%m-%d)
  repo=https://github.com/pulumi-qualys/pulumi-qualys
  awk -v v="$VERSION" -v d="$today" -v repo="$repo" '
    /^## \[Unreleased\]/ { print; print ""; print "## [" v "] - " d; next }
    /^\[Unreleased\]: / { print "[Unreleased]: " repo "/compare/v" v "...HEAD"; print "[" v "]: " repo "/releases/tag/v" v; next }
    { print }' CHANGELOG.md >CHANGELOG.md.tmp
  mv CHANGELOG.md.tmp CHANGELOG.md
fi
make --no-print-directory sdks >&2 # schema.json (version), docs tables, sdk/python, sdk/go

# --- 2. Artifacts --------------------------------------------------------------------------------
rm -rf "$OUT"
mkdir -p "$OUT"
step "npm package"
npm pack --silent --pack-destination "$OUT" >/dev/null
# Clean dry run: the only warning allowed is the one about not being logged in to the registry.
dry=$(npm publish --dry-run "$OUT/pulumi-qualys-$VERSION.tgz" 2>&1)
if grep -i "warn" <<<"$dry" | grep -v "requires you to be logged in" >&2; then die "npm publish --dry-run warns (above)"; fi

step "Python sdist and wheel"
venv="${PULUMI_QUALYS_RELEASE_VENV:-$HOME/.cache/pulumi-qualys/release-venv}"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import build, setuptools, wheel" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "build>=1.2" "setuptools>=70" "wheel>=0.43" >&2
fi
pystage=$(mktemp -d)
trap 'rm -rf "$pystage"' EXIT
# A copy: building in place leaves build/ and *.egg-info in sdk/python.
cp -r sdk/python/. "$pystage/"
rm -rf "$pystage"/*.egg-info "$pystage/build"
# --no-isolation: the venv's setuptools builds it, so nothing is downloaded per build.
"$venv/bin/python" -m build --no-isolation --sdist --wheel --outdir "$OUT" "$pystage" >"$pystage.log" 2>&1 ||
  { cat "$pystage.log" >&2; die "python -m build failed"; }
rm -f "$pystage.log"

step "Go module"
(cd sdk/go && env GOFLAGS=-mod=readonly GOWORK=off GOSUMDB=off go build ./...) >&2
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="$(git log -1 --format=%cI)" \
  --exclude='*.test' -C sdk/go -czf "$OUT/pulumi-qualys-sdk-go-v$VERSION.tar.gz" .

step "plugin archives"
PLUGIN_SKIP_BUILD=1 bash scripts/make-plugin.sh "$OUT" >/dev/null

# Pulumi YAML reads package declarations in the project directory: with this file in it, the CLI
# downloads the plugin of this version from pluginDownloadURL, for the default provider too.
node -e '
  const s = require("./schema.json");
  process.stdout.write(["packageDeclarationVersion: 1", "name: " + s.name, "version: " + s.version, "downloadUrl: " + s.pluginDownloadURL, ""].join("\n"));
' >"$OUT/qualys-$VERSION.yaml"

(cd "$OUT" && sha256sum -- * >SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS)
step "done: $OUT"
(cd "$OUT" && du -h -- * | sed 's/^/  /') >&2
