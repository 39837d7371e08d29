/**
 * Every service model of the emulator. A model owns its slice of tenant state, its API routes and
 * the control routes that change its objects out of band (`/__emulator/tenants/{tenant}/...`).
 */
import type { Route } from "../router";
import type { Emulator } from "../server";
import { authService } from "./auth";
import { serviceAccountsService } from "./flexscan/service-accounts";
import { nsxService } from "./nsx";
import { targetAccountsService } from "./flexscan/target-accounts";
import { scanJobsService } from "./scan-jobs";
import { readOnlyService } from "./readonly";

export interface ServiceModule {
  name: string;
  routes(emulator: Emulator): Route[];
}

export const allServices: ServiceModule[] = [
  authService,
  serviceAccountsService,
  targetAccountsService,
  scanJobsService,
  nsxService,
  readOnlyService,
];
