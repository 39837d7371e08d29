#!/usr/bin/env bash
# Build the package, pack it exactly as it would be published, and unpack it into
# node_modules/pulumi-qualys: a real directory (not a link), which is what makes the state's
# `__provider` a one-line require (a linked package is serialised by value instead). It goes into
# the repository's own node_modules, beside @pulumi/pulumi, because Pulumi's closure serialiser
# resolves the package *from @pulumi/pulumi's location* to map the module file back to its
# `exports` subpath (`pulumi-qualys/dynamic/service-account`), exactly as in a user's install.
# The examples find it by walking up from examples/<name>/.
set -euo pipefail
cd "$(dirname "$0")/.."

# Under `make test` (ALLOW_BUILD_ERRORS=1) a type error must not stop the run before jest: tsc still
# emits, and tests/typecheck.test.ts reports the error as a failed test with the others.
if ! npm run --silent build >&2; then
  [ "${ALLOW_BUILD_ERRORS:-}" = 1 ] || exit 1
  echo "prepare-e2e: the build reported type errors (see tests/typecheck.test.ts)" >&2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tgz=$(npm pack --silent --pack-destination "$tmp" 2>/dev/null | tail -n1)
dest=node_modules/pulumi-qualys
rm -rf "$dest"
mkdir -p "$dest"
tar -xzf "$tmp/$tgz" -C "$dest" --strip-components=1
echo "staged $(node -p "require('./$dest/package.json').version") into $dest" >&2
