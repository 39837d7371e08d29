/**
 * Every service model of the emulator. A model owns its slice of tenant state, its API routes and
 * the control routes that change its objects out of band (`/__emulator/tenants/{tenant}/...`).
 */
import { authService } from "./auth";
import { serviceAccountsService } from "./flexscan/service-accounts";
import { nsxService } from "./nsx";
import { targetAccountsService } from "./flexscan/target-accounts";
import { scanJobsService } from "./scan-jobs";
import { readOnlyService } from "./readonly";
import type { ServiceModule } from "./module";

export const allServices: ServiceModule[] = [
  authService,
  serviceAccountsService,
  targetAccountsService,
  scanJobsService,
  nsxService,
  readOnlyService,
];
