#!/usr/bin/env bash
# The nightly job against the bundled emulator, end to end and without a Qualys account:
#  1. two stacks in one backend: examples/nsx-auth-records (TypeScript, dynamic resources) and
#     examples/yaml-all-resources (Pulumi YAML, native plugin);
#  2. objects made "by hand" in the emulator (a service account, an NSX record, another stack's NSX
#     record, a GCP scan job) and out-of-band changes (regions removed, NSX ips changed, a job
#     deactivated, a record deleted);
#  3. nightly.sh: all four reports into examples/drift-pipeline/reports (exit code 2: drift found);
#  4. the repair, `pulumi up --refresh`, and a clean nightly run (exit code 0 with --fail-on drift).
# Run from the repository: `bash examples/drift-pipeline/demo.sh` (KEEP=1 keeps the work dir).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$repo"
. "$repo/scripts/lib/local-run.sh"
begin_local_run "$repo/examples/nsx-auth-records/Pulumi.nightly.yaml"
configure() {
  for key in apiUrl gatewayUrl portalUrl; do pulumi config set "qualys:$key" "$url"; done
  pulumi config set --secret qualys:token emulator-token-acme
  pulumi config set --secret nsxPassword "example-nsx-password"
}

say "TypeScript stack (examples/nsx-auth-records), stack 'nightly'"
(cd examples/nsx-auth-records && pulumi stack init nightly --non-interactive >/dev/null && configure && pulumi up --yes --non-interactive >/dev/null)

say "YAML stack (examples/yaml-all-resources through the native plugin), stack 'nightly'"
curl -sf -X POST "$url/__emulator/tenants/acme/service-accounts/123456789012/discovered-targets" -d '["210987654321"]' >/dev/null
mkdir -p "$WORK/yaml" "$WORK/plugin"
cp examples/yaml-all-resources/Pulumi.yaml "$WORK/yaml/"
printf '#!/bin/sh\nexec node "%s" "$@"\n' "$repo/node_modules/pulumi-qualys/dist/provider/native/main.js" >"$WORK/plugin/pulumi-resource-qualys"
chmod +x "$WORK/plugin/pulumi-resource-qualys"
printf '\nplugins:\n  providers:\n    - name: qualys\n      path: %s\n' "$WORK/plugin" >>"$WORK/yaml/Pulumi.yaml"
(cd "$WORK/yaml" && pulumi stack init nightly --non-interactive >/dev/null && configure && pulumi up --yes --non-interactive >/dev/null)

say "objects made by hand in Qualys, and out-of-band changes"
form() { curl -sf -H 'authorization: Bearer emulator-token-acme' -H 'x-requested-with: demo' "$url$1" --data "$2" >/dev/null; }
curl -sf -H 'authorization: Bearer emulator-token-acme' -H 'content-type: application/json' \
  "$url/flexscan-api/rest/v1/service-accounts/register" -d '{"accountId":"555555555555","cloudType":"GCP"}' >/dev/null
form /api/3.0/fo/auth/nsx/ 'action=create&title=NSX+made+in+the+UI&ips=10.50.0.1&username=u&password=hand-made-pw-1'
form /api/3.0/fo/auth/nsx/ 'action=create&title=NSX+of+a+deleted+stack&ips=10.60.0.1&username=u&password=hand-made-pw-2&comments=%5Bpulumi%3Afedcba9876543210%5D'
# A scan job made in the UI: created through the package's own client (the form has many fixed parameters).
QUALYS_API_URL=$url QUALYS_GATEWAY_URL=$url QUALYS_PORTAL_URL=$url QUALYS_TOKEN=emulator-token-acme node -e '
  const dist = process.argv[1];
  const { QualysClients } = require(dist + "/clients");
  const { gcpInternalScanJobHandler: h } = require(dist + "/resources/gcp-internal-scan-job/handler");
  const clients = QualysClients.fromSources({ env: process.env });
  const { inputs } = h.check({}, { title: "GCP job made in the UI", connectorName: "gcp-prod-connector",
    optionProfileTitle: "Qualys Recommended Option Profile", scannerNames: ["RM_GCP_SCANNER"],
    schedule: { type: "weekly", frequencyWeeks: 1, weekdays: ["Friday"], startHour: 1, startMinute: 0, timeZoneCode: "US-CA" } });
  h.create({ clients: () => clients }, inputs).finally(() => clients.close());
' "$repo/node_modules/pulumi-qualys/dist/provider"
ts_basic=$(cd examples/nsx-auth-records && pulumi stack output basicId)
ts_vault=$(cd examples/nsx-auth-records && pulumi stack output vaultId)
job=$(cd "$WORK/yaml" && pulumi stack output scanJobId)
curl -sf -X PATCH "$url/__emulator/tenants/acme/service-accounts/123456789012" -d '{"regions":["us-east-1"]}' >/dev/null
curl -sf -X PATCH "$url/__emulator/tenants/acme/nsx/$ts_basic" -d '{"ips":["10.20.0.99"]}' >/dev/null
curl -sf -X PATCH "$url/__emulator/tenants/acme/scan-jobs/$job" -d '{"active":false}' >/dev/null
curl -sf -X DELETE "$url/__emulator/tenants/acme/nsx/$ts_vault" >/dev/null

export STACKS="$repo/examples/nsx-auth-records:nightly $WORK/yaml:nightly" OUT="$here/reports"
export QUALYS_DRIFT="node $repo/node_modules/pulumi-qualys/dist/provider/drift/main.js"
say "the nightly job (expect exit code 2: drift and unmanaged objects)"
set +e
bash "$here/nightly.sh"
code=$?
set -e
[ "$code" = 2 ] || { echo "expected exit code 2, got $code" >&2; exit 1; }
ls -l "$here/reports"
sed -n '1,40p' "$here/reports/drift-report.md"

say "the repair: pulumi up --refresh on both stacks, then the nightly job again (expect 0 with FAIL_ON=drift)"
(cd examples/nsx-auth-records && pulumi up --refresh --yes --non-interactive >/dev/null)
(cd "$WORK/yaml" && pulumi up --refresh --yes --non-interactive >/dev/null)
OUT="$WORK/after" FAIL_ON=drift bash "$here/nightly.sh"

(cd examples/nsx-auth-records && pulumi destroy --yes --non-interactive >/dev/null && pulumi stack rm --yes nightly >/dev/null)
