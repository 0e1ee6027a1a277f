import { closeSync, constants, existsSync, fstatSync, openSync, readdirSync, readSync } from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { OFFLINE_SECRET_PLACEHOLDER } from "../stacks/secrets";

/** A usage or file problem of an offline command: printed as one line, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Stack configuration as the Pulumi CLI would hand it to the program. */
export interface StackSettings {
  readonly project: string;
  readonly projectDir: string;
  readonly stack: string;
  readonly file: string;
  /** `<namespace>:<key>` to string value; objects and lists JSON-encoded, as the CLI passes them. */
  readonly config: Record<string, string>;
  readonly secretKeys: string[];
}

/** What stands in for a `secure:` value: the offline plan holds no decryption key. */
export { OFFLINE_SECRET_PLACEHOLDER };

/** The directory holding Pulumi.yaml, searched upwards from `start` as the CLI does. */
export function findProjectDir(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new UsageError(`no Pulumi.yaml in ${path.resolve(start)} or any parent directory`);
    dir = parent;
  }
}

export function projectName(projectDir: string): string {
  const doc = readYaml(path.join(projectDir, "Pulumi.yaml")) as { name?: unknown } | null;
  if (!doc || typeof doc.name !== "string") {
    throw new UsageError(`${path.join(projectDir, "Pulumi.yaml")}: no project name`);
  }
  return doc.name;
}

/** Stack names with a `Pulumi.<stack>.yaml` file in the project directory, sorted. */
export function listStacks(projectDir: string): string[] {
  return readdirSync(projectDir)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/**
 * Pulumi's rule for stack names: "stack names may only contain alphanumeric, hyphens, underscores, or
 * periods", 1 to 100 characters (pulumi/pulumi, pkg/backend: validateStackName, `^[A-Za-z0-9_.-]{1,100}$`).
 * So a name cannot hold a path separator and `Pulumi.<stack>.yaml` stays in the project directory.
 */
export const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export function checkStackName(stack: string): void {
  if (!STACK_NAME.test(stack)) {
    throw new UsageError(
      `stack name ${JSON.stringify(stack.slice(0, 120))}: stack names may only contain alphanumeric ` +
        "characters, hyphens, underscores or periods, 1 to 100 of them (Pulumi's rule)",
    );
  }
}

/** Stack files are small; anything larger is not one (and would not be read whole into memory). */
export const MAX_STACK_FILE_BYTES = 1024 * 1024;
/** YAML aliases a stack file may use: enough for anchors reused by hand, far too few for an alias bomb. */
export const MAX_YAML_ALIAS_COUNT = 100;

export function readStackSettings(projectDir: string, stack: string, configFile?: string): StackSettings {
  checkStackName(stack);
  const project = projectName(projectDir);
  const file = configFile ? path.resolve(configFile) : path.join(projectDir, `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) {
    const known = listStacks(projectDir);
    throw new UsageError(
      `no stack file ${file}` +
        (known.length ? `; stacks here: ${known.join(", ")}` : "; no stack files here"),
    );
  }
  const doc = readYaml(file);
  if (doc !== null && (typeof doc !== "object" || Array.isArray(doc))) {
    throw new UsageError(`${file}: a stack file is a map with a "config" key, not ${describe(doc)}`);
  }
  const raw = (doc as { config?: unknown } | null)?.config ?? {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new UsageError(`${file}: "config" must be a map of keys to values`);
  }
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const fullKey = key.includes(":") ? key : `${project}:${key}`;
    const { text, secret } = encode(value);
    config[fullKey] = text;
    if (secret) secretKeys.push(fullKey);
  }
  return { project, projectDir, stack, file, config, secretKeys };
}

function describe(value: unknown): string {
  return Array.isArray(value) ? "a list" : `a ${typeof value}`;
}

/**
 * Reads a small regular file as UTF-8. Directories, FIFOs, devices such as /dev/zero and oversized files
 * are refused with one line, before anything blocks or fills memory.
 */
export function readSmallFile(file: string, maxBytes = MAX_STACK_FILE_BYTES): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new UsageError(
      `${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      throw new UsageError(`${file}: not a regular file (a stack or configuration file must be one)`);
    }
    if (stat.size > maxBytes) {
      throw new UsageError(`${file}: ${stat.size} bytes; a configuration file holds at most ${maxBytes}`);
    }
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxBytes) {
        throw new UsageError(`${file}: more than ${maxBytes} bytes; a configuration file holds at most that`);
      }
    }
    return buffer.subarray(0, length).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

function readYaml(file: string): unknown {
  const doc = parseDocument(readSmallFile(file), { prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const where = e.linePos ? `:${e.linePos[0].line}:${e.linePos[0].col}` : "";
    throw new UsageError(`${file}${where}: not valid YAML (${e.message.split("\n")[0]})`);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (e) {
    throw new UsageError(
      `${file}: not a usable stack file (${(e as Error).message.split("\n")[0]}; at most ${MAX_YAML_ALIAS_COUNT} aliases)`,
    );
  }
}

/** Encodes a stack-file value the way the CLI hands it over: strings as-is, everything else as JSON. */
function encode(value: unknown): { text: string; secret: boolean } {
  let secret = false;
  const replaced = replaceSecure(value, () => (secret = true));
  return { text: typeof replaced === "string" ? replaced : JSON.stringify(replaced), secret };
}

function replaceSecure(value: unknown, onSecret: () => void): unknown {
  // JSON has no NaN or infinities: keep YAML's spelling so that the value is reported as written.
  if (typeof value === "number" && !Number.isFinite(value)) {
    return Number.isNaN(value) ? ".nan" : value > 0 ? ".inf" : "-.inf";
  }
  if (Array.isArray(value)) return value.map((v) => replaceSecure(v, onSecret));
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0][0] === "secure") {
    onSecret();
    return OFFLINE_SECRET_PLACEHOLDER;
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, replaceSecure(v, onSecret)]));
}
