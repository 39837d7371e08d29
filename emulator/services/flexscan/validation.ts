/**
 * The setup validations of the Connector 2.18 notes, shared by service and target accounts: what the real gateway
 * rejects with 400, and the lowercasing it applies to every string list.
 */
import { ApiError } from "../../router";

export const CLOUD_TYPES = ["GCP", "AWS", "AZURE"] as const;
export type EmuCloudType = (typeof CLOUD_TYPES)[number];

export function cloudType(value: unknown, field = "cloudType"): EmuCloudType {
  if (typeof value !== "string" || !CLOUD_TYPES.includes(value.toUpperCase() as EmuCloudType)) {
    throw new ApiError(400, `${field} must be one of GCP, AWS, AZURE`, "VALIDATION_ERROR", field);
  }
  return value.toUpperCase() as EmuCloudType;
}

export function requiredString(value: unknown, field: string): string {
  if (typeof value !== "string" || value.trim() === "") throw new ApiError(400, `${field} is required`, "VALIDATION_ERROR", field);
  return value;
}

/** Optional list of strings; `null` and absent are both "not given". Lowercased, as Qualys stores them. */
export function stringList(value: unknown, field: string): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw new ApiError(400, `${field} must be an array of strings`, "VALIDATION_ERROR", field);
  }
  return value.map((v: string) => v.toLowerCase());
}

export function scanInterval(value: unknown, field = "scanInterval"): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 24 || value > 720) {
    throw new ApiError(400, `${field} must be an integer between 24 and 720`, "VALIDATION_ERROR", field);
  }
  return value;
}

export function resourceTypes(value: unknown): string[] | null {
  const list = stringList(value, "resourceTypes");
  if (list && list.some((t) => t !== "vm"))
    throw new ApiError(400, "resourceTypes: allowed value is vm", "VALIDATION_ERROR", "resourceTypes");
  return list;
}

export function vmScanTypes(value: unknown, allowed: readonly string[]): string[] | null {
  const list = stringList(value, "vmScanTypes");
  if (!list) return null;
  const bad = list.filter((t) => !allowed.includes(t));
  if (bad.length > 0)
    throw new ApiError(
      400,
      `vmScanTypes: invalid value(s) ${bad.join(", ")}; options: ${allowed.join(", ")}`,
      "VALIDATION_ERROR",
      "vmScanTypes",
    );
  if (list.includes("sca") && !list.includes("os")) {
    throw new ApiError(400, "vmScanTypes: for SCA scan types, os must also be included", "VALIDATION_ERROR", "vmScanTypes");
  }
  return list;
}

/** key=value everywhere (AWS/Azure keys may contain ':'); AWS also key:value; GCP only `=`, no ':' (labels). */
export function tags(value: unknown, field: string, cloud: EmuCloudType): string[] | null {
  const list = stringList(value, field);
  if (!list) return null;
  for (const tag of list) {
    const eq = cloud === "GCP" ? /^[^=:\s][^=:]*=[^=]*$/.test(tag) : /^[^=:\s][^=]*=[^=]*$/.test(tag);
    const colon = /^[^=:\s]+:[^:]*$/.test(tag);
    if (!(eq || (cloud === "AWS" && colon))) {
      const rule = cloud === "AWS" ? "key=value or key:value" : "key=value";
      throw new ApiError(400, `${field}: invalid tag '${tag}', expected ${rule} for ${cloud}`, "VALIDATION_ERROR", field);
    }
  }
  return list;
}

export function regions(value: unknown, field = "regions"): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== "string" || v.trim() === "")) {
    throw new ApiError(400, `${field} is required and must be a non-empty array of region names`, "VALIDATION_ERROR", field);
  }
  return [...new Set(value.map((v: string) => v.toLowerCase()))];
}
