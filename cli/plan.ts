import { PolicyConfig, readPolicyConfigFile, reconcilePolicyConfig } from "../runtime/policy-config";
import { planStack } from "../runtime/plan-runner";
import { planDocument, renderHuman } from "./render";
import { findProjectDir, readStackSettings, UsageError } from "../runtime/stack-files";
import { Command, CommandIo, EXIT, runAsProcess, runCommand } from "./command";

/*
 * npm run -s plan -- --stack <name> [--json] [--config-file <file>] [--policy-config <file>] [--no-policies]
 *   [--now <ISO date and time>]
 *
 * Exit status: 0 clean; 1 mandatory policy violations; 2 invalid configuration, usage or I/O (one line per
 * problem on stderr); 3 the program itself failed (a defect: the error and its stack are printed).
 */

const USAGE =
  "usage: npm run -s plan -- --stack <name> [--json] [--config-file <file>] [--policy-config <file>] " +
  "[--no-policies] [--now <ISO date and time>]";

export { EXIT };

interface PlanOptions {
  stack?: string;
  json?: boolean;
  "config-file"?: string;
  "policy-config"?: string;
  "no-policies"?: boolean;
}

export const planCommand: Command<PlanOptions> = {
  usage: USAGE,
  options: {
    stack: { type: "string", short: "s" },
    json: { type: "boolean" },
    "config-file": { type: "string" },
    "policy-config": { type: "string" },
    "no-policies": { type: "boolean" },
  },
  async run({ options, now, io, out }) {
    if (!options.stack) throw new UsageError(`--stack is required\n${USAGE}`);
    const settings = readStackSettings(findProjectDir(io.cwd), options.stack, options["config-file"]);
    // Loaded here rather than at the top so that usage errors answer without loading the AWS SDK.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runStack } = require("../stacks/program") as typeof import("../stacks/program");
    const policyConfig = options["policy-config"] ? readPolicyConfig(options["policy-config"]) : {};
    const policies = options["no-policies"] ? [] : loadPolicies();
    const plan = await planStack(settings, () => runStack(now), { policies, policyConfig });
    await out(
      options.json
        ? `${JSON.stringify(planDocument(plan), null, 2)}\n`
        : `${renderHuman(plan, settings.file)}\n`,
    );
    return plan.violations.some((v) => v.enforcement === "mandatory") ? EXIT.violations : EXIT.clean;
  },
};

/** Runs the command in this process, as `node dist/cli/plan.js` would; returns the exit status. */
export function main(argv: readonly string[], io: Partial<CommandIo> = {}): Promise<number> {
  return runCommand(planCommand, argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    ...io,
  });
}

function loadPolicies() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("../policy/pack") as typeof import("../policy/pack")).POLICIES;
}

/**
 * Policy configuration in the format of `pulumi preview --policy-pack-config`, validated against the
 * pack as the CLI validates it (runtime/policy-config.ts): every problem at once, exit 2.
 */
function readPolicyConfig(file: string): PolicyConfig {
  let parsed: unknown;
  try {
    parsed = readPolicyConfigFile(file);
  } catch (e) {
    // Not a regular file, too large or unreadable: readSmallFile's one line says which.
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${file}: not a readable JSON policy configuration (${(e as Error).message})`);
  }
  const { problems } = reconcilePolicyConfig(loadPolicies(), parsed);
  if (problems.length > 0)
    throw new UsageError(`invalid policy configuration in ${file}:\n  ${problems.join("\n  ")}`);
  return (parsed ?? {}) as PolicyConfig;
}

if (require.main === module) runAsProcess(planCommand);
