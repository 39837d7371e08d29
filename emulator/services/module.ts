/**
 * The shape of one emulator service and what it may use of the running emulator. Kept apart from
 * the registry (`index.ts`, which imports every service) and from `server.ts` (which imports the
 * registry), so that no service imports either back: no import circle. `Emulator` satisfies
 * `EmulatorHost` structurally.
 */
import type { Route } from "../router";
import type { Tenant, TenantRegistry } from "../tenants";

/** The part of the emulator a service's routes use. */
export interface EmulatorHost {
  readonly registry: TenantRegistry;
  /** The tenant named in a control route, or a 404 ApiError. */
  tenantOr404(name: string): Tenant;
}

export interface ServiceModule {
  name: string;
  routes(emulator: EmulatorHost): Route[];
}
