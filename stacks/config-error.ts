import * as pulumi from "@pulumi/pulumi";

/** One thing wrong with a stack's configuration, phrased for the person who wrote it. */
export interface ConfigProblem {
  /** Dotted key path inside the project namespace, e.g. `network.cidr`. */
  readonly key: string;
  /** What was found, already rendered for display (secrets are never rendered). */
  readonly got: string;
  /** What is accepted instead. */
  readonly expected: string;
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.key}: got ${p.got}; expected ${p.expected}`;
}

/**
 * Thrown before any resource is registered when the configuration is invalid.
 *
 * It extends `pulumi.RunError` so that `pulumi up` prints the message without a stack trace; the offline
 * commands print one line per problem and exit with status 2.
 */
export class ConfigError extends pulumi.RunError {
  readonly problems: readonly ConfigProblem[];
  readonly stackName: string;

  constructor(stack: string, problems: readonly ConfigProblem[]) {
    const lines = problems.map((p) => `  ${formatProblem(p)}`).join("\n");
    super(`invalid configuration for stack "${stack}" (${problems.length} problem(s)):\n${lines}`);
    this.name = "ConfigError";
    this.problems = problems;
    this.stackName = stack;
  }

  static isInstance(e: unknown): e is ConfigError {
    return e instanceof Error && e.name === "ConfigError" && Array.isArray((e as ConfigError).problems);
  }
}

/** Renders a config value for an error line; secrets and bulky values stay out of the terminal. */
export function renderValue(value: unknown, secret = false): string {
  if (secret) return "[secret]";
  if (value === undefined) return "nothing";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
