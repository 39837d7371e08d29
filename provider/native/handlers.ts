/** The handlers the native plugin serves, by resource name (`qualys:index:<name>`): the same objects the dynamic resources use. */
import type { ResourceHandler } from "../shared/dynamic";
import { gcpInternalScanJobHandler } from "../resources/gcp-internal-scan-job/handler";
import { nsxAuthRecordHandler } from "../resources/nsx-auth-record/handler";
import { serviceAccountHandler } from "../resources/service-account/handler";
import { targetAccountHandler } from "../resources/target-account/handler";

export const HANDLERS: Record<string, ResourceHandler<never, never>> = Object.fromEntries(
  [serviceAccountHandler, targetAccountHandler, gcpInternalScanJobHandler, nsxAuthRecordHandler].map((h) => [
    h.type,
    h as unknown as ResourceHandler<never, never>,
  ]),
);
