/**
 * The native plugin `pulumi-resource-qualys`: a Pulumi resource provider over gRPC that serves the
 * SAME handlers as the dynamic resources (provider/resources/<name>/handler.ts). Every check,
 * normalisation, diff decision and mapping stays in the handler; this file only translates between
 * the engine's protocol and the ResourceHandler interface.
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
import { SETTINGS } from "../config";
import { VALUE_PROPERTY, functionNamed, invokeFunction, wrapsValue } from "../functions";
import { RESOURCES, type ResourceSpec } from "../resources";
import { packageRoot } from "../schema/generate";
import {
  checkForEngine,
  configFailures,
  diffForEngine,
  readForEngine,
  registerConfigSecrets,
  surface,
  updateForEngine,
  type HandlerContext,
  type ResourceHandler,
} from "../shared/dynamic";
import { IMPORT_UNCONFIRMED, unconfirmedAtImport } from "../shared/import-guard";
import { claimNaturalKey, duplicateKeyMessage, type NaturalKeyRegistry } from "../shared/ownership";
import { deepEqual, withoutUndefined } from "../shared/normalise";
import { warn, withNoticeSink, type NoticeSink } from "../shared/notices";
import { HANDLERS } from "./handlers";

type Props = Record<string, unknown>;
type AnyHandler = ResourceHandler<unknown, unknown>;

const PACKAGE = "qualys";
/** The engine's wire markers (sdk/go/common/resource/sig). */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Remove secret wrappers at any depth (Configure/CheckConfig may see them before acceptSecrets is known). */
export function unwrap(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unwrap);
  if (v !== null && typeof v === "object") {
    const o = v as Props;
    if (o[SECRET_SIG_KEY] === SECRET_SIG_VALUE) return unwrap(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unwrap(x)]));
  }
  return v;
}

function hasUnknowns(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(hasUnknowns);
  if (v !== null && typeof v === "object") return Object.values(v).some(hasUnknowns);
  return false;
}

/** `urn:pulumi:<stack>::<project>::<[parent$]type>::<name>` → "qualys:index:ServiceAccount". */
export function typeOfUrn(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? "";
}

function toStruct(props: Props, spec: ResourceSpec | undefined): structproto.Struct {
  const clean = withoutUndefined(props);
  if (spec) {
    for (const k of spec.secretOutputs) {
      if (clean[k] !== undefined) clean[k] = { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, value: clean[k] };
    }
  }
  return structproto.Struct.fromJavaScript(clean as Record<string, structproto.JavaScriptValue>);
}

function fromStruct(s: structproto.Struct | undefined): Props {
  return s ? (unwrap(s.toJavaScript()) as Props) : {};
}

/** Only the `qualys:*` keys that are settings (not `version`), as strings: typed values are JSON. */
function settingsOf(values: Props): Props {
  const known = new Set<string>(Object.values(SETTINGS).map((s) => s.key));
  return Object.fromEntries(
    Object.entries(values)
      .filter(([k, v]) => known.has(k) && v !== undefined && v !== null)
      .map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
}

type Callback<T> = (err: grpc.ServiceError | null, value?: T) => void;

/**
 * A handler error as the engine reads it: the redacted message (shared `surface`). A pending create
 * (shared/lost-answer.ts `pendingCreate`: an error with the object's id and properties) becomes a
 * partial failure, as @pulumi/pulumi's dynamic provider sends it: status details
 * `pulumirpc.ErrorResourceInitFailed` {id, properties, reasons, inputs} in `grpc-status-details-bin`.
 * The engine then keeps the resource in state with those properties and `inputs`, fails the `up`
 * with the message, and calls Update on the next `up`, where the handler finishes the create.
 * `inputs`: what the engine sent (Create's properties, Update's news); `spec` marks secret outputs.
 */
export function grpcError(e: unknown, spec?: ResourceSpec, inputs?: structproto.Struct): grpc.ServiceError {
  const err = surface(e) as Error & { id?: string; properties?: Props; reasons?: string[] };
  const metadata = new grpc.Metadata();
  if (typeof err.id === "string" && err.id !== "") {
    const detail = new provproto.ErrorResourceInitFailed()
      .setId(err.id)
      .setProperties(toStruct(err.properties ?? {}, spec))
      .setReasonsList(err.reasons ?? [err.message]);
    // The engine's inputs arrive unwrapped (acceptSecrets is false): mark the secret ones again.
    if (inputs) detail.setInputs(toStruct(fromStruct(inputs), spec));
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
  private config: Props = {};
  private clients: QualysClients | undefined;
  private readonly engine: engrpc.EngineClient | undefined;
  /** Natural key → URN of the resource that has it, for this process (one deployment). */
  private readonly keys: NaturalKeyRegistry = new Map();
  private readonly ctx: HandlerContext = {
    clients: () => (this.clients ??= QualysClients.fromSources({ stack: this.config, env: process.env })),
  };

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

  private resolve(urn: string): { handler: AnyHandler; spec: ResourceSpec } {
    const type = typeOfUrn(urn);
    const name = type.startsWith(`${PACKAGE}:index:`) ? type.slice(`${PACKAGE}:index:`.length) : "";
    const handler = HANDLERS[name] as AnyHandler | undefined;
    const spec = RESOURCES.find((r) => r.name === name);
    if (!handler || !spec)
      throw new Error(
        `unknown resource type ${type} (this plugin serves ${RESOURCES.map((r) => `${PACKAGE}:index:${r.name}`).join(", ")})`,
      );
    return { handler, spec };
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
    req.getVariablesMap().forEach((v, k) => {
      const m = /^qualys:config:(.+)$/.exec(k);
      if (m) values[`qualys:${m[1]}`] = v;
    });
    const args = fromStruct(req.getArgs());
    for (const [k, v] of Object.entries(args)) {
      if (k === "version" || values[`qualys:${k}`] !== undefined || v === undefined || v === null) continue;
      values[`qualys:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
    }
    this.config = settingsOf(values);
    this.clients = undefined;
    registerConfigSecrets(this.config);
    return new provproto.ConfigureResponse()
      .setAcceptsecrets(false)
      .setSupportspreview(false)
      .setAcceptresources(false)
      .setAcceptoutputs(false);
  }

  /**
   * The provider configuration (`qualys:*` as the engine sends it: keys without the namespace,
   * possibly secret-wrapped) plus the environment, checked by config.ts's rules at preview, before
   * any call. Which resources will be used is not known here, so a URL is required for at least one
   * API; each resource's Check then requires the URLs of the APIs it calls. A value computed by
   * another resource is unknown during preview and is checked once it is known.
   */
  private async checkConfig(req: provproto.CheckRequest): Promise<provproto.CheckResponse> {
    const resp = new provproto.CheckResponse().setInputs(req.getNews());
    const news = fromStruct(req.getNews());
    if (hasUnknowns(news)) return resp;
    const stack = settingsOf(Object.fromEntries(Object.entries(news).map(([k, v]) => [`qualys:${k}`, v])));
    registerConfigSecrets(stack);
    const failures = configFailures({ stack, env: process.env }, "any-api");
    return resp.setFailuresList(failures.map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(f.reason)));
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
    const { handler, spec } = this.resolve(req.getUrn());
    const news = fromStruct(req.getNews());
    const resp = new provproto.CheckResponse();
    // Values computed by other resources are unknown during preview: validate once they are known.
    if (hasUnknowns(news)) return resp.setInputs(req.getNews());
    // The NSX owner hint (which resource made the record, for messages): the TypeScript SDK sends it;
    // for other programs it comes from the URN. The marker itself is minted by the handler's check.
    if (spec.internalInputs?.includes("ownerHint") && news.ownerHint === undefined) news.ownerHint = ownerHintOfUrn(req.getUrn());
    // An explicit provider whose settings come from other resources has them unknown during preview.
    const config = hasUnknowns(this.config) ? undefined : { sources: { stack: this.config, env: process.env }, apis: spec.apis };
    const r = await this.withUrn(req.getUrn(), () => checkForEngine(handler, fromStruct(req.getOlds()), news, spec.secretInputs, config));
    const failures = r.failures.map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(f.reason));
    const duplicate = r.failures.length === 0 ? this.duplicateKey(spec, req.getUrn(), r.inputs) : undefined;
    if (duplicate) failures.push(new provproto.CheckFailure().setProperty(spec.naturalKey!).setReason(duplicate));
    resp.setInputs(toStruct(r.inputs, spec));
    resp.setFailuresList(failures);
    return resp;
  }

  /**
   * One owner per Qualys object: the engine checks every resource of a deployment through this one
   * process, so the second resource with a natural key (spec.naturalKey) the first already has is
   * refused here, at preview, naming both URNs.
   */
  private duplicateKey(spec: ResourceSpec, urn: string, inputs: Props): string | undefined {
    const property = spec.naturalKey;
    const key = property === undefined ? undefined : inputs[property];
    if (typeof key !== "string") return undefined;
    const [head, project = ""] = urn.split("::");
    const held = claimNaturalKey(this.keys, `${head}::${project}`, spec.name, key, urn);
    return held === undefined ? undefined : duplicateKeyMessage(spec.name, property!, key, held, urn);
  }

  async diff(req: provproto.DiffRequest): Promise<provproto.DiffResponse> {
    const { handler } = this.resolve(req.getUrn());
    const olds = fromStruct(req.getOlds());
    const news = fromStruct(req.getNews());
    const resp = new provproto.DiffResponse();
    if (hasUnknowns(news)) return resp.setChanges(provproto.DiffResponse.DiffChanges.DIFF_UNKNOWN);
    // Inside the URN's notice sink: the diff's warnings (a replacement launches a new scan) must reach
    // the engine log, since the CLI hides the plugin's stderr.
    const d = await this.withUrn(req.getUrn(), async () => diffForEngine(handler, req.getId(), olds, news));
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
    const { handler, spec } = this.resolve(req.getUrn());
    const r = await this.withUrn(req.getUrn(), () => handler.create(this.ctx, fromStruct(req.getProperties()))).catch((e: unknown) => {
      throw grpcError(e, spec, req.getProperties());
    });
    return new provproto.CreateResponse().setId(r.id).setProperties(toStruct(r.outs as Props, spec));
  }

  async read(req: provproto.ReadRequest): Promise<provproto.ReadResponse> {
    const { handler, spec } = this.resolve(req.getUrn());
    const props = fromStruct(req.getProperties());
    const resp = new provproto.ReadResponse();
    const r = await this.withUrn(req.getUrn(), () =>
      Object.keys(props).length === 0 && Object.keys(fromStruct(req.getInputs())).length === 0
        ? importRead(handler, this.ctx, req.getId())
        : readForEngine(handler, this.ctx, req.getId(), props),
    );
    // An empty id tells the engine the object is gone (refresh drops it; import fails "does not exist").
    if (!r) return resp.setId("");
    resp.setId(r.id).setProperties(toStruct(r.props as Props, spec));
    if (r.inputs !== undefined) resp.setInputs(toStruct(r.inputs as Props, spec));
    return resp;
  }

  async update(req: provproto.UpdateRequest): Promise<provproto.UpdateResponse> {
    const { handler, spec } = this.resolve(req.getUrn());
    // An update that finishes a pending create may leave it pending again: the same partial failure.
    const outs = await this.withUrn(req.getUrn(), () =>
      updateForEngine(handler, this.ctx, req.getId(), fromStruct(req.getOlds()), fromStruct(req.getNews())),
    ).catch((e: unknown) => {
      throw grpcError(e, spec, req.getNews());
    });
    return new provproto.UpdateResponse().setProperties(toStruct(outs as Props, spec));
  }

  async delete(req: provproto.DeleteRequest): Promise<emptyproto.Empty> {
    const { handler } = this.resolve(req.getUrn());
    await this.withUrn(req.getUrn(), () => handler.delete(this.ctx, req.getId(), fromStruct(req.getProperties())));
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
      JSON.stringify((await invokeFunction(fn, () => this.ctx.clients(), fromStruct(req.getArgs()))) ?? null),
    ) as unknown;
    // The result's properties are the function's outputs (schema.json); any other value is `value`.
    const outputs = wrapsValue(fn) ? { [VALUE_PROPERTY]: result } : (result as Props);
    return new provproto.InvokeResponse().setReturn(toStruct(outputs, undefined));
  }
}

/**
 * Import: Read with only an id. The handler reads what Qualys reports. Some inputs Qualys never
 * reports (`importUnreported`: a ServiceAccount's scanInterval, vmScanTypes and tag filters, a
 * TargetAccount's tag lists, an NSX password, a scan job's notifications): the warning names every
 * one of them. They are left out of the imported inputs (so `pulumi import` does not write a value it
 * never saw into the generated program); the outputs get what `check` fills for them, so the preview
 * right after shows no change. Where an update would send them anyway (`updateSendsUnreported`),
 * the import marks them not seen (shared/import-guard.ts): an update is refused, naming them, until
 * the program sets them. What check cannot do without (the NSX password) is named too.
 */
export async function importRead(
  handler: AnyHandler,
  ctx: HandlerContext,
  id: string,
): Promise<{ id: string; props: unknown; inputs?: unknown } | undefined> {
  // The handler's own read notices compare Qualys with the previous state, and there is none yet.
  const r = await withNoticeSink(
    () => undefined,
    () => handler.read(ctx, id, {}),
  );
  if (!r) return undefined;
  const readInputs = (r.inputs ?? {}) as Props;
  const props = { ...(r.props as Props) };
  const inputs = { ...readInputs };
  const checked = handler.check({}, readInputs);
  const missing = checked.failures.map((f) => `${f.property}: ${f.reason}`);
  const unreported = [...(handler.importUnreported ?? [])].sort();
  if (checked.failures.length === 0) {
    const full = checked.inputs as Props;
    // Outputs as the next update would see them, so an unchanged program previews with no change.
    for (const k of handler.diff(r.id, props, full).changed) if (readInputs[k] === undefined && full[k] !== undefined) props[k] = full[k];
  }
  const unconfirmed = unconfirmedAtImport(handler);
  if (unconfirmed.length > 0) {
    props[IMPORT_UNCONFIRMED] = unconfirmed;
    inputs[IMPORT_UNCONFIRMED] = unconfirmed;
  }
  const lines: string[] = [];
  const them = (n: number, many: string, one: string) => (n > 1 ? many : one);
  if (unreported.length > 0 && !(unreported.length === 1 && unreported[0] === "password")) {
    const fields = unreported.filter((k) => k !== "password");
    lines.push(
      `${handler.type} ${r.id}: Qualys does not report ${fields.join(", ")}, so the import could not see ${them(fields.length, "their", "its")} live value and left ${them(fields.length, "them", "it")} out of the imported inputs. ` +
        (unconfirmed.length > 0
          ? `An update sends ${them(fields.length, "them", "it")} whatever the program says, so until the program sets ${fields.join(", ")} to the live value${them(fields.length, "s", "")}, any update of it is refused (nothing is sent).`
          : `An update leaves ${them(fields.length, "them", "it")} as ${them(fields.length, "they are", "it is")} in Qualys unless the program changes ${them(fields.length, "them", "it")}.`),
    );
  }
  if (missing.length > 0) {
    const password = missing.some((m) => m.startsWith("password"));
    lines.push(
      `${handler.type} ${r.id}: cannot be read back from Qualys: ${missing.join("; ")}.` +
        (password
          ? " Set `password` in the program (as a secret, e.g. from `pulumi config set --secret`): the first `pulumi up` after the import shows one change (`password`) and sends it once in an update of this record (action=update, over HTTPS, never logged); the state keeps only a salted hash of it, encrypted."
          : " Set these in the program before the next `pulumi up`."),
    );
  }
  for (const line of lines) warn(line);
  return { id: r.id, props, inputs };
}

/** `urn:pulumi:<stack>::<project>::<[parent$]type>::<name>` → "project/stack/name" (an informative owner hint). */
export function ownerHintOfUrn(urn: string): string {
  const [head, project = "", , ...rest] = urn.split("::");
  return `${project}/${head.slice(head.lastIndexOf(":") + 1)}/${rest.join("::")}`;
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
