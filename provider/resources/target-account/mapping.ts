/**
 * The only conversion between the Flexscan target-account API and TargetAccount state.
 *
 * Absent vs `[]` tag lists: the notes' "Target Account Tag Fallback" says "null tag values inherit
 * the configuration from the parent service account", and "[] overrides the parent configuration
 * and disables filtering". The request therefore sends an inherited list as an explicit `null`, not
 * by leaving the key out: `null` is the value the rule names, the notes' setup answer prints a list
 * the request left out as `null` (so both reach the same stored value on a setup that replaces the
 * configuration), and an explicit `null` also clears an earlier `[]` or list if Qualys ever treated a
 * left-out key as "keep what is stored". `[]` is sent as `[]`.
 *
 * What refresh can observe: regions and the parent (GET), the state and cloudInfo (GET …/state).
 * What it cannot: scanInterval, resourceTypes, vmScanTypes and the tag lists (not returned by GET),
 * kept from state (see docs/target-account.md).
 */
import type {
  ParentBlock,
  TargetAccountRecord,
  TargetSetupRequest,
  TargetSetupResult,
  TargetState,
} from "../../clients/flexscan/target-accounts";
import { canonicalSet, canonicalLowercaseSet } from "../../shared/normalise";
import { regionChanges } from "../service-account/mapping";
import {
  inheritedTagLists,
  STOP_SCANNING_INTERVAL,
  STOP_SCANNING_TAG,
  TAG_LISTS,
  type TargetAccountInputs,
  type TargetAccountOutputs,
} from "./schema";

/** Tag list → request value: absent = `null` (inherit), anything else as it is (`[]` = no filtering). */
export function tagValue(list: string[] | null | undefined): string[] | null {
  return list === undefined || list === null ? null : list;
}

export function toSetupRequest(inputs: TargetAccountInputs): TargetSetupRequest {
  return {
    accountId: inputs.accountId,
    regions: inputs.regions,
    scanInterval: inputs.scanInterval,
    resourceTypes: inputs.resourceTypes,
    vmScanTypes: inputs.vmScanTypes,
    mustHaveTags: tagValue(inputs.mustHaveTags),
    atLeastOneTag: tagValue(inputs.atLeastOneTag),
    noneOfTheTag: tagValue(inputs.noneOfTheTag),
  };
}

/**
 * The setup `onDelete: "stop-scanning"` sends: the same regions (setup needs at least one), the
 * smallest scan (os only, every 720 h), and a must-have tag no VM carries, with the other two lists
 * `[]` so nothing is inherited from the parent that could widen the selection.
 */
export function toStopScanningRequest(accountId: string, regions: string[]): TargetSetupRequest {
  return {
    accountId,
    regions: canonicalSet(regions),
    scanInterval: STOP_SCANNING_INTERVAL,
    resourceTypes: ["vm"],
    vmScanTypes: ["os"],
    mustHaveTags: [STOP_SCANNING_TAG],
    atLeastOneTag: [],
    noneOfTheTag: [],
  };
}

/** Just the inputs out of a state object. A tag list that is absent or `null` stays absent. */
export function inputsOf(o: TargetAccountOutputs): TargetAccountInputs {
  const out: TargetAccountInputs = {
    accountId: o.accountId,
    serviceAccountId: o.serviceAccountId,
    regions: o.regions,
    scanInterval: o.scanInterval,
    resourceTypes: o.resourceTypes,
    vmScanTypes: o.vmScanTypes,
    onDelete: o.onDelete ?? "stop-scanning",
    adopt: o.adopt ?? false,
  }; // the tag lists are added below only when present
  for (const list of TAG_LISTS) {
    const v = (o as Partial<Record<string, unknown>>)[list];
    if (Array.isArray(v)) out[list] = v as string[];
  }
  return out;
}

/** The parent as Qualys reports it: the GET's `serviceAccount` block. */
export function parentRegionsOf(parent: ParentBlock | null | undefined): string[] {
  return canonicalLowercaseSet(parent?.regions ?? []);
}

export function toOutputs(args: {
  inputs: TargetAccountInputs;
  record?: TargetAccountRecord;
  parentRegions?: string[];
  state?: TargetState;
  setup?: TargetSetupResult;
  previous?: TargetAccountOutputs;
}): TargetAccountOutputs {
  const { inputs, record, state, setup, previous } = args;
  const outs: TargetAccountOutputs = {
    // From the inputs alone: a tag list left out now must not come back from `previous`.
    ...inputsOf(inputs as TargetAccountOutputs),
    state: state?.state ?? record?.serviceAccount?.state ?? previous?.state ?? "REGISTERED",
    cloudType: (record?.cloudType ?? state?.cloudType ?? setup?.cloudType ?? previous?.cloudType)?.toUpperCase() ?? undefined,
    connectorUuid: record?.connectorUuid ?? previous?.connectorUuid ?? undefined,
    portalUuid: record?.portalUuid ?? previous?.portalUuid ?? undefined,
    discoveredAt: record?.createdAt ?? previous?.discoveredAt ?? undefined,
    parentRegions: args.parentRegions ?? previous?.parentRegions ?? [],
    cloudInfo: state?.cloudInfo ?? previous?.cloudInfo ?? {},
    ...regionChanges(setup, previous),
    inheritedTagLists: inheritedTagLists(inputs),
  };
  // Absent tag lists stay absent (not `undefined` keys with a meaning of their own).
  for (const list of TAG_LISTS) if (outs[list] === undefined) delete outs[list];
  for (const k of ["cloudType", "connectorUuid", "portalUuid", "discoveredAt"] as const) if (outs[k] === undefined) delete outs[k];
  return outs;
}

/**
 * Refresh: what Qualys reports replaces what state says, for the observable fields only: regions
 * (lowercased and sorted as `check` does, so an unchanged target reads back equal) and the parent.
 */
export function fromRead(
  previous: TargetAccountOutputs,
  record: TargetAccountRecord,
  state: TargetState | undefined,
): TargetAccountOutputs {
  const inputs: TargetAccountInputs = {
    ...inputsOf(previous),
    accountId: record.accountId,
    serviceAccountId: record.serviceAccountId,
    regions: canonicalLowercaseSet(record.regions ?? []),
  };
  return toOutputs({
    inputs,
    record,
    state,
    parentRegions: record.serviceAccount ? parentRegionsOf(record.serviceAccount) : undefined,
    previous,
  });
}
