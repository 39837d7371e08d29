#!/usr/bin/env bash
# The nightly drift job: read every stack, write the four reports, exit with qualys-drift's code
# (0 nothing to act on, 2 drift / unmanaged objects / due reminders found, 1 the run could not complete).
#
# The environment is the stacks' own: backend (PULUMI_BACKEND_URL or PULUMI_ACCESS_TOKEN), secrets
# (PULUMI_CONFIG_PASSPHRASE), Qualys settings not in stack config, QUALYS_CLEANUP_REMINDERS_FILE.
#   STACKS   "DIR:STACK DIR:STACK …" (DIR alone = every stack of that project)
#   OUT      where the reports go (default ./reports)
#   FAIL_ON  default drift,unmanaged,reminders
set -uo pipefail
out=${OUT:-reports}
args=()
for item in ${STACKS:?set STACKS to "DIR:STACK …"}; do
  dir=${item%%:*}
  args+=(--cwd "$dir")
  [ "$item" != "$dir" ] && args+=(--stack "${item#*:}")
done
drift=${QUALYS_DRIFT:-npx qualys-drift}
$drift "${args[@]}" --format json,markdown,junit,html --out "$out" --fail-on "${FAIL_ON:-drift,unmanaged,reminders}" --parallel 2
code=$?
case $code in
  0) echo "nightly drift: nothing to act on" ;;
  2) echo "nightly drift: something to act on; see $out/drift-report.md (repair drift with: pulumi up --refresh)" ;;
  *) echo "nightly drift: the run could not complete; the partial report names what failed: $out/drift-report.json" ;;
esac
exit $code
