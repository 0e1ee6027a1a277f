import { currentTime } from "./clock";
import { CLOUD_RULE, cloudOf } from "./cloud";
import { ConfigError, renderValue } from "./config-error";
import { readStackConfig } from "./config-source";

/**
 * The Pulumi program: the stack's configuration decides the cloud (`storefront:cloud`, default aws), and
 * only that cloud's program is loaded, with its provider SDK and components: an AWS stack never loads
 * `@pulumi/azure-native` and an Azure stack never loads `@pulumi/aws` (each SDK costs its own load time;
 * test/stacks/program-loading.test.ts measures it). `now` decides which campaign windows are still ahead;
 * by default it is STOREFRONT_NOW or the clock (stacks/clock.ts).
 */
export function runStack(now: Date = currentTime()) {
  const source = readStackConfig();
  const cloud = cloudOf(source.values);
  if (cloud === undefined) {
    throw new ConfigError(source.stack, [
      { key: "cloud", got: renderValue(source.values.cloud), expected: CLOUD_RULE },
    ]);
  }
  if (cloud === "azure") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runAzureStack } = require("./azure-program") as typeof import("./azure-program");
    return runAzureStack(source, now);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runAwsStack } = require("./aws-program") as typeof import("./aws-program");
  return runAwsStack(source, now);
}
