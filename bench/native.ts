/**
 * Native plugin benchmark (figures printed, never asserted):
 *  1. start-up time of `pulumi-resource-qualys` (process spawn → gRPC port printed), as the engine sees it;
 *  2. API calls per operation through the plugin (gRPC, as the engine calls it) versus the dynamic
 *     provider object, for ServiceAccount and NsxAuthRecord, against the emulator. Both run the same
 *     handler, so the counts must match; the plugin adds an import (Read with only an id).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { startEmulator } from "../emulator";
import { serve } from "../provider/native/server";
import { dynamicProvider } from "../provider/engine/dynamic";
import { serviceAccountHandler } from "../provider/resources/service-account/handler";
import { nsxAuthRecordHandler } from "../provider/resources/nsx-auth-record/handler";

const MAIN = join(__dirname, "../dist/provider/native/main.js");

async function startupMs(): Promise<number> {
  const t = performance.now();
  await new Promise<void>((resolve, reject) => {
    const p = spawn(process.execPath, [MAIN, "127.0.0.1:1"], { stdio: ["ignore", "pipe", "ignore"] });
    p.stdout.once("data", () => {
      p.kill();
      resolve();
    });
    p.once("exit", (code) => (code ? reject(new Error(`plugin exited ${code}`)) : undefined));
  });
  return performance.now() - t;
}

type Unary = (req: unknown, cb: (e: grpc.ServiceError | null, r: unknown) => void) => unknown;
/** One unary call (the generated client's methods are overloaded, so the answer type is given). */
function call<Res = unknown>(client: provrpc.ResourceProviderClient, fn: unknown, req: unknown): Promise<Res> {
  return new Promise((resolve, reject) => (fn as Unary).call(client, req, (e, r) => (e ? reject(e) : resolve(r as Res))));
}
const struct = (o: object) =>
  structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(o)) as Record<string, structproto.JavaScriptValue>);

export async function nativeBenchmark(): Promise<void> {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) runs.push(await startupMs());
  runs.sort((a, b) => a - b);
  console.log("\n## Native plugin start-up (spawn → port printed, 5 runs)");
  console.log(`median ${runs[2].toFixed(0)} ms, min ${runs[0].toFixed(0)} ms, max ${runs[4].toFixed(0)} ms`);

  const emu = await startEmulator();
  const warn = console.warn;
  console.warn = () => undefined;
  const { port, server } = await serve({ fallbackSink: () => undefined });
  const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const settings = { apiUrl: emu.url, gatewayUrl: emu.url, portalUrl: emu.url, token: "emulator-token-acme" };
  const configure = new provproto.ConfigureRequest();
  for (const [k, v] of Object.entries(settings)) configure.getVariablesMap().set(`qualys:config:${k}`, v);
  await call(client, client.configure, configure);
  const rows: string[] = [];
  const count = async (fn: () => Promise<unknown>) => {
    emu.resetCalls();
    await fn();
    return emu.totalCalls();
  };
  try {
    const cases = [
      {
        type: "ServiceAccount",
        handler: serviceAccountHandler,
        news: (id: string) => ({ accountId: id, cloudType: "GCP", regions: ["us-east1", "us-west1"] }),
        changed: (id: string) => ({ accountId: id, cloudType: "GCP", regions: ["us-east1"] }),
        id: (n: string) => `bench-native-${n}`,
      },
      {
        type: "NsxAuthRecord",
        handler: nsxAuthRecordHandler,
        news: (id: string) => ({ title: id, ips: ["10.1.1.1"], username: "u", password: "bench-password-0123" }),
        changed: (id: string) => ({ title: id, ips: ["10.1.1.2"], username: "u", password: "bench-password-0123" }),
        id: (n: string) => `bench-native-${n}`,
      },
    ] as const;
    for (const c of cases) {
      const urn = `urn:pulumi:b::p::qualys:index:${c.type}::r`;
      // Through the plugin (gRPC).
      const checked = async (news: object) =>
        (
          await call<provproto.CheckResponse>(
            client,
            client.check,
            new provproto.CheckRequest().setUrn(urn).setNews(struct(news)).setOlds(struct({})),
          )
        ).getInputs()!;
      let id = "";
      let outs!: structproto.Struct;
      const nat: Record<string, number> = {};
      nat.create = await count(async () => {
        const r = await call<provproto.CreateResponse>(
          client,
          client.create,
          new provproto.CreateRequest().setUrn(urn).setProperties(await checked(c.news(c.id("p")))),
        );
        id = r.getId();
        outs = r.getProperties()!;
      });
      nat.read = await count(() => call(client, client.read, new provproto.ReadRequest().setUrn(urn).setId(id).setProperties(outs)));
      nat.import = await count(() => call(client, client.read, new provproto.ReadRequest().setUrn(urn).setId(id)));
      nat.update = await count(async () => {
        const news = await checked(c.changed(c.id("p")));
        outs = (
          await call<provproto.UpdateResponse>(
            client,
            client.update,
            new provproto.UpdateRequest().setUrn(urn).setId(id).setOlds(outs).setNews(news),
          )
        ).getProperties()!;
      });
      nat.delete = await count(() => call(client, client.delete, new provproto.DeleteRequest().setUrn(urn).setId(id).setProperties(outs)));
      // Through the dynamic provider object (what pulumi-resource-pulumi-nodejs calls).

      const dyn = dynamicProvider(c.handler as never) as any;
      await dyn.configure!({ config: { get: (k: string) => (settings as Record<string, string>)[k.replace("qualys:", "")] } });
      const dy: Record<string, number> = {};
      const dnews = async (news: object) => (await dyn.check!({}, news)).inputs;
      let did = "";
      let douts: Record<string, unknown> = {};
      dy.create = await count(async () => {
        const r = await dyn.create(await dnews(c.news(c.id("d"))));
        did = r.id;
        douts = r.outs as Record<string, unknown>;
      });
      dy.read = await count(() => dyn.read!(did, douts));
      dy.update = await count(async () => {
        douts = (await dyn.update!(did, douts, await dnews(c.changed(c.id("d"))))).outs as Record<string, unknown>;
      });
      dy.delete = await count(() => dyn.delete!(did, douts));
      for (const op of ["create", "read", "update", "delete", "import"])
        rows.push(`| ${c.type} | ${op} | ${nat[op]} | ${dy[op] ?? "n/a (no import)"} |`);
    }
    console.log("\n## API calls per operation: native plugin (gRPC) vs dynamic provider (same handlers)");
    console.log("| resource | operation | plugin | dynamic |");
    console.log("| --- | --- | --- | --- |");
    for (const r of rows) console.log(r);
  } finally {
    console.warn = warn;
    client.close();
    server.forceShutdown();
    await emu.close();
  }
}

if (require.main === module) void nativeBenchmark();
