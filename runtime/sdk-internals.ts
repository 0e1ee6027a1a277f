import Module from "node:module";
import * as path from "node:path";
import { lazyStructFromJavaScript } from "./lazy-struct";

/*
 * The one module that touches @pulumi/pulumi's internals (checked against 3.248; package.json pins the SDK
 * with a tilde range while this module exists). Everything else uses the SDK's public API.
 *
 * 1. Lean loading. At start-up the SDK loads machinery a program run under the mock runtime never
 *    reaches: closure serialization (it loads the TypeScript compiler), code-path computation (npm's
 *    Arborist, pacote, sigstore), the Automation API (execa, js-yaml, tmp), the gRPC stack and the
 *    OpenTelemetry API. Importing this module before the SDK puts lazy stand-ins for those modules in
 *    Node's module cache: each loads the real module on first use, so a run that needs one (a real
 *    `pulumi up`, a dynamic provider) still gets it, later. This must run before anything requires
 *    @pulumi/pulumi, which is why the runtime's modules import it first.
 * 2. Engine-only work under mocks (`skipEngineOnlyWork`, called once the mock runtime is installed):
 *    every resource captures an unbounded stack trace and parses it into source positions for the engine's
 *    display, and every internal promise is tagged with a formatted stack for the leak report the engine
 *    prints at exit. Nothing reads either under mocks.
 *
 * 3. Alias URNs nobody reads. The Resource constructor turns each alias of a resource into a URN Output,
 *    which only `allAliases` reads, and registration calls that only when the monitor lacks alias specs; a
 *    monitor with them (the mock monitor, and the engine since 3.x) is sent the alias specs themselves.
 *    Provider SDKs give every resource the types of its earlier versions as aliases, about 60 per
 *    azure-native resource (one per API version): an Azure plan built some 8,000 such Outputs, three
 *    quarters of its time. When @pulumi/pulumi/resource.js loads, that one statement is made conditional
 *    on the monitor lacking alias specs; registration still awaits and sends every alias spec, so the
 *    resources register in the same order with the same inputs.
 *
 * 4. Protobuf structs nobody encodes (`skipEngineOnlyWork`): see runtime/lazy-struct.ts.
 *
 * Each step checks the shape it expects (files that resolve, functions with the expected names) and leaves
 * the SDK on its normal path when the shape differs; `sdkInternals()` reports what was applied, and
 * test/runtime/sdk-internals.test.ts fails loudly when the SDK moves.
 */

/** What was applied, for the contract test and for diagnosis. */
export interface SdkInternalsReport {
  /** Modules replaced by lazy stand-ins (requests as the SDK makes them). */
  readonly lazy: string[];
  /** Why lean loading was skipped, when it was. */
  skippedLoading?: string;
  /** Engine-only steps skipped under mocks: "stack capture", "promise stacks", "alias URNs". */
  readonly skippedWork: string[];
  /** Shape checks that failed: the SDK stays on its normal path for these. */
  readonly mismatches: string[];
}

const report: SdkInternalsReport = { lazy: [], skippedWork: [], mismatches: [] };

export function sdkInternals(): Readonly<SdkInternalsReport> {
  return report;
}

/**
 * Modules of the SDK (or its dependencies, resolved from the SDK's directory) that a mock run never uses.
 * `functions` lists exports read at load time by the SDK's own index (runtime/index.js copies them):
 * those become forwarding functions, so reading them does not load the module.
 */
export const LAZY_MODULES: readonly { readonly request: string; readonly functions?: readonly string[] }[] = [
  {
    request: "@pulumi/pulumi/runtime/closure/serializeClosure",
    functions: ["serializeFunction", "serializeFunctionAsync"],
  },
  {
    request: "@pulumi/pulumi/runtime/closure/codePaths",
    functions: ["computeCodePaths", "findWorkspaceRoot"],
  },
  { request: "@pulumi/pulumi/automation" },
  { request: "@pulumi/pulumi/proto/engine_grpc_pb" },
  { request: "@pulumi/pulumi/proto/resource_grpc_pb" },
  { request: "@pulumi/pulumi/proto/callback_grpc_pb" },
  { request: "@pulumi/pulumi/proto/provider_grpc_pb" },
  { request: "@grpc/grpc-js" },
  { request: "@opentelemetry/api" },
];

type Exports = Record<string | symbol, unknown>;

/** A module-cache entry whose exports load the real module on first use. */
function lazyEntry(filename: string, functions: readonly string[]): NodeJS.Module {
  let real: Exports | undefined;
  const load = (): Exports => {
    if (!real) {
      delete require.cache[filename];
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      real = require(filename) as Exports;
    }
    return real;
  };
  const target: Exports = {};
  for (const name of functions) {
    target[name] = (...args: unknown[]) => {
      const fn = load()[name];
      if (typeof fn !== "function")
        throw new Error(`@pulumi/pulumi moved: ${filename} has no function ${name}`);
      return (fn as (...a: unknown[]) => unknown)(...args);
    };
  }
  // `__esModule` keeps TypeScript's __importStar from copying (and so loading) every export at load time.
  const exportsProxy = new Proxy(target, {
    get: (t, key) => (key === "__esModule" ? true : key in t ? t[key] : load()[key]),
    has: (t, key) => key in t || key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_t, key) => {
      const d = Reflect.getOwnPropertyDescriptor(load(), key);
      return d && { ...d, configurable: true };
    },
    set: (_t, key, value) => Reflect.set(load(), key, value),
  });
  const entry = new (Module as unknown as new (id: string) => NodeJS.Module)(filename);
  entry.filename = filename;
  entry.loaded = true;
  entry.exports = exportsProxy;
  return entry;
}

/** The folder of the @pulumi/pulumi this process loads; its own dependencies resolve from there. */
function sdkDirectory(): string | undefined {
  try {
    return path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  } catch {
    return undefined;
  }
}

function installLeanLoading(): void {
  const sdkDir = sdkDirectory();
  if (sdkDir === undefined) {
    report.skippedLoading = "@pulumi/pulumi not found";
    return;
  }
  const sdkIndex = path.join(sdkDir, "index.js");
  if (require.cache[sdkIndex]) {
    report.skippedLoading = "@pulumi/pulumi was loaded before runtime/sdk-internals";
    return;
  }
  for (const { request, functions = [] } of LAZY_MODULES) {
    let filename: string;
    try {
      filename = require.resolve(request, { paths: [sdkDir] });
    } catch {
      report.mismatches.push(`${request}: not found`);
      continue;
    }
    if (require.cache[filename]) continue;
    require.cache[filename] = lazyEntry(filename, functions);
    report.lazy.push(request);
  }
}

/** The statement of @pulumi/pulumi/resource.js (the Resource constructor) that collapses aliases to URNs. */
const ALIAS_COLLAPSE = "this.__aliases.push(collapseAliasToUrn(alias, name, t, parent));";

function skipUnreadAliasUrns(): void {
  let file: string;
  try {
    file = require.resolve("@pulumi/pulumi/resource.js");
  } catch {
    return; // reported by installLeanLoading
  }
  if (require.cache[file]) {
    report.mismatches.push("@pulumi/pulumi/resource.js was loaded before runtime/sdk-internals");
    return;
  }
  const proto = Module.prototype as unknown as { _compile(content: string, filename: string): unknown };
  const compile = proto._compile;
  proto._compile = function (content: string, filename: string) {
    if (filename === file) {
      const at = content.indexOf(ALIAS_COLLAPSE);
      if (at >= 0 && content.indexOf(ALIAS_COLLAPSE, at + 1) < 0 && content.includes("const state_1 = ")) {
        // Without getStore (another SDK), the condition is false and the aliases collapse as before.
        const condition = "if (!(state_1.getStore?.()?.supportsAliasSpecs ?? false)) ";
        content = content.slice(0, at) + condition + content.slice(at);
        report.skippedWork.push("alias URNs");
      } else report.mismatches.push("@pulumi/pulumi/resource.js: the alias collapse statement not found");
    }
    return compile.call(this, content, filename);
  };
}

if (!process.env.STOREFRONT_SDK_FULL_LOAD) {
  installLeanLoading();
  skipUnreadAliasUrns();
}

let skipped = false;

/**
 * Skips per-resource work only an engine reads. Call it once the mock runtime is installed, and only in a
 * process that runs programs under mocks (it changes the SDK for the whole process).
 */
export function skipEngineOnlyWork(): void {
  if (skipped) return;
  skipped = true;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const resource = require("@pulumi/pulumi/resource") as { Resource?: Record<string, unknown> };
  const debuggable = require("@pulumi/pulumi/runtime/debuggable") as Record<string, unknown>;
  const state = require("@pulumi/pulumi/runtime/state") as {
    getStore?: () => { leakCandidates?: Set<unknown> };
  };
  /* eslint-enable @typescript-eslint/no-require-imports */

  // Resource.stackTrace(skip) reads Resource.callsites(), which raises Error.stackTraceLimit to infinity,
  // formats the whole stack and parses every frame; the result only feeds the engine's source positions,
  // which the callsites contract already allows to be missing.
  const Resource = resource.Resource;
  if (Resource && typeof Resource.callsites === "function" && typeof Resource.stackTrace === "function") {
    Resource.callsites = () => [];
    report.skippedWork.push("stack capture");
  } else report.mismatches.push("Resource.callsites/stackTrace: not found");

  // debuggablePromise(p, ctx) tags every internal promise with an id, its context and `new Error().stack`
  // for the leak report the engine prints at exit, and tracks it in the store's leak candidates until it
  // settles. The SDK calls it through the module's exports, so a version without the debug tags takes its
  // place: the same leak-candidate bookkeeping and `err.promise`, the same chain of two promises.
  const original = debuggable.debuggablePromise;
  const source = typeof original === "function" ? Function.prototype.toString.call(original) : "";
  if (
    typeof original === "function" &&
    original.length === 2 &&
    /leakCandidates\.add\(p\)/.test(source) &&
    /err\.promise = p/.test(source) &&
    typeof state.getStore === "function"
  ) {
    const getStore = state.getStore;
    debuggable.debuggablePromise = function <T>(p: Promise<T>): Promise<T> {
      const candidates = getStore().leakCandidates;
      candidates?.add(p);
      return p
        .then((val) => {
          candidates?.delete(p);
          return val;
        })
        .catch((err) => {
          candidates?.delete(p);
          if (err && typeof err === "object") (err as { promise?: unknown }).promise = p;
          throw err;
        });
    };
    report.skippedWork.push("promise stacks");
  } else report.mismatches.push("runtime/debuggable.debuggablePromise(p, ctx): not found");

  // Every registration's properties go into a protobuf Struct and straight back out in this process (the
  // mock monitor), which nothing encodes: runtime/lazy-struct.ts keeps them JavaScript until read as
  // protobuf. The SDK calls Struct.fromJavaScript on the module's class, the one its dependency resolves.
  const sdkDir = sdkDirectory();
  let struct: typeof import("google-protobuf/google/protobuf/struct_pb") | undefined;
  try {
    if (sdkDir !== undefined)
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      struct = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [sdkDir] }));
  } catch {
    struct = undefined;
  }
  const Struct = struct?.Struct;
  if (
    struct &&
    typeof Struct === "function" &&
    typeof Struct.fromJavaScript === "function" &&
    typeof Struct.prototype.toJavaScript === "function" &&
    typeof Struct.prototype.getFieldsMap === "function" &&
    typeof struct.Value === "function" &&
    typeof struct.ListValue === "function" &&
    struct.NullValue?.NULL_VALUE !== undefined
  ) {
    Struct.fromJavaScript = lazyStructFromJavaScript(struct) as typeof Struct.fromJavaScript;
    report.skippedWork.push("protobuf structs");
  } else
    report.mismatches.push(
      "google-protobuf Struct (fromJavaScript, toJavaScript, getFieldsMap), Value, ListValue, NullValue: not found",
    );
}

/** The plans of this process, one after another: each waits for the one before it to settle. */
let lastRun: Promise<unknown> = Promise.resolve();

/**
 * Runs `run` with a runtime store of its own (settings, configuration, the monitor setMocks installs, the
 * stack resource, the error count, leak candidates), after the process's previous run has settled.
 * Registered resource modules and packages stay global, as the SDK keeps them.
 *
 * The store is the SDK's process-wide one (`global.globalStore`, what `getStore()` returns outside an
 * AsyncLocalStorage context, as under `pulumi preview`): a new `LocalStore` for the run, the previous one
 * back when it settles. The SDK's own `withLocalStorage` would give each run an AsyncLocalStorage context
 * instead; Node 20 then keeps a promise hook for the rest of the process, which runs on every promise the
 * SDK makes and allocated an eighth of a plan's memory (a sampling heap profile of the prod plan). Runs
 * never overlap here (the configuration and the console.warn hook are process-wide too), so one store at a
 * time is enough.
 */
export function inFreshRuntime<T>(run: () => Promise<T>): Promise<T> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const state = require("@pulumi/pulumi/runtime/state") as { LocalStore?: new () => unknown };
  const store = state.LocalStore;
  if (typeof store !== "function") {
    if (!report.mismatches.includes(NO_LOCAL_STORE)) report.mismatches.push(NO_LOCAL_STORE);
  }
  const global = globalThis as { globalStore?: unknown };
  const next = lastRun.then(async () => {
    if (typeof store !== "function") return run();
    // The store in use outside runs (specs that set mocks themselves) is theirs again afterwards.
    const outside = global.globalStore;
    global.globalStore = new store();
    try {
      return await run();
    } finally {
      global.globalStore = outside;
    }
  });
  lastRun = next.catch(() => undefined);
  return next;
}

const NO_LOCAL_STORE = "runtime/state.LocalStore: not found";
