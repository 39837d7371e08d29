#!/usr/bin/env bash
# make plugin — the native plugin as one archive per platform, named as the Pulumi CLI looks for it:
#   build/pulumi-resource-qualys-v<version>-<os>-<arch>.tar.gz   os: linux darwin windows, arch: amd64 arm64
# The CLI downloads the one for its platform from the schema's pluginDownloadURL (docs/releasing.md),
# or installs one by hand:
#   pulumi plugin install resource qualys <version> --file build/pulumi-resource-qualys-v<version>-linux-amd64.tar.gz
#
#   bash scripts/make-plugin.sh [OUT_DIR]    (default build/; PLUGIN_PLATFORMS="linux-amd64 …" to limit;
#                                             PLUGIN_SKIP_BUILD=1 when dist/ was just built, as make release does)
#
# Layout: a launcher (the executable the CLI runs) and `package/` (this npm package as `npm pack`
# publishes it, with its production dependencies and @pulumi/pulumi, whose gRPC definitions the server
# uses). The launcher is `pulumi-resource-qualys`, a sh script, on linux and darwin; on windows it is
# `pulumi-resource-qualys.cmd`, because the CLI probes `.exe` then `.cmd` there (pulumi
# sdk/go/common/workspace/plugins.go, getCandidateExtensions). Node.js >= 20 on PATH is the only
# runtime need: nothing is downloaded when the plugin runs. Everything else is platform-independent
# JavaScript (@grpc/grpc-js has no native code), so the six archives share one `package/` tree.
set -euo pipefail
cd "$(dirname "$0")/.."
out_dir=${1:-build}
platforms=${PLUGIN_PLATFORMS:-linux-amd64 linux-arm64 darwin-amd64 darwin-arm64 windows-amd64 windows-arm64}
version=$(node -p "require('./package.json').version")
pulumi_version=$(node -p "require('./package.json').devDependencies['@pulumi/pulumi']")

[ -n "${PLUGIN_SKIP_BUILD:-}" ] || npm run --silent build >&2
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
tgz=$(npm pack --silent --pack-destination "$stage" 2>/dev/null | tail -n1)
mkdir -p "$stage/package"
tar -xzf "$stage/$tgz" -C "$stage/package" --strip-components=1
# Production dependencies plus the pinned @pulumi/pulumi (a peer dependency of the npm package).
(cd "$stage/package" && npm pkg delete devDependencies && npm install --omit=dev --omit=optional --no-package-lock --no-audit --no-fund --ignore-scripts \
  --prefer-offline --loglevel=error "@pulumi/pulumi@${pulumi_version}" >&2)

mkdir -p "$stage/unix" "$stage/windows"
cat >"$stage/unix/pulumi-resource-qualys" <<'SH'
#!/bin/sh
# pulumi-resource-qualys: the Qualys native provider plugin (needs Node.js >= 20 on PATH).
dir=$(dirname "$0")
exec node "$dir/package/dist/provider/native/main.js" "$@"
SH
chmod 755 "$stage/unix/pulumi-resource-qualys"
# CRLF line ends: cmd.exe reads batch files either way, but Windows editors and tools expect them.
printf '%s\r\n' '@echo off' \
  'rem pulumi-resource-qualys: the Qualys native provider plugin (needs Node.js >= 20 on PATH).' \
  'node "%~dp0package\dist\provider\native\main.js" %*' >"$stage/windows/pulumi-resource-qualys.cmd"

mkdir -p "$out_dir"
# Reproducible archives: fixed owner, order and mtime (the commit's), so SHA256SUMS only change with content.
mtime=$(git log -1 --format=%cI 2>/dev/null || echo "2020-01-01T00:00:00Z")
# The archives of one launcher kind are byte-identical: compress each kind once, copy for the rest.
for platform in $platforms; do
  case "$platform" in
    linux-amd64 | linux-arm64 | darwin-amd64 | darwin-arm64) kind=unix launcher=pulumi-resource-qualys ;;
    windows-amd64 | windows-arm64) kind=windows launcher=pulumi-resource-qualys.cmd ;;
    *) echo "make-plugin: unknown platform $platform (os-arch: linux, darwin, windows × amd64, arm64)" >&2; exit 2 ;;
  esac
  if [ ! -f "$stage/$kind.tar.gz" ]; then
    cp "$stage/$kind/$launcher" "$stage/$launcher"
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="$mtime" -C "$stage" -cf - "$launcher" package |
      gzip -n -9 >"$stage/$kind.tar.gz"
    rm -f "$stage/$launcher"
  fi
  out="$out_dir/pulumi-resource-qualys-v${version}-${platform}.tar.gz"
  cp "$stage/$kind.tar.gz" "$out.tmp"
  mv -f "$out.tmp" "$out"
  echo "$out ($(du -h "$out" | cut -f1))" >&2
  echo "$out"
done
