#!/usr/bin/env bash
# The main job (`make example`): run an example stack against the bundled emulator with a local
# file:// backend: up, show outputs, shrink to one region (subnet reminder), destroy (subnet/VPC
# reminder). No Qualys account, no network.
#   EXAMPLE=gcp-service-account (default)   KEEP=1 leaves the backend dir for inspection
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
example=${EXAMPLE:-gcp-service-account}

. "$repo/scripts/lib/local-run.sh"
begin_local_run "$repo/examples/$example/Pulumi.example.yaml"
cd "examples/$example"

say "emulator at $url; stack 'example' in $WORK/state"
pulumi stack init example --non-interactive >/dev/null
for key in apiUrl gatewayUrl portalUrl; do pulumi config set "qualys:$key" "$url"; done
pulumi config set --secret qualys:token emulator-token-acme
# CloudView (read-only functions) accepts only Basic auth: the emulator's user of the same tenant.
pulumi config set qualys:username acme_user
pulumi config set --secret qualys:password acme-password

case "$example" in
  aws-organisation)
    say "Qualys discovers the organisation's member accounts (emulator control route)"
    curl -sf -X POST "$url/__emulator/tenants/acme/service-accounts/123456789012/discovered-targets" \
      -d '["210987654321","310987654321","410987654321"]' >/dev/null ;;
  nsx-auth-records)
    pulumi config set --secret nsxPassword "example-nsx-password" ;;
  chaos-fleet)
    curl -sf -X POST "$url/__emulator/tenants/acme/service-accounts/123456789012/discovered-targets" \
      -d '["210987654321","310987654321","410987654321"]' >/dev/null
    pulumi config set --secret nsxPassword "example-nsx-password"
    pulumi config set qualys:requestTimeoutSeconds 1 ;;
esac

if [ -n "${CHAOS:-}" ]; then
  # Seeded chaos (emulator/README.md, "Chaos"): up and destroy are rerun until they succeed, at most 3 times.
  say "chaos on: ${CHAOS} of the API calls fail, seed ${CHAOS_SEED:-1}"
  curl -sf -X POST "$url/__emulator/chaos" -d "{\"seed\":${CHAOS_SEED:-1},\"probability\":${CHAOS}}" >/dev/null
fi
rerun() {
  local n
  for n in 1 2 3; do
    "$@" && return 0
    [ -n "${CHAOS:-}" ] || return 1
    say "run $n failed under chaos; rerunning"
  done
  return 1
}
say "pulumi up"
rerun pulumi up --yes --non-interactive --continue-on-error
[ -z "${CHAOS:-}" ] || { say "chaos off; faults injected:"; curl -sf -X DELETE "$url/__emulator/chaos"; echo; }
say "pulumi stack output"
pulumi stack output
say "pulumi refresh, then preview --expect-no-changes (the nightly drift check)"
pulumi refresh --yes --non-interactive >/dev/null
pulumi preview --expect-no-changes --non-interactive
if [ "$example" = gcp-service-account ]; then
  say "remove us-west1 from the project (expect a subnet cleanup reminder)"
  pulumi config set regions '["us-east1"]'
  pulumi up --yes --non-interactive
fi
say "pulumi destroy (expect a subnet/VPC cleanup reminder)"
rerun pulumi destroy --yes --non-interactive --continue-on-error
pulumi stack rm --yes example >/dev/null
say "cleanup reminders collected for GitOps in \$QUALYS_CLEANUP_REMINDERS_FILE"
cat "$WORK/cleanup-reminders.jsonl" 2>/dev/null || echo "(none)"
say "emulator state after destroy"
# Passwords the emulator stores for NSX records are not printed, even the example's test ones.
curl -s "$url/__emulator/tenants/acme/state" | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>console.log(JSON.stringify(JSON.parse(s),(k,v)=>(/password/i.test(k)?"[not shown]":v),2)))'; echo
