# local-run.sh — sourced by the scripts that run example stacks against the bundled emulator
# (scripts/run-example.sh, examples/drift-pipeline/demo.sh), from the repository as the current
# directory. begin_local_run does the whole set-up; the functions it calls are usable alone.

# begin_local_run STACK_CONFIG…: builds and stages the package, starts the emulator and puts the local
# CLI on PATH with its state in a scratch WORK directory. On exit the emulator stops, the stack config
# files named (written into the example's folder by `pulumi config set`) are removed, and WORK with
# them unless KEEP=1.
begin_local_run() {
  local_run_leftovers=("$@")
  bash scripts/prepare-e2e.sh
  local bin
  bin=$(bash scripts/pulumi-toolchain.sh | tail -n1)
  WORK=$(mktemp -d)
  emu_pid=""
  trap end_local_run EXIT
  start_emulator
  use_local_pulumi "$bin"
}

end_local_run() {
  [ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null || true
  rm -f "${local_run_leftovers[@]}"
  [ "${KEEP:-}" = 1 ] && echo "kept $WORK" || rm -rf "$WORK"
}

# start_emulator: starts dist/emulator on a free loopback port, sets emu_pid (for the caller's cleanup
# trap) and url. The emulator prints QUALYS_EMULATOR_URL= once it listens; waiting on that line, not on
# a fixed delay, is what keeps a slow machine from racing it.
start_emulator() {
  node dist/emulator/main.js --port 0 >"$WORK/emulator.out" 2>"$WORK/emulator.err" &
  emu_pid=$!
  for _ in $(seq 1 100); do grep -q QUALYS_EMULATOR_URL "$WORK/emulator.out" 2>/dev/null && break; sleep 0.1; done
  url=$(sed -n 's/^QUALYS_EMULATOR_URL=//p' "$WORK/emulator.out")
  [ -n "$url" ] || { cat "$WORK/emulator.err" >&2; echo "emulator did not start" >&2; exit 1; }
}

# use_local_pulumi BIN: the CLI built by scripts/pulumi-toolchain.sh on PATH, a file:// backend and a
# Pulumi home inside WORK, a fixed passphrase, and no update check or plugin download: a run touches
# nothing outside WORK and needs no network.
use_local_pulumi() {
  export PATH="$1:$PATH"
  export PULUMI_BACKEND_URL="file://$WORK/state" PULUMI_CONFIG_PASSPHRASE="example" PULUMI_SKIP_UPDATE_CHECK=true \
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true PULUMI_HOME="$WORK/pulumi-home" \
    QUALYS_CLEANUP_REMINDERS_FILE="$WORK/cleanup-reminders.jsonl"
  mkdir -p "$WORK/state"
}

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
