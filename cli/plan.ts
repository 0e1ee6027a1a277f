import { parseArgs } from "node:util";
import { PolicyConfig, readPolicyConfigFile, reconcilePolicyConfig } from "../runtime/policy-config";
import { planStack } from "../runtime/plan-runner";
import { planDocument, renderHuman } from "./render";
import { findProjectDir, readStackSettings, UsageError } from "../runtime/stack-files";
import { ConfigError, formatProblem } from "../stacks/config-error";

/*
 * npm run plan -- --stack <name> [--json] [--config-file <file>]
 *
 * Exit status: 0 clean; 1 mandatory policy violations; 2 invalid configuration or usage (one line per
 * problem on stderr); 3 the program itself failed (a defect: the error and its stack are printed).
 */

const USAGE =
  "usage: npm run plan -- --stack <name> [--json] [--config-file <file>] [--policy-config <file>] [--no-policies]";

export const EXIT = { clean: 0, violations: 1, invalid: 2, failed: 3 } as const;

export async function main(argv: readonly string[]): Promise<number> {
  let options: {
    stack?: string;
    json?: boolean;
    "config-file"?: string;
    "policy-config"?: string;
    "no-policies"?: boolean;
    help?: boolean;
  };
  try {
    options = parseArgs({
      args: [...argv],
      options: {
        stack: { type: "string", short: "s" },
        json: { type: "boolean" },
        "config-file": { type: "string" },
        "policy-config": { type: "string" },
        "no-policies": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n${USAGE}\n`);
    return EXIT.invalid;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.clean;
  }
  if (!options.stack) {
    process.stderr.write(`error: --stack is required\n${USAGE}\n`);
    return EXIT.invalid;
  }

  try {
    const settings = readStackSettings(findProjectDir(process.cwd()), options.stack, options["config-file"]);
    // Loaded here rather than at the top so that usage errors answer without loading the AWS SDK.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runStack } = require("../stacks/program") as typeof import("../stacks/program");
    const policyConfig = options["policy-config"] ? readPolicyConfig(options["policy-config"]) : {};
    const policies = options["no-policies"] ? [] : loadPolicies();
    const plan = await planStack(settings, runStack, { policies, policyConfig });
    process.stdout.write(
      options.json
        ? `${JSON.stringify(planDocument(plan), null, 2)}\n`
        : `${renderHuman(plan, settings.file)}\n`,
    );
    return plan.violations.some((v) => v.enforcement === "mandatory") ? EXIT.violations : EXIT.clean;
  } catch (e) {
    if (ConfigError.isInstance(e)) {
      process.stderr.write(`error: invalid configuration for stack "${options.stack}":\n`);
      for (const p of e.problems) process.stderr.write(`  ${formatProblem(p)}\n`);
      return EXIT.invalid;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      return EXIT.invalid;
    }
    process.stderr.write(`the program failed: ${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT.failed;
  }
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
    throw new UsageError(`${file}: not a readable JSON policy configuration (${(e as Error).message})`);
  }
  const { problems } = reconcilePolicyConfig(loadPolicies(), parsed);
  if (problems.length > 0)
    throw new UsageError(`invalid policy configuration in ${file}:\n  ${problems.join("\n  ")}`);
  return (parsed ?? {}) as PolicyConfig;
}

/**
 * Exits once stdout and stderr have flushed: writes to a pipe are asynchronous, and a bare process.exit()
 * would cut a large JSON document short. (The mock runtime keeps handles open, so waiting for the event
 * loop to drain on its own is not an option.)
 */
function exitAfterFlush(code: number): void {
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}

if (require.main === module) {
  main(process.argv.slice(2)).then(exitAfterFlush, (e) => {
    process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    exitAfterFlush(EXIT.failed);
  });
}
