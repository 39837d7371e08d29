/** The handlers the native plugin serves, by resource name (`qualys:index:<name>`): read off RESOURCES, the same objects the dynamic resources use. */
import { RESOURCES } from "../resources";
import type { ResourceHandler } from "../shared/dynamic";

export const HANDLERS: Readonly<Record<string, ResourceHandler<never, never>>> = Object.fromEntries(
  RESOURCES.map((r) => [r.name, r.handler]),
);
