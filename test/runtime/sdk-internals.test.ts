import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { planStack } from "../../runtime/plan-runner";
import { LAZY_MODULES } from "../../runtime/sdk-internals";
import type { StackSettings } from "../../runtime/stack-files";
import { PROJECT, useMockCloud } from "../mocks";

interface AliasProto {
  getSpec(): { getType(): string } | undefined;
}

/*
 * The contract between runtime/sdk-internals.ts and @pulumi/pulumi. When an SDK upgrade moves what that
 * module relies on, these fail with the name of what moved (the module itself falls back to the SDK's
 * normal path, so plans stay right but slow).
 */

const ROOT = path.join(__dirname, "..", "..");

interface ChildReport {
  sdk: { lazy: string[]; skippedLoading?: string; skippedWork: string[]; mismatches: string[] };
  loaded: string[];
  resources: number;
  callsites: number;
  lazyFunctions: Record<string, string[]>;
  lazyStructs: boolean;
}

/** One fresh process: the runtime loaded first, as the commands load it, then the prod plan. */
function planInFreshProcess(): ChildReport {
  const script = `
    const { sdkInternals, LAZY_MODULES } = require("./runtime/sdk-internals");
    const { planStack } = require("./runtime/plan-runner");
    const { readStackSettings } = require("./runtime/stack-files");
    const { runStack } = require("./stacks/program");
    const { POLICIES } = require("./policy/pack");
    planStack(readStackSettings(process.cwd(), "prod"), runStack, { policies: POLICIES }).then((plan) => {
      const loaded = Object.keys(require.cache);
      const callsites = require("@pulumi/pulumi/resource").Resource.callsites().length;
      const lazyFunctions = {};
      for (const { request, functions = [] } of LAZY_MODULES) {
        const real = require(require.resolve(request, { paths: [require("path").dirname(require.resolve("@pulumi/pulumi/package.json"))] }));
        Object.keys(real); // loads the real module behind the stand-in
        lazyFunctions[request] = functions.filter((f) => typeof real[f] !== "function");
      }
      const struct = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [require("path").dirname(require.resolve("@pulumi/pulumi/package.json"))] }));
      const lazyStructs = struct.Struct.fromJavaScript({}).constructor !== struct.Struct;
      process.stdout.write(JSON.stringify({ sdk: sdkInternals(), loaded, resources: plan.resources.length, callsites, lazyFunctions, lazyStructs }));
      process.exit(0);
    });`;
  // --no-opt as the commands run (cli/command.ts runAsProcess): a one-shot plan does not repay optimising.
  const out = execFileSync(process.execPath, ["--no-opt", "-r", "./runtime/ts-register.cjs", "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as ChildReport;
}

describe("runtime/sdk-internals (contract with @pulumi/pulumi)", function () {
  this.timeout(120_000);
  let child: ChildReport;
  before(() => {
    child = planInFreshProcess();
  });

  it("pins the SDK to one minor version while it depends on internals", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const range: string = pkg.dependencies["@pulumi/pulumi"];
    expect(range, "a tilde range: a new minor version must be checked by this spec first").to.match(
      /^~3\.\d+\.\d+$/,
    );
    const installed: string = JSON.parse(
      readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8"),
    ).version;
    expect(installed.split(".").slice(0, 2).join(".")).to.equal(
      range.slice(1).split(".").slice(0, 2).join("."),
    );
  });

  it("finds every module it makes lazy, with the functions the SDK's index copies at load time", () => {
    expect(child.sdk.mismatches).to.deep.equal([]);
    expect(child.sdk.skippedLoading).to.equal(undefined);
    expect(child.sdk.lazy).to.have.members(LAZY_MODULES.map((m) => m.request));
    for (const [request, missing] of Object.entries(child.lazyFunctions)) {
      expect(missing, `${request} no longer exports these functions`).to.deep.equal([]);
    }
  });

  it("skips the engine-only work under mocks", () => {
    expect(child.sdk.skippedWork).to.have.members([
      "stack capture",
      "promise stacks",
      "alias URNs",
      "protobuf structs",
    ]);
    expect(child.callsites).to.equal(0);
    // Struct.fromJavaScript makes lazy structs (test/runtime/lazy-struct.test.ts holds their contract).
    expect(child.lazyStructs).to.equal(true);
  });

  it("plans prod without loading the engine-only machinery", () => {
    expect(child.resources).to.be.greaterThan(100);
    const loaded = (fragment: string) => child.loaded.filter((f) => f.includes(fragment));
    // Each of these was loaded by every plan before (see PERF-NOTES): the compiler, Arborist, the
    // Automation API, gRPC beyond its index, and the aws and Fastly package roots.
    // (The TypeScript loader may load the compiler into this child itself; the SDK reaches it through its shim.)
    expect(loaded("/@pulumi/pulumi/typescript-shim")).to.deep.equal([]);
    expect(loaded("/@pulumi/pulumi/runtime/closure/createClosure")).to.deep.equal([]);
    expect(loaded("/@npmcli/arborist/")).to.deep.equal([]);
    expect(loaded("/@pulumi/pulumi/automation/").length).to.be.at.most(1);
    expect(loaded("/@grpc/grpc-js/").length).to.be.at.most(1);
    expect(loaded("/@pulumi/fastly/")).to.deep.equal([]);
    expect(child.loaded).to.not.include(require.resolve("@pulumi/aws"));
    expect(child.loaded.length, "files loaded by one plan (1,761 before)").to.be.below(800);
  });

  it("sends a resource's alias specs without collapsing them into URNs nobody reads", async () => {
    // In this process too (the suite loads runtime/sdk-internals first): the mock monitor takes alias specs.
    const mocks = await useMockCloud();
    const monitor = pulumi.runtime.getMonitor() as unknown as {
      registerResource(req: { getType(): string; getAliasesList(): AliasProto[] }, cb: unknown): void;
    };
    const sent: string[] = [];
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
      if (req.getType() === "test:index:Thing")
        sent.push(...req.getAliasesList().map((a) => a.getSpec()!.getType()));
      register(req, cb);
    };
    const thing = new pulumi.ComponentResource(
      "test:index:Thing",
      "thing",
      {},
      {
        aliases: [{ type: "test:index:OlderThing" }, { type: "test:index:OldThing" }],
      },
    );
    await mocks.settle();
    expect(sent).to.deep.equal(["test:index:OlderThing", "test:index:OldThing"]);
    expect((thing as unknown as { __aliases: unknown[] }).__aliases).to.deep.equal([]);
  });

  it("uses the SDK's own wire signatures", () => {
    // runtime/wire.ts reads these from the SDK; a rename would make every secret look like plain data.
    for (const key of ["specialSigKey", "specialSecretSig", "specialResourceSig", "unknownValue"] as const) {
      expect(pulumi.runtime[key], `pulumi.runtime.${key}`).to.be.a("string").with.length.greaterThan(10);
    }
  });
});

describe("runtime/sdk-internals inFreshRuntime (a store of its own for each plan)", function () {
  this.timeout(60_000);
  const settings: StackSettings = {
    project: PROJECT,
    projectDir: ROOT,
    stack: "runs",
    file: path.join(ROOT, "Pulumi.runs.yaml"),
    config: {},
    secretKeys: [],
  };
  const sdkState = () =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("@pulumi/pulumi/runtime/state") as { getStore(): object };
  const alsStore = () =>
    (globalThis as { asyncLocalStorage?: { getStore(): unknown } }).asyncLocalStorage?.getStore();

  it("runs each plan in the SDK's process-wide store, never in an AsyncLocalStorage context", async () => {
    const seen: { store: object; als: unknown }[] = [];
    const program = () => {
      seen.push({ store: sdkState().getStore(), als: alsStore() });
      new pulumi.ComponentResource("test:index:Thing", "thing");
    };
    const outside = sdkState().getStore();
    await planStack(settings, program);
    await planStack(settings, program);
    // An AsyncLocalStorage context would leave Node's promise hook on for the rest of the process.
    expect(seen.map((s) => s.als)).to.deep.equal([undefined, undefined]);
    expect(seen[0].store).to.not.equal(seen[1].store);
    expect(seen.map((s) => s.store)).to.not.include(outside);
    expect(sdkState().getStore(), "the store outside plans is restored").to.equal(outside);
  });

  it("runs plans started together one after another, each keeping its store to the end", async () => {
    const events: string[] = [];
    const program = (name: string) => async () => {
      const store = sdkState().getStore();
      events.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      new pulumi.ComponentResource("test:index:Thing", name);
      events.push(`${name} end, ${sdkState().getStore() === store ? "same" : "another"} store`);
    };
    const plans = await Promise.all([planStack(settings, program("a")), planStack(settings, program("b"))]);
    expect(events).to.deep.equal(["a start", "a end, same store", "b start", "b end, same store"]);
    expect(
      plans.map((p) => p.resources.filter((r) => r.type === "test:index:Thing").map((r) => r.name)),
    ).to.deep.equal([["a"], ["b"]]);
  });

  it("starts the plan after a failed one afresh: the failure's logged errors stay with it", async () => {
    const failing = planStack(settings, () => {
      const print = console.error;
      console.error = () => undefined; // the SDK prints logged errors; the spec reads the outcome
      pulumi.log.error("the first program fails");
      console.error = print;
    });
    const next = planStack(settings, () => new pulumi.ComponentResource("test:index:Thing", "next"));
    const failure = await failing.then(
      () => "planned",
      (e: Error) => e.message,
    );
    expect(failure).to.match(/reported errors/);
    expect((await next).resources.map((r) => r.name)).to.include("next");
  });
});
