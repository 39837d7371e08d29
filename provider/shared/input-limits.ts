/**
 * Limits on input that Qualys would otherwise store as garbage: text lengths and cloud region names.
 * One home for both, used by the resource schemas; docs/input-rules.md lists each rule with its
 * source, and the resource pages' rules tables come from the schemas' `.describe()` texts.
 */

/**
 * Text length limits, in characters (Unicode code points). The Qualys notes this provider is built
 * from state a length only for scan notification messages (4000); for the other fields the limit
 * is the one the Qualys VM/PC API user guide gives for the same kind of field, as noted per limit.
 */
export const TEXT_LIMITS = {
  /** Qualys VM/PC API user guide, authentication records (`title`): at most 255 characters. */
  authRecordTitle: 255,
  /**
   * No limit stated for NSX `username`; the same 255 as the record's title (the longest login name
   * of an NSX Manager, a local user or an AD user principal name, fits well inside it).
   */
  authRecordUsername: 255,
  /**
   * Qualys VM/PC API user guide, authentication records (`comments`): at most 1999 characters. The
   * provider keeps an ownership marker at the end of the comments, so the program gets 1999 less a
   * reserve of 99 for it.
   */
  authRecordComments: 1900,
  /** Qualys VM/PC API user guide, scans (`scan_title`): at most 2000 characters. */
  scanTitle: 2000,
} as const;

/** The rule a too-long value broke, or undefined. */
export function maxCharsError(s: string, max: number): string | undefined {
  const n = [...s].length;
  return n > max ? `must be at most ${max} characters (it has ${n})` : undefined;
}

/*
 * Region names, per cloud: each cloud's documented naming pattern, not a fixed list, so a region
 * opened next year still passes. What they refuse is what no cloud names a region: spaces, upper
 * case left after lowercasing ("US East 1" → "us east 1"), letters outside a–z, availability
 * zones (`us-central1-a`) and numbers no region carries.
 *
 * The number: AWS and GCP number regions per area and direction from 1, and the highest in use is
 * 12 (GCP europe-west12; AWS ap-southeast-7), so 1–20 leaves room for growth while refusing
 * `us-east-99`, which no cloud has and which reads like a typo.
 */
const DIRECTION = "(?:north|south|east|west|central|northeast|northwest|southeast|southwest)";
const NUMBER = "(?:[1-9]|1[0-9]|20)";

export const REGION_PATTERNS = {
  /**
   * AWS: `<area>-<direction>-<number>` (`us-east-1`, `ap-southeast-2`), the area a two-letter code or
   * a partition prefix (`us-gov-west-1`, `cn-north-1`, `us-iso-east-1`, `us-isob-east-1`,
   * `eu-isoe-west-1`, `eusc-de-east-1`): the `regionRegex` of each partition in the AWS SDKs'
   * partitions.json, with the direction spelled out and the number bounded.
   */
  AWS: {
    pattern: new RegExp(`^(?:[a-z]{2}|us-gov|us-iso[a-z]?|eu-iso[a-z]?|eusc-[a-z]{2})-${DIRECTION}-${NUMBER}$`),
    rule: "an AWS region is <area>-<direction>-<number 1–20>, e.g. us-east-1, ap-southeast-2, us-gov-west-1",
  },
  /**
   * Azure: the location's programmatic name (`az account list-locations`, `name`): lowercase
   * letters, possibly one digit and a suffix (`eastus`, `westeurope`, `southafricanorth`, `eastus2`,
   * `eastus2euap`), never the display name with spaces ("East US").
   */
  AZURE: {
    pattern: /^(?=.{4,40}$)[a-z]{4,}(?:[1-9][a-z]*)?$/,
    rule: "an Azure region is the location name in lowercase letters, without spaces, e.g. eastus, westeurope, southafricanorth, eastus2",
  },
  /**
   * GCP: `<continent>-<direction><number>` (`us-central1`, `europe-west4`,
   * `northamerica-northeast1`), per Google Cloud's "Regions and zones" naming; a zone adds `-a`.
   */
  GCP: {
    pattern: new RegExp(`^[a-z]{2,}-${DIRECTION}${NUMBER}$`),
    rule: "a GCP region is <continent>-<direction><number 1–20>, e.g. us-central1, europe-west4, northamerica-northeast1 (a region, not a zone)",
  },
} as const satisfies Record<string, { pattern: RegExp; rule: string }>;

export type RegionCloud = keyof typeof REGION_PATTERNS;

/** The rule a region name broke for `cloud` (or, when the cloud is not known, for every cloud), or undefined. */
export function regionNameError(region: string, cloud?: RegionCloud): string | undefined {
  const clouds = cloud ? [cloud] : (Object.keys(REGION_PATTERNS) as RegionCloud[]);
  if (clouds.some((c) => REGION_PATTERNS[c].pattern.test(region))) return undefined;
  const rules = clouds.map((c) => REGION_PATTERNS[c].rule);
  return `"${region}" is not a region name: ${cloud ? rules[0] : `no cloud names a region so (${rules.join("; ")})`}`;
}

/** A zod `superRefine` step: `label` at most `max` characters (see TEXT_LIMITS for each limit's source). */
export function maxChars(label: string, max: number) {
  return (s: string | undefined, ctx: { addIssue(issue: { code: "custom"; message: string }): void }): void => {
    const err = s === undefined ? undefined : maxCharsError(s, max);
    if (err) ctx.addIssue({ code: "custom", message: `${label} ${err}`.trim() });
  };
}
