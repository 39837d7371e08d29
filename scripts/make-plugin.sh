#!/usr/bin/env bash
# make plugin — the native plugin as a versioned tarball for
#   pulumi plugin install resource qualys <version> --file build/pulumi-resource-qualys-v<version>-linux-amd64.tar.gz
#
# Layout: `pulumi-resource-qualys` (a small sh script: the executable the CLI runs) and `package/`
# (this npm package as `npm pack` publishes it, with its production dependencies and @pulumi/pulumi,
# whose gRPC definitions the server uses). Node.js >= 20 on PATH is the only runtime need: nothing is
# downloaded when the plugin runs. Dependencies come from the npm registry (or npm's cache) here, at
# build time. The JavaScript is platform-independent; the name says linux-amd64 because that is the
# platform the CLI asks for on these machines (set PLUGIN_PLATFORM=darwin-arm64 etc. for others).
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(node -p "require('./package.json').version")
platform=${PLUGIN_PLATFORM:-linux-amd64}
out="build/pulumi-resource-qualys-v${version}-${platform}.tar.gz"
pulumi_version=$(node -p "require('./package.json').devDependencies['@pulumi/pulumi']")

npm run --silent build >&2
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
tgz=$(npm pack --silent --pack-destination "$stage" 2>/dev/null | tail -n1)
mkdir -p "$stage/root/package"
tar -xzf "$stage/$tgz" -C "$stage/root/package" --strip-components=1
# Production dependencies plus the pinned @pulumi/pulumi (a peer dependency of the npm package).
(cd "$stage/root/package" && npm pkg delete devDependencies && npm install --omit=dev --omit=optional --no-package-lock --no-audit --no-fund --ignore-scripts \
  --prefer-offline --loglevel=error "@pulumi/pulumi@${pulumi_version}" >&2)
cat >"$stage/root/pulumi-resource-qualys" <<'SH'
#!/bin/sh
# pulumi-resource-qualys: the Qualys native provider plugin (needs Node.js >= 20 on PATH).
dir=$(dirname "$0")
exec node "$dir/package/dist/provider/native/main.js" "$@"
SH
chmod 755 "$stage/root/pulumi-resource-qualys"
mkdir -p build
tar -czf "$out.tmp" -C "$stage/root" pulumi-resource-qualys package
mv -f "$out.tmp" "$out"
echo "$out ($(du -h "$out" | cut -f1))" >&2
echo "$out"
