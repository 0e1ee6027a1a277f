import "./sdk-internals"; // before the SDK loads
import * as pulumi from "@pulumi/pulumi";
import { isSecretWire, secretWire } from "./wire";

/*
 * Under mocks Pulumi's MockMonitor stands in for the engine, but it forgets what the engine would know: a
 * resource's parent, its dependencies per property, `protect`. The offline plan needs those for the tree
 * and for stack-level policies, so the recorder wraps the active monitor and keeps every registration as
 * the engine would have received it, in wire form (JSON-safe: secrets and resource references still carry
 * their signature objects; see wire.ts). URNs are formed as the engine forms them.
 */

const STACK_TYPE = "pulumi:pulumi:Stack";

type Callback<R> = (err: Error | null, resp: R | undefined) => void;

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getRemote(): boolean;
  getProtect(): boolean;
  getProvider(): string;
  getObject(): Struct | undefined;
  getDependenciesList(): string[];
  getIgnorechangesList(): string[];
  getAdditionalsecretoutputsList(): string[];
  getPropertydependenciesMap(): {
    forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
}

interface RegisterResponse {
  getUrn(): string;
  getId(): string;
  getObject(): Struct | undefined;
  setObject(value: Struct): void;
}

interface OutputsRequest {
  getUrn(): string;
  getOutputs(): Struct | undefined;
}

interface Struct {
  toJavaScript(): Record<string, unknown>;
}

interface StructClass {
  fromJavaScript(value: Record<string, unknown>): Struct;
}

interface MonitorLike {
  newUrn(parent: string, type: string, name: string): string;
  registerResource(req: RegisterRequest, callback: Callback<RegisterResponse>): unknown;
  registerResourceOutputs(req: OutputsRequest, callback: Callback<unknown>): unknown;
}

/** One registration as the engine would see it. */
export interface RegisteredResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** URN of the parent; absent only for the stack itself. */
  readonly parent?: string;
  readonly custom: boolean;
  readonly remote: boolean;
  readonly protect: boolean;
  /** Provider reference (`<urn>::<id>`), when the resource names one. */
  readonly provider?: string;
  readonly id?: string;
  /** What the program passed in, as the provider would receive it (wire form). */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** What the mock cloud answered, or a component's registered outputs (wire form). */
  outputs: Readonly<Record<string, unknown>>;
  readonly dependencies: readonly string[];
  /** Properties whose changes the engine ignores on update. */
  readonly ignoreChanges: readonly string[];
  /** For each input property, the URNs of the resources its value came from. */
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/**
 * Marks the outputs a registration lists in `additionalSecretOutputs` as secrets in the response, as the
 * engine does (providers' SDKs list their secret outputs there, such as a generated password's `result`).
 * MockMonitor skips this, which would let generated secrets flow into other resources as plain text.
 */
function applySecretOutputs(req: RegisterRequest, resp: RegisterResponse): void {
  const names = req.getAdditionalsecretoutputsList();
  const object = resp.getObject();
  if (names.length === 0 || !object) return;
  const outputs = object.toJavaScript();
  for (const name of names) {
    if (name in outputs && !isSecretWire(outputs[name])) outputs[name] = secretWire(outputs[name]);
  }
  resp.setObject((object.constructor as unknown as StructClass).fromJavaScript(outputs));
}

export class RegistrationRecorder {
  readonly registrations: RegisteredResource[] = [];
  private readonly byUrn = new Map<string, RegisteredResource>();

  /** Starts recording on the monitor currently installed by `pulumi.runtime.setMocks`. */
  static attach(): RegistrationRecorder {
    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike | undefined;
    if (!monitor) throw new Error("no resource monitor: call pulumi.runtime.setMocks first");
    return new RegistrationRecorder(monitor);
  }

  private constructor(monitor: MonitorLike) {
    // URNs as the engine forms them: the qualified type is the whole chain of parent types, without the
    // root stack. MockMonitor keeps only the immediate parent's type and includes the stack.
    monitor.newUrn = (parent, type, name) => {
      const parentType = parent ? parent.split("::")[2] : STACK_TYPE;
      const qualified = parentType === STACK_TYPE ? type : `${parentType}$${type}`;
      return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
    };
    const register = monitor.registerResource.bind(monitor);
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResource = (req, callback) =>
      register(req, (err, resp) => {
        if (!err && resp) {
          applySecretOutputs(req, resp);
          this.record(req, resp);
        }
        callback(err, resp);
      });
    monitor.registerResourceOutputs = (req, callback) => {
      const registered = this.byUrn.get(req.getUrn());
      if (registered) registered.outputs = req.getOutputs()?.toJavaScript() ?? {};
      return registerOutputs(req, callback);
    };
  }

  private record(req: RegisterRequest, resp: RegisterResponse): void {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps, key) => {
      propertyDependencies[key] = deps.getUrnsList();
    });
    const parent = req.getParent();
    const provider = req.getProvider();
    const id = resp.getId();
    const registered: RegisteredResource = {
      urn: resp.getUrn(),
      type: req.getType(),
      name: req.getName(),
      ...(parent ? { parent } : {}),
      custom: req.getCustom(),
      remote: req.getRemote(),
      protect: req.getProtect(),
      ...(provider ? { provider } : {}),
      ...(id ? { id } : {}),
      inputs: req.getObject()?.toJavaScript() ?? {},
      outputs: resp.getObject()?.toJavaScript() ?? {},
      dependencies: req.getDependenciesList(),
      ignoreChanges: req.getIgnorechangesList(),
      propertyDependencies,
    };
    this.registrations.push(registered);
    this.byUrn.set(registered.urn, registered);
  }
}
