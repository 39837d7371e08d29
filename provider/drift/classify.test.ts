/**
 * One outcome per resource from the engine's refresh step, decided by the resource's own diff, and
 * the run's exit code. Values are as the engine reports them (secrets as `[secret]`).
 */
import { classify, errorKindOf, qualysKind } from "./classify";
import type { DriftReport } from "./model";
import { exitCodeOf } from "./run";

const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "[secret]" };
const NSX_OUT = {
  title: "NSX Manager",
  ips: ["10.20.0.10-10.20.0.12"],
  username: "svc",
  port: 443,
  sslVerifyWithHost: true,
  hosts: ["nsx.example"],
  loginType: "basic",
  comments: "Managed by Pulumi",
  adopt: false,
  passwordHash: SECRET,
  created: "2026-12-07T13:40:24Z",
};
const nsx = {
  urn: "urn:pulumi:prod::platform::pulumi-nodejs:dynamic/qualys:NsxAuthRecord::nsx-basic",
  type: "pulumi-nodejs:dynamic/qualys:NsxAuthRecord",
  id: "12426400",
  inputs: { ...NSX_OUT, password: SECRET },
  outputs: NSX_OUT,
};
const SA_OUT = {
  accountId: "123456789012",
  cloudType: "AWS",
  regions: ["us-east-1", "us-west-2"],
  scanInterval: 24,
  vmScanTypes: ["os"],
  state: "REGISTERED",
};
const sa = {
  urn: "urn:pulumi:dev::yaml::qualys:index:ServiceAccount::org",
  type: "qualys:index:ServiceAccount",
  id: "123456789012",
  inputs: SA_OUT,
  outputs: SA_OUT,
};

test("the kind of both state type tokens; anything else is not ours", () => {
  expect(qualysKind(nsx.type)).toBe("NsxAuthRecord");
  expect(qualysKind(sa.type)).toBe("ServiceAccount");
  expect(qualysKind("pulumi:providers:qualys")).toBeUndefined();
  expect(qualysKind("aws:s3/bucket:Bucket")).toBeUndefined();
});

test("in sync: nothing differs; the NSX password is unobservable and never drift", () => {
  const o = classify({ stack: "prod", resource: nsx, step: { op: "same", old: NSX_OUT, new: { ...NSX_OUT } }, pending: false });
  expect(o).toMatchObject({
    status: "in-sync",
    type: "NsxAuthRecord",
    name: "nsx-basic",
    id: "12426400",
    fields: [],
    unobservable: ["password"],
  });
});

test("drifted: each field with its path, the value in state and the value in Qualys, through the diff's set rules", () => {
  // Same ips in another order: a set, so no drift. Another ip: drift.
  const reordered = classify({
    stack: "prod",
    resource: nsx,
    step: { op: "same", old: NSX_OUT, new: { ...NSX_OUT, hosts: ["nsx.example"] } },
    pending: false,
  });
  expect(reordered.status).toBe("in-sync");
  const o = classify({
    stack: "prod",
    resource: nsx,
    step: { op: "update", old: NSX_OUT, new: { ...NSX_OUT, ips: ["10.9.9.9"], port: 8443 } },
    pending: false,
  });
  expect(o.status).toBe("drifted");
  expect(o.fields).toEqual([
    { path: "ips", state: ["10.20.0.10-10.20.0.12"], qualys: ["10.9.9.9"] },
    { path: "port", state: 443, qualys: 8443 },
  ]);
  const r = classify({
    stack: "dev",
    resource: sa,
    step: { op: "update", old: SA_OUT, new: { ...SA_OUT, regions: ["us-east-1"] } },
    pending: false,
  });
  expect(r).toMatchObject({ status: "drifted", fields: [{ path: "regions", state: ["us-east-1", "us-west-2"], qualys: ["us-east-1"] }] });
  expect(r.unobservable).toEqual(["scanInterval", "vmScanTypes"]);
});

test("a secret never reaches the report, even if the engine sent it in clear", () => {
  const o = classify({
    stack: "prod",
    resource: nsx,
    step: { op: "update", old: { ...NSX_OUT, passwordHash: "h1" }, new: { ...NSX_OUT, passwordHash: "h2", title: "x" } },
    pending: false,
  });
  expect(JSON.stringify(o)).not.toMatch(/"h[12]"/);
});

test("gone, pending and unreadable (with the error kind)", () => {
  expect(classify({ stack: "prod", resource: nsx, step: { op: "delete", old: NSX_OUT }, pending: false }).status).toBe("gone");
  expect(classify({ stack: "prod", resource: nsx, step: undefined, pending: true }).status).toBe("pending");
  const u = classify({
    stack: "prod",
    resource: nsx,
    step: undefined,
    pending: false,
    error: "Qualys POST /api/3.0/fo/auth/nsx/ failed (HTTP 403): the user is not allowed to do this",
  });
  expect(u).toMatchObject({ status: "unreadable", error: { kind: "forbidden" } });
  expect(errorKindOf("Qualys request failed: no response before the timeout")).toBe("timeout");
  expect(errorKindOf("pulumi-qualys configuration: qualys:apiUrl is missing")).toBe("config");
  expect(errorKindOf("something else entirely")).toBe("error");
});

function report(summary: Partial<DriftReport["summary"]>, failOn: DriftReport["failOn"]): Omit<DriftReport, "exitCode"> {
  const zero = {
    stacks: 1,
    stacksFailed: 0,
    resources: 0,
    inSync: 0,
    drifted: 0,
    gone: 0,
    pending: 0,
    unreadable: 0,
    unmanaged: 0,
    remindersDue: 0,
  };
  return {
    version: "1.0.0",
    generatedAt: "",
    stacks: [],
    resources: [],
    unmanaged: [],
    coverage: [],
    reminders: [],
    summary: { ...zero, ...summary },
    failOn,
  };
}

test("exit codes: 0 nothing to act on, 2 what --fail-on names was found, 1 the run could not complete", () => {
  expect(exitCodeOf(report({ drifted: 3, unmanaged: 2, remindersDue: 1 }, []))).toBe(0);
  expect(exitCodeOf(report({ drifted: 1 }, ["drift"]))).toBe(2);
  expect(exitCodeOf(report({ gone: 1 }, ["drift"]))).toBe(2);
  expect(exitCodeOf(report({ drifted: 1 }, ["unmanaged", "reminders"]))).toBe(0);
  expect(exitCodeOf(report({ unmanaged: 1 }, ["unmanaged"]))).toBe(2);
  expect(exitCodeOf(report({ remindersDue: 1 }, ["reminders"]))).toBe(2);
  expect(exitCodeOf(report({ stacksFailed: 1, drifted: 1 }, ["drift"]))).toBe(1);
  expect(exitCodeOf(report({ unreadable: 1 }, []))).toBe(1);
});
