/**
 * The only conversion between the Flexscan API and ServiceAccount state.
 *
 * What refresh can observe: regions (GET), state and cloudInfo (GET …/state), the Qualys ids.
 * What it cannot: scanInterval, resourceTypes, vmScanTypes and the tag lists are not returned by
 * GET, so they are kept from state (documented in docs/service-account.md).
 */
import type { AccountState, ServiceAccountRecord, SetupRequest, SetupResult } from "../../clients/flexscan/service-accounts";
import type { CleanupReminder } from "../../shared/notices";
import { canonicalSet, canonicalLowercaseSet } from "../../shared/normalise";
import type { ServiceAccountInputs, ServiceAccountOutputs } from "./schema";

export function toSetupRequest(inputs: ServiceAccountInputs): SetupRequest {
  return {
    accountId: inputs.accountId,
    regions: inputs.regions,
    scanInterval: inputs.scanInterval,
    resourceTypes: inputs.resourceTypes,
    vmScanTypes: inputs.vmScanTypes,
    mustHaveTags: inputs.mustHaveTags,
    atLeastOneTag: inputs.atLeastOneTag,
    noneOfTheTag: inputs.noneOfTheTag,
  };
}

/** Just the inputs out of a state object (outputs hold the normalised inputs plus observations). */
export function inputsOf(o: ServiceAccountOutputs): ServiceAccountInputs {
  return {
    accountId: o.accountId,
    cloudType: o.cloudType,
    regions: o.regions,
    scanInterval: o.scanInterval,
    resourceTypes: o.resourceTypes,
    vmScanTypes: o.vmScanTypes,
    mustHaveTags: o.mustHaveTags,
    atLeastOneTag: o.atLeastOneTag,
    noneOfTheTag: o.noneOfTheTag,
    adopt: o.adopt,
  };
}

/**
 * The regions the last setup added and removed, as Qualys answered them; a read (no setup) keeps the
 * previous values. Shared with TargetAccount, whose setup answers the same way.
 */
export function regionChanges(
  setup: { addedRegions?: string[] | null; removedRegions?: string[] | null } | undefined,
  previous: { addedRegions?: string[]; removedRegions?: string[] } | undefined,
): { addedRegions: string[]; removedRegions: string[] } {
  return {
    addedRegions: setup ? canonicalSet(setup.addedRegions ?? []) : (previous?.addedRegions ?? []),
    removedRegions: setup ? canonicalSet(setup.removedRegions ?? []) : (previous?.removedRegions ?? []),
  };
}

export function toOutputs(args: {
  inputs: ServiceAccountInputs;
  record?: ServiceAccountRecord;
  state?: AccountState;
  setup?: SetupResult;
  registeredAt?: string;
  previous?: ServiceAccountOutputs;
  cleanupReminders: CleanupReminder[];
}): ServiceAccountOutputs {
  const { inputs, record, state, setup, previous } = args;
  return {
    ...inputs,
    state: state?.state ?? record?.state ?? previous?.state ?? "REGISTERED",
    connectorUuid: record?.connectorUuid ?? previous?.connectorUuid ?? undefined,
    portalUuid: record?.portalUuid ?? previous?.portalUuid ?? undefined,
    registeredAt: args.registeredAt ?? previous?.registeredAt ?? record?.createdAt ?? undefined,
    cloudInfo: state?.cloudInfo ?? previous?.cloudInfo ?? {},
    ...regionChanges(setup, previous),
    cleanupReminders: args.cleanupReminders,
  };
}

/**
 * Refresh: what Qualys reports replaces what state says, for the observable fields only.
 * Regions are lowercased and sorted as `check` does, so an unchanged account reads back equal.
 */
export function fromRead(
  previous: ServiceAccountOutputs,
  record: ServiceAccountRecord,
  state: AccountState | undefined,
): ServiceAccountOutputs {
  const inputs: ServiceAccountInputs = {
    ...inputsOf(previous),
    accountId: record.accountId,
    cloudType: record.cloudType.toUpperCase() as ServiceAccountInputs["cloudType"],
    regions: canonicalLowercaseSet(record.regions ?? []),
  };
  return toOutputs({ inputs, record, state, previous, cleanupReminders: previous.cleanupReminders ?? [] });
}
