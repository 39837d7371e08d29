/** The bundled Qualys emulator: `startEmulator()` for tests and programs, `qualys-emulator` as a command. */
export { Emulator, startEmulator, type EmulatorOptions, type RecordedCall } from "./server";
export type { FaultSpec } from "./faults";
export { CHAOS_KINDS, type ChaosKind, type ChaosOptions, type ChaosStats } from "./chaos";
export { DEFAULT_TENANTS, type TenantSpec } from "./tenants";
