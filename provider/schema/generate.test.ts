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

test("every property and argument in schema.json has a description, nested types included", () => {
  type Props = Record<string, { description?: string }> | undefined;
  const s = generateSchema() as {
    config: { variables: Props };
    resources: Record<string, { inputProperties: Props; properties: Props }>;
    functions: Record<string, { inputs: { properties: Props }; outputs: { properties: Props } }>;
    types: Record<string, { description?: string; properties: Props }>;
  };
  const missing: string[] = [];
  const check = (where: string, props: Props) => {
    for (const [k, p] of Object.entries(props ?? {})) if (!p.description?.trim()) missing.push(`${where}.${k}`);
  };
  check("config", s.config.variables);
  for (const [t, r] of Object.entries(s.resources)) {
    check(`${t} (input)`, r.inputProperties);
    check(`${t} (output)`, r.properties);
  }
  for (const [t, f] of Object.entries(s.functions)) {
    check(`${t} (argument)`, f.inputs.properties);
    check(`${t} (result)`, f.outputs.properties);
  }
  for (const [t, ty] of Object.entries(s.types)) {
    if (!ty.description?.trim()) missing.push(`${t} (the type itself)`);
    check(t, ty.properties);
  }
  expect(missing).toEqual([]);
  // The check sees nested types: GcpInternalScanJob's weekly schedule is one of them.
  expect(s.types["qualys:index:GcpInternalScanJobScheduleWeekly"].properties?.startHour.description).toMatch(/Start hour/);
});

test("every function's result is a typed object: its properties are the function's outputs", () => {
  const s = generateSchema() as {
    functions: Record<string, { outputs: { properties: Record<string, { $ref?: string; type?: string }> } }>;
  };
  const accounts = s.functions["qualys:index:getServiceAccounts"].outputs.properties;
  expect(Object.keys(accounts).sort()).toEqual(["items", "pagesFetched", "total"]);
  expect(accounts.total.type).toBe("integer");
  for (const [name, f] of Object.entries(s.functions)) {
    expect({ name, result: f.outputs.properties.result }).toEqual({ name, result: undefined });
    expect({ name, outputs: Object.keys(f.outputs.properties).length > 0 }).toEqual({ name, outputs: true });
  }
});
