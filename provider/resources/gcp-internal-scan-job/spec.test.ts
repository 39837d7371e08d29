/** GcpInternalScanJob in schema.json: the discriminated-union schedule and the id unions survive generation. */
import { generateSchema } from "../../schema/generate";

type Prop = { type?: string; $ref?: string; oneOf?: Prop[]; items?: Prop; description?: string };
const schema = generateSchema() as {
  resources: Record<
    string,
    { inputProperties: Record<string, Prop>; requiredInputs: string[]; properties: Record<string, Prop>; required: string[] }
  >;
  types: Record<string, { properties: Record<string, Prop>; required: string[] }>;
  language: { nodejs: { dynamicTypeTokens: Record<string, string> } };
};
const job = schema.resources["qualys:index:GcpInternalScanJob"];

test("registered with its type token and provider module", () => {
  expect(schema.language.nodejs.dynamicTypeTokens.GcpInternalScanJob).toBe("pulumi-nodejs:dynamic/qualys:GcpInternalScanJob");
  expect(job.requiredInputs).toEqual(["schedule", "title"]);
  expect(job.required).toEqual(expect.arrayContaining(["scheduleId", "launched", "listed", "schedule", "title"]));
});

test("schedule is a oneOf of the four kinds, each a typed object (input shape)", () => {
  expect(job.inputProperties.schedule.oneOf!.map((v) => v.$ref)).toEqual(
    ["Now", "Daily", "Weekly", "Monthly"].map((k) => `#/types/qualys:index:GcpInternalScanJobSchedule${k}`),
  );
  expect(job.inputProperties.schedule.description).toMatch(/one-shot/);
  const weekly = schema.types["qualys:index:GcpInternalScanJobScheduleWeekly"];
  expect(weekly.properties.weekdays).toMatchObject({ type: "array", items: { type: "string" } });
  expect(weekly.properties.timeZoneCode).toMatchObject({ type: "string" });
  expect(weekly.required).toEqual(["frequencyWeeks", "startHour", "startMinute", "timeZoneCode", "type", "weekdays"]);
  expect(schema.types["qualys:index:GcpInternalScanJobScheduleMonthly"].properties.weekOfMonth).toMatchObject({ type: "string" });
});

test("ids accepted as numbers or strings are a oneOf, not Any", () => {
  expect(job.inputProperties.optionProfileId).toMatchObject({ oneOf: [{ type: "number" }, { type: "string" }] });
  expect(job.inputProperties.scannerIds.items).toEqual({ oneOf: [{ type: "number" }, { type: "string" }] });
  expect(job.properties.launchState).toMatchObject({ type: "string" });
});
