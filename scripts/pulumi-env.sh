# shellcheck shell=bash
# pulumi-env.sh — source me to run the Pulumi CLI offline against a local state
# directory, with the toolchain from scripts/pulumi-toolchain.sh:
#
#   source scripts/pulumi-env.sh        # bash or zsh, from any directory
#   pulumi stack init dev && pulumi up
#
# Variables already set by the caller are kept (set them first to override),
# except PATH, which always gets the toolchain directory prepended.
#
#   PATH                          <toolchain bin>:$PATH (pulumi, pulumi-language-nodejs,
#                                 pulumi-resource-pulumi-nodejs)
#   PULUMI_SKIP_UPDATE_CHECK      true: no request for the latest CLI version
#   PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION
#                                 true: never try to download a missing plugin
#                                 (fail loudly instead)
#   PULUMI_HOME                   $PULUMI_QUALYS_STATE_DIR/home: keeps ~/.pulumi (its
#                                 plugin cache and any cloud credentials) out of play
#   PULUMI_BACKEND_URL            file://$PULUMI_QUALYS_STATE_DIR/backend: local DIY
#                                 backend, no login, no network
#   PULUMI_CONFIG_PASSPHRASE      passphrase secrets provider (default below is for
#                                 local/test stacks only); not set when
#                                 PULUMI_CONFIG_PASSPHRASE_FILE is
#   NODE_PATH                     <repo>/node_modules appended: the dynamic provider
#                                 plugin resolves @pulumi/pulumi from the CLI's cwd,
#                                 which may be outside the repo (e.g. an Automation
#                                 API inline program run from elsewhere)
#
# PULUMI_QUALYS_STATE_DIR defaults to ~/.cache/pulumi-qualys/state. Tests should
# point PULUMI_BACKEND_URL and PULUMI_HOME at a fresh temp dir instead.
# PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK is not needed (CLI v3.248.0 passes it).

_pq_src="${BASH_SOURCE[0]:-${(%):-%x}}"
_pq_root="$(cd "$(dirname "$_pq_src")/.." && pwd)"
if _pq_bin="$(bash "$_pq_root/scripts/pulumi-toolchain.sh" | tail -n1)" && [ -n "$_pq_bin" ]; then
  export PATH="$_pq_bin:$PATH"
  _pq_state="${PULUMI_QUALYS_STATE_DIR:-$HOME/.cache/pulumi-qualys/state}"
  mkdir -p "$_pq_state/home" "$_pq_state/backend"
  export PULUMI_SKIP_UPDATE_CHECK="${PULUMI_SKIP_UPDATE_CHECK:-true}"
  export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="${PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION:-true}"
  export PULUMI_HOME="${PULUMI_HOME:-$_pq_state/home}"
  export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$_pq_state/backend}"
  if [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
    export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-pulumi-qualys-local}"
  fi
  export NODE_PATH="${NODE_PATH:+$NODE_PATH:}$_pq_root/node_modules"
  unset _pq_state
else
  echo "pulumi-env.sh: scripts/pulumi-toolchain.sh failed; environment not changed" >&2
fi
unset _pq_src _pq_root _pq_bin
