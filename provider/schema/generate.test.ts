/** schema.json is generated from the zod schemas; this fails when the committed file is stale. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { generateSchema, packageRoot } from "./generate";

test("committed schema.json matches the zod schemas (run `make schema` if this fails)", () => {
  const committed = readFileSync(join(packageRoot(), "schema.json"), "utf8");
  expect(committed).toBe(`${JSON.stringify(generateSchema(), null, 2)}\n`);
});

test("ServiceAccount's schema carries the rules users need to see", () => {
  const s = generateSchema() as {
    resources: Record<
      string,
      {
        inputProperties: Record<string, { type?: string; default?: unknown }>;
        requiredInputs: string[];
        properties: Record<string, unknown>;
      }
    >;
  };
  const sa = s.resources["qualys:index:ServiceAccount"];
  expect(sa.requiredInputs).toEqual(["accountId", "cloudType", "regions"]);
  expect(sa.inputProperties.scanInterval).toMatchObject({ type: "integer", default: 24 });
  expect(Object.keys(sa.properties)).toEqual(expect.arrayContaining(["cleanupReminders", "cloudInfo", "state", "regions"]));
});

test("NsxAuthRecord's ownerMarker is internal: not a schema input (generated SDKs and YAML do not offer it), still an output", () => {
  const s = generateSchema() as {
    resources: Record<string, { inputProperties: Record<string, unknown>; properties: Record<string, unknown> }>;
  };
  const nsx = s.resources["qualys:index:NsxAuthRecord"];
  expect(Object.keys(nsx.inputProperties)).not.toContain("ownerMarker");
  expect(Object.keys(nsx.inputProperties)).toContain("comments");
  expect(Object.keys(nsx.properties)).toContain("ownerMarker");
});
