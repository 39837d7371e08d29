/**
 * The JUnit XML report, so that CI systems show drift natively: one test suite per stack with one test case
 * per resource (classname = stack, name = type/name). Drift, gone and unreadable are failures carrying the
 * fields; pending create is skipped. Unmanaged objects and cleanup reminders get suites of their own (names
 * with a space, which no stack name has): a found
 * object or a due reminder fails when its kind is in --fail-on and is skipped otherwise, so the suite agrees
 * with the exit code. A stack that could not be read is an error.
 */
import type { DriftReport, ResourceOutcome } from "../model";
import { escapeAttribute as a, escapeMarkup, resourceLabel, showValue } from "./text";

interface Case {
  classname: string;
  name: string;
  time?: number;
  outcome?: { tag: "failure" | "error" | "skipped"; type: string; message: string; body?: string };
}

interface Suite {
  name: string;
  time: number;
  properties: [string, string][];
  cases: Case[];
}

function driftMessage(r: ResourceOutcome): string {
  return r.fields.map((f) => `${f.path}: state ${showValue(f.state, 200)}, Qualys ${showValue(f.qualys, 200)}`).join("; ");
}

function resourceCase(r: ResourceOutcome): Case {
  const c: Case = { classname: r.stack, name: resourceLabel(r) };
  const where = `${r.urn}${r.id ? ` (Qualys id ${r.id})` : ""}`;
  switch (r.status) {
    case "drifted":
      c.outcome = {
        tag: "failure",
        type: "drifted",
        message: `drifted: ${driftMessage(r)}`,
        body: [
          where,
          ...r.fields.map((f) => `${f.path}\n  state:  ${showValue(f.state, 4000)}\n  Qualys: ${showValue(f.qualys, 4000)}`),
          "Repair: pulumi up --refresh",
        ].join("\n"),
      };
      break;
    case "gone":
      c.outcome = { tag: "failure", type: "gone", message: "gone from Qualys: the object in state no longer exists", body: where };
      break;
    case "unreadable":
      c.outcome = {
        tag: "failure",
        type: "unreadable",
        message: `unreadable (${r.error?.kind ?? "unknown"}): ${r.error?.message ?? ""}`,
        body: where,
      };
      break;
    case "pending":
      c.outcome = { tag: "skipped", type: "pending", message: "pending create: not in Qualys yet" };
      break;
    case "in-sync":
      break;
  }
  return c;
}

function suites(report: DriftReport): Suite[] {
  const out: Suite[] = report.stacks.map((s) => ({
    name: s.stack,
    time: s.durationMs / 1000,
    properties: [
      ["project", s.project],
      ["cwd", s.cwd],
    ],
    cases: s.ok
      ? []
      : [
          {
            classname: s.stack,
            name: "read stack",
            outcome: { tag: "error", type: "stack-failed", message: s.error ?? "the stack could not be read" },
          },
        ],
  }));
  const byName = new Map(out.map((s) => [s.name, s]));
  for (const r of report.resources) {
    let suite = byName.get(r.stack);
    if (!suite) {
      suite = { name: r.stack, time: 0, properties: [], cases: [] };
      byName.set(r.stack, suite);
      out.push(suite);
    }
    suite.cases.push(resourceCase(r));
  }
  const failUnmanaged = report.failOn.includes("unmanaged");
  out.push({
    name: "unmanaged objects",
    time: 0,
    properties: [],
    cases: report.unmanaged.map((u) => ({
      classname: `unmanaged.${u.subscription}`,
      name: `${u.type}/${u.naturalKey}`,
      outcome: {
        tag: failUnmanaged ? "failure" : "skipped",
        type: "unmanaged",
        message: `in Qualys but in no given stack: ${u.type} ${u.naturalKey} (id ${u.id})${
          u.madeByPulumiElsewhere ? `, made by Pulumi elsewhere${u.ownerHint ? ` (${u.ownerHint})` : ""}` : ""
        }`,
      },
    })),
  });
  const failReminders = report.failOn.includes("reminders");
  out.push({
    name: "cleanup reminders",
    time: 0,
    properties: [],
    cases: report.reminders.map((r) => ({
      classname: `reminders.${r.stack}`,
      name: `${r.resource} ${r.cloud}/${r.account}/${r.region}`,
      outcome: r.due
        ? {
            tag: failReminders ? "failure" : "skipped",
            type: "reminder-due",
            message: `due since ${r.notBefore}: ${r.what}`,
            body: `${r.urn} (from ${r.source})`,
          }
        : undefined,
    })),
  });
  return out;
}

function caseXml(c: Case): string {
  const open = `    <testcase classname="${a(c.classname)}" name="${a(c.name)}" time="${seconds(c.time ?? 0)}"`;
  if (!c.outcome) return `${open}/>\n`;
  const o = c.outcome;
  const body = o.body === undefined ? "" : escapeMarkup(o.body);
  return `${open}>\n      <${o.tag} type="${a(o.type)}" message="${a(o.message)}"${body ? `>${body}</${o.tag}>` : "/>"}\n    </testcase>\n`;
}

/** Seconds with millisecond precision, without the float noise of a sum (15.730999999999998). */
function seconds(t: number): string {
  return String(Number(t.toFixed(3)));
}

function count(cases: Case[], tag: "failure" | "error" | "skipped"): number {
  return cases.filter((c) => c.outcome?.tag === tag).length;
}

/** The JUnit XML report (the Ant/Jenkins dialect GitHub, GitLab, Jenkins and Azure Pipelines read). */
export function renderJunit(report: DriftReport): string {
  const all = suites(report);
  const cases = all.flatMap((s) => s.cases);
  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n`;
  xml += `<testsuites name="qualys-drift" tests="${cases.length}" failures="${count(cases, "failure")}" errors="${count(cases, "error")}" skipped="${count(cases, "skipped")}" time="${seconds(all.reduce((t, s) => t + s.time, 0))}" timestamp="${a(report.generatedAt)}">\n`;
  for (const s of all) {
    xml += `  <testsuite name="${a(s.name)}" tests="${s.cases.length}" failures="${count(s.cases, "failure")}" errors="${count(s.cases, "error")}" skipped="${count(s.cases, "skipped")}" time="${seconds(s.time)}" timestamp="${a(report.generatedAt)}">\n`;
    if (s.properties.length > 0) {
      xml += `    <properties>\n`;
      for (const [name, value] of s.properties) xml += `      <property name="${a(name)}" value="${a(value)}"/>\n`;
      xml += `    </properties>\n`;
    }
    for (const c of s.cases) xml += caseXml(c);
    xml += `  </testsuite>\n`;
  }
  return `${xml}</testsuites>\n`;
}
