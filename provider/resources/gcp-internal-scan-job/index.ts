import { defineResource } from "../define";
import { gcpInternalScanJobHandler } from "./handler";
import { gcpInternalScanJobSpec } from "./schema";

export const gcpInternalScanJob = defineResource({ spec: gcpInternalScanJobSpec, handler: gcpInternalScanJobHandler });
