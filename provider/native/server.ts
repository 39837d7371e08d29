/**
 * The native plugin `pulumi-resource-qualys`: a Pulumi resource provider over gRPC that serves the
 * SAME definitions as the dynamic resources (RESOURCES, provider/resources/index.ts) through the same
 * engine core (provider/engine/core.ts). Every check, normalisation, diff decision and mapping is the
 * handler's, every rule of serving a resource the core's; this file only translates between the
 * engine's gRPC protocol and the core's calls.
 *
 * Why our own server and not `@pulumi/pulumi`'s `provider.main` (3.248): its Configure drops the
 * request (no `qualys:*` settings), its Read crashes when an import sends only the id
 * (`req.getProperties()!.toJavaScript()`), and it always accepts secrets, so handlers would receive
 * wrapped secret values. Here:
 *  - Configure reads the `qualys:*` settings (secrets unwrapped) and answers acceptSecrets=false: the
 *    engine then hands us plain values and re-marks outputs by key; on top of that, every property a
 *    resource declares secret (`secretOutputs`: the NSX password and its hash) is marked secret in
 *    what we return, so it stays encrypted in state even if the program passed it in clear.
 *  - Read with only an id (import) returns the inputs Qualys reports, plus, for what it cannot report,
 *    the values the next update will send, and says so in a warning (see `importRead`).
 *  - Notices (warnings, CLEANUP REMINDERs) go to the engine's Log with the resource URN, because the
 *    CLI hides a plugin's stderr.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import * as anyproto from "google-protobuf/google/protobuf/any_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { QualysClients } from "../clients";
import { Engine, isPending, surface } from "../engine/core";
import type { EngineResource } from "../engine/handler";
import { parseUrn } from "../shared/urn";
import { hasUnknowns, markSecrets, unwrapSecrets } from "../engine/values";
import { VALUE_PROPERTY, functionNamed, invokeFunction, wrapsValue } from "../functions";
import { RESOURCES, resourceNamed } from "../resources";
import { packageRoot } from "../schema/generate";
import { deepEqual, withoutUndefined } from "../shared/normalise";
import { withNoticeSink, type NoticeSink } from "../shared/notices";

type Props = Record<string, unknown>;

const PACKAGE = "qualys";

/** `resource`: the one whose secret outputs are marked secret on the wire. */
function toStruct(props: Props, resource?: EngineResource): structproto.Struct {
  const marked = markSecrets(withoutUndefined(props), resource?.secretOutputs);
  return structproto.Struct.fromJavaScript(marked as Record<string, structproto.JavaScriptValue>);
}

/** Secret markers removed at any depth (Configure/CheckConfig may see them before acceptSecrets is known). */
function fromStruct(s: structproto.Struct | undefined): Props {
  return s ? (unwrapSecrets(s.toJavaScript()) as Props) : {};
}

/** `qualys:<key>` → value, out of a map keyed by the bare setting names (CheckConfig's news, Configure's args). */
function namespaced(values: Props): Props {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [`${PACKAGE}:${k}`, v]));
}

type Callback<T> = (err: grpc.ServiceError | null, value?: T) => void;

/**
 * An error as the engine reads it: the core's redacted message (engine/core.ts `surface`). A pending
 * create (the core keeps its id and properties) becomes a partial failure, as @pulumi/pulumi's
 * dynamic provider sends it: status details `pulumirpc.ErrorResourceInitFailed` {id, properties,
 * reasons, inputs} in `grpc-status-details-bin`. The engine then keeps the resource in state with
 * those properties and `inputs`, fails the `up` with the message, and calls Update on the next `up`,
 * where the handler finishes the create. `inputs`: what the engine sent (Create's properties,
 * Update's news); `resource` marks secret outputs.
 */
export function grpcError(e: unknown, resource?: EngineResource, inputs?: structproto.Struct): grpc.ServiceError {
  const err = surface(e);
  const metadata = new grpc.Metadata();
  if (isPending(err)) {
    const detail = new provproto.ErrorResourceInitFailed()
      .setId(err.id)
      .setProperties(toStruct(err.properties, resource))
      .setReasonsList(err.reasons);
    // The engine's inputs arrive unwrapped (acceptSecrets is false): mark the secret ones again.
    if (inputs) detail.setInputs(toStruct(fromStruct(inputs), resource));
    const any = new anyproto.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusproto.Status().setCode(grpc.status.UNKNOWN).setMessage(err.message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return Object.assign(err, { code: grpc.status.UNKNOWN, details: err.message, metadata });
}

function isServiceError(e: unknown): e is grpc.ServiceError {
  return e instanceof Error && (e as Partial<grpc.ServiceError>).metadata instanceof grpc.Metadata;
}

export interface NativeProviderOptions {
  /** The engine's gRPC address (the plugin's first argument); notices go to its Log call. */
  engineAddress?: string;
  /** Where notices go when there is no engine (tests). */
  fallbackSink?: (urn: string, text: string) => void;
}

/** The gRPC service implementation. Exported for tests; `serve` starts it. */
export class NativeProvider {
  /** One client set per provider (the engine starts one plugin process per provider). */
  private readonly core = new Engine({ clients: (sources) => QualysClients.fromSources(sources) });
  private readonly engine: engrpc.EngineClient | undefined;

  constructor(private readonly opts: NativeProviderOptions = {}) {
    if (opts.engineAddress) this.engine = new engrpc.EngineClient(opts.engineAddress, grpc.credentials.createInsecure());
  }

  /** Send one notice to the engine log under the resource's URN (shown under that resource). */
  private log(urn: string, severity: "warning" | "info", text: string): Promise<void> {
    if (!this.engine) {
      this.opts.fallbackSink?.(urn, text);
      return Promise.resolve();
    }
    const req = new engproto.LogRequest();
    req.setSeverity(severity === "warning" ? engproto.LogSeverity.WARNING : engproto.LogSeverity.INFO);
    req.setMessage(text);
    req.setUrn(urn);
    // A notice must never fail an operation: a lost log line is reported on stderr (seen at -v=9).
    return new Promise((resolve) =>
      this.engine!.log(req, (err) => (err && console.error(`[qualys] engine log failed: ${err.message}`), resolve())),
    );
  }

  /** Run `fn` with notices routed to the engine under `urn`; waits for them to be delivered. */
  private async withUrn<T>(urn: string, fn: () => Promise<T> | T): Promise<T> {
    const pending: Promise<void>[] = [];
    const sink: NoticeSink = (severity, text) => void pending.push(this.log(urn, severity, text));
    try {
      return await withNoticeSink(sink, async () => await fn(), urn);
    } finally {
      await Promise.all(pending);
    }
  }

  /** The definition a URN's type token names (`qualys:index:<name>`). */
  private resolve(urn: string): EngineResource {
    const type = parseUrn(urn)?.type ?? "";
    const name = type.startsWith(`${PACKAGE}:index:`) ? type.slice(`${PACKAGE}:index:`.length) : "";
    const resource = resourceNamed(name);
    if (!resource)
      throw new Error(
        `unknown resource type ${type} (this plugin serves ${RESOURCES.map((r) => `${PACKAGE}:index:${r.name}`).join(", ")})`,
      );
    return resource;
  }

  /** Wrap a unary handler: errors become gRPC errors with the redacted message (shared `surface`). */
  private unary<Req, Res>(fn: (req: Req) => Promise<Res>) {
    return (call: grpc.ServerUnaryCall<Req, Res>, callback: Callback<Res>): void => {
      fn(call.request).then(
        (res) => callback(null, res),
        // Errors already made into gRPC errors (create/update, with their spec) pass as they are.
        (e: unknown) => callback(isServiceError(e) ? e : grpcError(e)),
      );
    };
  }

  /** The service object for `server.addService(provrpc.ResourceProviderService, …)`. */
  service(): grpc.UntypedServiceImplementation {
    const unimplemented =
      (what: string) =>
      (_call: unknown, callback: Callback<never>): void =>
        callback(
          Object.assign(new Error(`${what} is not implemented by pulumi-resource-qualys`), {
            code: grpc.status.UNIMPLEMENTED,
            details: `${what} is not implemented`,
            metadata: new grpc.Metadata(),
          }),
        );
    return {
      getPluginInfo: this.unary(async () => new plugproto.PluginInfo().setVersion(packageVersion())),
      getSchema: this.unary(async () =>
        new provproto.GetSchemaResponse().setSchema(readFileSync(path.join(packageRoot(), "schema.json"), "utf8")),
      ),
      cancel: this.unary(async () => new emptyproto.Empty()),
      configure: this.unary((req: provproto.ConfigureRequest) => this.configure(req)),
      checkConfig: this.unary(async (req: provproto.CheckRequest) => this.checkConfig(req)),
      diffConfig: this.unary(async (req: provproto.DiffRequest) => this.diffConfig(req)),
      check: this.unary((req: provproto.CheckRequest) => this.check(req)),
      diff: this.unary((req: provproto.DiffRequest) => this.diff(req)),
      create: this.unary((req: provproto.CreateRequest) => this.create(req)),
      read: this.unary((req: provproto.ReadRequest) => this.read(req)),
      update: this.unary((req: provproto.UpdateRequest) => this.update(req)),
      delete: this.unary((req: provproto.DeleteRequest) => this.delete(req)),
      invoke: this.unary((req: provproto.InvokeRequest) => this.invoke(req)),
      handshake: unimplemented("Handshake"),
      parameterize: unimplemented("Parameterize"),
      construct: unimplemented("Construct"),
      call: unimplemented("Call"),
      attach: unimplemented("Attach"),
      getMapping: unimplemented("GetMapping"),
      getMappings: unimplemented("GetMappings"),
      streamInvoke: unimplemented("StreamInvoke"),
      list: (call: grpc.ServerWritableStream<unknown, unknown>) =>
        call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: "List is not implemented by pulumi-resource-qualys" }),
    };
  }

  async configure(req: provproto.ConfigureRequest): Promise<provproto.ConfigureResponse> {
    // The variables map is keyed `qualys:config:<key>` with plain string values (secrets removed
    // by the engine); `args` holds the same settings as typed, possibly secret-wrapped, values.
    const values: Props = {};
    for (const [k, v] of Object.entries(namespaced(fromStruct(req.getArgs())))) if (v !== undefined && v !== null) values[k] = v;
    req.getVariablesMap().forEach((v, k) => {
      const m = /^qualys:config:(.+)$/.exec(k);
      if (m) values[`${PACKAGE}:${m[1]}`] = v;
    });
    // An explicit provider whose settings come from other resources has them unknown during preview.
    this.core.configure(values, !hasUnknowns(values));
    return new provproto.ConfigureResponse()
      .setAcceptsecrets(false)
      .setSupportspreview(false)
      .setAcceptresources(false)
      .setAcceptoutputs(false);
  }

  /**
   * The provider configuration (`qualys:*` as the engine sends it: keys without the namespace,
   * possibly secret-wrapped) plus the environment, checked at preview, before any call (the core's
   * `checkSettings`). A value computed by another resource is unknown during preview and is checked
   * once it is known.
   */
  private async checkConfig(req: provproto.CheckRequest): Promise<provproto.CheckResponse> {
    const resp = new provproto.CheckResponse().setInputs(req.getNews());
    const news = fromStruct(req.getNews());
    if (hasUnknowns(news)) return resp;
    return resp.setFailuresList(this.core.checkSettings(namespaced(news)).map(checkFailure));
  }

  private async diffConfig(req: provproto.DiffRequest): Promise<provproto.DiffResponse> {
    // Settings only say where Qualys is and who we are: a change never replaces resources.
    const strip = (p: Props) => Object.fromEntries(Object.entries(p).filter(([k]) => k !== "version"));
    const same = deepEqual(strip(fromStruct(req.getOlds())), strip(fromStruct(req.getNews())));
    return new provproto.DiffResponse().setChanges(
      same ? provproto.DiffResponse.DiffChanges.DIFF_NONE : provproto.DiffResponse.DiffChanges.DIFF_SOME,
    );
  }

  async check(req: provproto.CheckRequest): Promise<provproto.CheckResponse> {
    const resource = this.resolve(req.getUrn());
    const news = fromStruct(req.getNews());
    const resp = new provproto.CheckResponse();
    // Values computed by other resources are unknown during preview: validate once they are known.
    if (hasUnknowns(news)) return resp.setInputs(req.getNews());
    const r = await this.withUrn(req.getUrn(), () => this.core.check(resource, fromStruct(req.getOlds()), news, req.getUrn()));
    return resp.setInputs(toStruct(r.inputs, resource)).setFailuresList(r.failures.map(checkFailure));
  }

  async diff(req: provproto.DiffRequest): Promise<provproto.DiffResponse> {
    const resource = this.resolve(req.getUrn());
    const olds = fromStruct(req.getOlds());
    const news = fromStruct(req.getNews());
    const resp = new provproto.DiffResponse();
    if (hasUnknowns(news)) return resp.setChanges(provproto.DiffResponse.DiffChanges.DIFF_UNKNOWN);
    // Inside the URN's notice sink: the diff's warnings (a replacement launches a new scan) must reach
    // the engine log, since the CLI hides the plugin's stderr.
    const d = await this.withUrn(req.getUrn(), async () => this.core.diff(resource, req.getId(), olds, news));
    resp.setChanges(d.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE);
    resp.setReplacesList(d.replaces);
    resp.setStablesList(d.stables);
    resp.setDeletebeforereplace(d.deleteBeforeReplace);
    resp.setDiffsList(d.changed);
    resp.setHasdetaileddiff(true);
    const K = provproto.PropertyDiff.Kind;
    const detailed = resp.getDetaileddiffMap();
    for (const k of d.changed) {
      const replace = d.replaces.includes(k);
      const kind =
        olds[k] === undefined
          ? replace
            ? K.ADD_REPLACE
            : K.ADD
          : news[k] === undefined
            ? replace
              ? K.DELETE_REPLACE
              : K.DELETE
            : replace
              ? K.UPDATE_REPLACE
              : K.UPDATE;
      detailed.set(k, new provproto.PropertyDiff().setKind(kind).setInputdiff(true));
    }
    return resp;
  }

  async create(req: provproto.CreateRequest): Promise<provproto.CreateResponse> {
    const resource = this.resolve(req.getUrn());
    const r = await this.withUrn(req.getUrn(), () => this.core.create(resource, fromStruct(req.getProperties()))).catch((e: unknown) => {
      throw grpcError(e, resource, req.getProperties());
    });
    return new provproto.CreateResponse().setId(r.id).setProperties(toStruct(r.outs, resource));
  }

  async read(req: provproto.ReadRequest): Promise<provproto.ReadResponse> {
    const resource = this.resolve(req.getUrn());
    const props = fromStruct(req.getProperties());
    const resp = new provproto.ReadResponse();
    // Neither properties nor inputs: `pulumi import`.
    const r = await this.withUrn(req.getUrn(), () =>
      Object.keys(props).length === 0 && Object.keys(fromStruct(req.getInputs())).length === 0
        ? this.core.import(resource, req.getId())
        : this.core.read(resource, req.getId(), props),
    );
    // An empty id tells the engine the object is gone (refresh drops it; import fails "does not exist").
    if (!r) return resp.setId("");
    resp.setId(r.id).setProperties(toStruct(r.props, resource));
    if (r.inputs !== undefined) resp.setInputs(toStruct(r.inputs, resource));
    return resp;
  }

  async update(req: provproto.UpdateRequest): Promise<provproto.UpdateResponse> {
    const resource = this.resolve(req.getUrn());
    // An update that finishes a pending create may leave it pending again: the same partial failure.
    const outs = await this.withUrn(req.getUrn(), () =>
      this.core.update(resource, req.getId(), fromStruct(req.getOlds()), fromStruct(req.getNews())),
    ).catch((e: unknown) => {
      throw grpcError(e, resource, req.getNews());
    });
    return new provproto.UpdateResponse().setProperties(toStruct(outs, resource));
  }

  async delete(req: provproto.DeleteRequest): Promise<emptyproto.Empty> {
    const resource = this.resolve(req.getUrn());
    await this.withUrn(req.getUrn(), () => this.core.delete(resource, req.getId(), fromStruct(req.getProperties())));
    return new emptyproto.Empty();
  }

  async invoke(req: provproto.InvokeRequest): Promise<provproto.InvokeResponse> {
    const tok = req.getTok();
    const name = tok.startsWith(`${PACKAGE}:index:`) ? tok.slice(`${PACKAGE}:index:`.length) : "";
    const fn = functionNamed(name);
    if (!fn) throw new Error(`unknown function ${tok}`);
    // The same path as the TypeScript functions: arguments checked (nothing sent when invalid), one
    // error line naming the function, its kind and the setting to check.
    const result = JSON.parse(
      JSON.stringify((await invokeFunction(fn, () => this.core.ctx.clients(), fromStruct(req.getArgs()))) ?? null),
    ) as unknown;
    // The result's properties are the function's outputs (schema.json); any other value is `value`.
    const outputs = wrapsValue(fn) ? { [VALUE_PROPERTY]: result } : (result as Props);
    return new provproto.InvokeResponse().setReturn(toStruct(outputs, undefined));
  }
}

function checkFailure(f: { property: string; reason: string }): provproto.CheckFailure {
  return new provproto.CheckFailure().setProperty(f.property).setReason(f.reason);
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}

/** Start serving on 127.0.0.1 (random port); resolves to the port (the plugin prints it for the engine). */
export async function serve(opts: NativeProviderOptions): Promise<{ port: number; server: grpc.Server }> {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
    "grpc.max_send_message_length": 400 * 1024 * 1024,
  });
  server.addService(provrpc.ResourceProviderService, new NativeProvider(opts).service());
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { port, server };
}
