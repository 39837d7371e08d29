/**
 * The read-only endpoints behind the read-only functions (provider/functions/): Flexscan scan logs and audit
 * trail, QFlow, CloudView, the PCRS policy list. (Service/target accounts are the models in
 * ../flexscan/, the schedule-scan list is ../scan-jobs/.) Fidelity notes:
 * emulator/README.md.
 *
 * Each tenant gets a deterministic default data set on first use (enough for several pages at small
 * page sizes). The control route `POST /__emulator/tenants/{tenant}/seed/{kind}` replaces one kind:
 *   service-accounts      [{accountId, cloudType, regions?, state?}] or {count} (added/replaced by id)
 *   scan-logs             [records] or {count} (count regenerates logs and their audit workflows)
 *   audit-workflows       [workflows with events]
 *   qflow-workflows       [records] or {count, executions?}
 *   qflow-executions      [records] or {count}
 *   cloudview-connectors  [records with provider] or {count} (per cloud)
 *   cloudview-evaluations {evaluations: [...], resources: [...]}
 *   policies              [records]
 * `[]` empties a kind. Answers `{ kind, count }`.
 */
import { json } from "../../http";
import { ApiError, type Route } from "../../router";
import type { EmulatorHost, ServiceModule } from "../module";
import { cloudViewRoutes, seedCloudView } from "./cloudview";
import { flexscanReadRoutes, seedAuditWorkflows, seedScanLogs, seedServiceAccounts } from "./flexscan";
import { policyRoutes, seedPolicies } from "./policy";
import { qflowRoutes, seedQflow } from "./qflow";

export const SEED_KINDS = [
  "service-accounts",
  "scan-logs",
  "audit-workflows",
  "qflow-workflows",
  "qflow-executions",
  "cloudview-connectors",
  "cloudview-evaluations",
  "policies",
] as const;

function routes(emu: EmulatorHost): Route[] {
  return [
    ...flexscanReadRoutes(),
    ...qflowRoutes(),
    ...cloudViewRoutes(),
    ...policyRoutes(),
    {
      method: "POST",
      path: "/__emulator/tenants/{tenant}/seed/{kind}",
      auth: "none",
      style: "json",
      handler: (ctx) => {
        const tenant = emu.tenantOr404(ctx.params.tenant);
        const kind = ctx.params.kind;
        const body = ctx.json();
        let count: number;
        switch (kind) {
          case "service-accounts":
            count = seedServiceAccounts(tenant, body);
            break;
          case "scan-logs":
            count = seedScanLogs(tenant, body);
            break;
          case "audit-workflows":
            count = seedAuditWorkflows(tenant, body);
            break;
          case "qflow-workflows":
            count = seedQflow(tenant, "workflows", body);
            break;
          case "qflow-executions":
            count = seedQflow(tenant, "executions", body);
            break;
          case "cloudview-connectors":
            count = seedCloudView(tenant, "connectors", body);
            break;
          case "cloudview-evaluations":
            count = seedCloudView(tenant, "evaluations", body);
            break;
          case "policies":
            count = seedPolicies(tenant, body);
            break;
          default:
            throw new ApiError(404, `Unknown seed kind '${kind}'. Kinds: ${SEED_KINDS.join(", ")}`, "NOT_FOUND");
        }
        return json(200, { kind, count });
      },
    },
  ];
}

export const readOnlyService: ServiceModule = { name: "read-only", routes };
