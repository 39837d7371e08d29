/**
 * Pulumi's property-value markers as they travel in a protobuf Struct (the engine's
 * sdk/go/common/resource/sig): a secret is an object `{<sig key>: <secret sig>, value}`, and a value
 * not known yet (computed by another resource, at preview) is a fixed UUID string.
 */
type Props = Record<string, unknown>;

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** `v` marked secret. */
export function secretValue(v: unknown): Props {
  return { [SIG_KEY]: SECRET_SIG, value: v };
}

/** Secret markers removed at any depth: handlers see plain values, whichever engine sent them. */
export function unwrapSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (v !== null && typeof v === "object") {
    const o = v as Props;
    if (o[SIG_KEY] === SECRET_SIG) return unwrapSecrets(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unwrapSecrets(x)]));
  }
  return v;
}

/** `props` with each of `keys` that has a value marked secret. */
export function markSecrets(props: Props, keys: readonly string[] = []): Props {
  const out = { ...props };
  for (const k of keys) if (out[k] !== undefined) out[k] = secretValue(out[k]);
  return out;
}

/** True when some value, at any depth, is not known yet. */
export function hasUnknowns(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(hasUnknowns);
  if (v !== null && typeof v === "object") return Object.values(v).some(hasUnknowns);
  return false;
}
