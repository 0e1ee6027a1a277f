import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";

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
export const OFFLINE_SECRET_PLACEHOLDER = "offline-plan-secret";

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

export function readStackSettings(projectDir: string, stack: string, configFile?: string): StackSettings {
  const project = projectName(projectDir);
  const file = configFile ? path.resolve(configFile) : path.join(projectDir, `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) {
    const known = listStacks(projectDir);
    throw new UsageError(
      `no stack file ${file}` +
        (known.length ? `; stacks here: ${known.join(", ")}` : "; no stack files here"),
    );
  }
  const doc = readYaml(file) as { config?: unknown } | null;
  const raw = doc?.config ?? {};
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

function readYaml(file: string): unknown {
  const doc = parseDocument(readFileSync(file, "utf8"), { prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const where = e.linePos ? `:${e.linePos[0].line}:${e.linePos[0].col}` : "";
    throw new UsageError(`${file}${where}: not valid YAML (${e.message.split("\n")[0]})`);
  }
  return doc.toJS();
}

/** Encodes a stack-file value the way the CLI hands it over: strings as-is, everything else as JSON. */
function encode(value: unknown): { text: string; secret: boolean } {
  let secret = false;
  const replaced = replaceSecure(value, () => (secret = true));
  return { text: typeof replaced === "string" ? replaced : JSON.stringify(replaced), secret };
}

function replaceSecure(value: unknown, onSecret: () => void): unknown {
  if (Array.isArray(value)) return value.map((v) => replaceSecure(v, onSecret));
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0][0] === "secure") {
    onSecret();
    return OFFLINE_SECRET_PLACEHOLDER;
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, replaceSecure(v, onSecret)]));
}
