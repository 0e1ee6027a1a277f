import { Provider } from "@pulumi/aws/provider";
import { Region } from "@pulumi/aws/types/enums";
import * as pulumi from "@pulumi/pulumi";
import { Storefront } from "../components/storefront/storefront";
import { ConfigError } from "./config-error";
import type { ConfigSource } from "./load-config";
import { loadStackConfig } from "./load-config";
import { stackTags, storefrontArgs, storefrontName } from "./to-args";

/**
 * The AWS program (`storefront:cloud: aws`, the default): configuration in, one Storefront out. Validation
 * happens before the first resource is registered, so a bad stack file never leaves a half-created stack
 * behind. `now` decides which campaign windows are still ahead. Loaded only for AWS stacks
 * (stacks/program.ts), so an Azure stack never loads the AWS SDK.
 */
export function runAwsStack(source: ConfigSource, now: Date) {
  const config = loadStackConfig(source);
  const name = storefrontName(config);
  const { args, notes } = storefrontArgs(config, now);
  for (const note of notes) void pulumi.log.warn(note);

  // Explicit providers read no `aws:` stack settings on their own (only the provider's environment
  // variables, AWS_PROFILE among them): hand the stack file's profile to every AWS provider the stack makes.
  const awsProfile = new pulumi.Config("aws").get("profile");
  const provider = new Provider(`${name}-aws`, {
    region: config.region as Region,
    defaultTags: { tags: stackTags(config) },
    ...(awsProfile ? { profile: awsProfile } : {}),
  });
  const storefront = new Storefront(
    name,
    { ...args, ...(awsProfile ? { awsProfile } : {}) },
    { providers: { aws: provider, ...explicitProviders(name, config.stack, config.edge?.provider) } },
  );
  const { network, web, storage, database, cache, search, bastion, logs, observability, backups } =
    storefront;

  return {
    client: config.client,
    environment: config.environment,
    profile: config.profile,
    region: config.region,
    siteUrl: storefront.siteUrl,
    vpcId: network.vpcId,
    availabilityZones: network.availabilityZones,
    publicSubnetIds: network.publicSubnetIds,
    privateSubnetIds: network.privateSubnetIds,
    isolatedSubnetIds: network.isolatedSubnetIds,
    flowLogGroupName: network.flowLogGroupName,
    loadBalancerDnsName: web.loadBalancerDnsName,
    autoScalingGroupName: web.autoScalingGroupName,
    fileSystemId: storage.fileSystemId,
    logBucketName: logs.bucketName,
    athenaWorkgroup: logs.workgroupName,
    alarmTopicArn: observability.topicArn,
    dashboardUrl: observability.dashboardUrl,
    backupVault: backups.vaultName,
    databaseWriterEndpoint: database.writerEndpoint,
    databaseReaderEndpoint: database.readerEndpoint,
    // The secret's ARN, never its value: the master password stays in Secrets Manager.
    databaseSecretArn: database.masterSecretArn,
    sessionCacheEndpoint: cache.primaryEndpoint,
    sessionCacheAuthTokenParameter: cache.authTokenParameterName,
    ...(search
      ? { searchEndpoint: search.endpoint, searchMasterPasswordParameter: search.masterPasswordParameterName }
      : {}),
    ...(bastion ? { bastionInstanceId: bastion.instanceId } : {}),
    deliveryBucket: storefront.delivery.bucketName,
    deliveryApplication: storefront.delivery.applicationName,
    deliveryDeploymentGroup: storefront.delivery.deploymentGroupName,
    ...(storefront.delivery.ciRoleArn ? { deliveryCiRoleArn: storefront.delivery.ciRoleArn } : {}),
    // WordPress: the secret whose value unlocks the installer (user `setup`), never the value itself.
    ...(storefront.setupTokenSecretArn ? { wordpressSetupSecretArn: storefront.setupTokenSecretArn } : {}),
  };
}

/**
 * `pulumi:disable-default-providers` lists packages (or `*`) whose default providers the engine refuses:
 * "Default provider for '<package>' disabled. '<type>' must use an explicit provider" (pulumi/pulumi#8829,
 * which added the setting; pulumi/pulumi#13074 shows the error for awsx's remote components). The kit's
 * AWS providers are always explicit; for the other packages a stack uses (random for generated secrets,
 * awsx for the VPC component, fastly for a Fastly edge) the program creates explicit providers when the
 * setting names them, handed to every child through the Storefront's providers. Without the setting the
 * defaults stay, so no existing stack sees a provider change.
 */
function explicitProviders(
  name: string,
  stack: string,
  edge: string | undefined,
): Record<string, pulumi.ProviderResource> {
  const raw = new pulumi.Config("pulumi").get("disable-default-providers");
  if (raw === undefined) return {};
  let disabled: unknown;
  try {
    disabled = JSON.parse(raw);
  } catch {
    disabled = undefined;
  }
  if (!Array.isArray(disabled) || !disabled.every((p) => typeof p === "string")) {
    throw new ConfigError(stack, [
      {
        key: "pulumi:disable-default-providers",
        got: JSON.stringify(raw),
        expected: 'a list of package names, or ["*"] for every package',
      },
    ]);
  }
  const off = (pkg: string) => disabled.includes("*") || disabled.includes(pkg);
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when the setting asks for them */
  const providers: Record<string, pulumi.ProviderResource> = {};
  if (off("random")) {
    const { Provider: RandomProvider } =
      require("@pulumi/random/provider") as typeof import("@pulumi/random/provider");
    providers.random = new RandomProvider(`${name}-random`, {});
  }
  if (off("awsx")) {
    const { Provider: AwsxProvider } =
      require("@pulumi/awsx/provider") as typeof import("@pulumi/awsx/provider");
    providers.awsx = new AwsxProvider(`${name}-awsx`, {});
  }
  if (off("fastly") && edge === "fastly") {
    const { Provider: FastlyProvider } =
      require("@pulumi/fastly/provider") as typeof import("@pulumi/fastly/provider");
    // An explicit provider reads no fastly:* stack settings on its own (only FASTLY_API_KEY and the like):
    // hand them on, the token as the secret it is.
    const fastly = new pulumi.Config("fastly");
    const apiKey = fastly.getSecret("apiKey");
    const baseUrl = fastly.get("baseUrl");
    const forceHttp2 = fastly.getBoolean("forceHttp2");
    const noAuth = fastly.getBoolean("noAuth");
    providers.fastly = new FastlyProvider(`${name}-fastly`, {
      ...(apiKey ? { apiKey } : {}),
      ...(baseUrl ? { baseUrl } : {}),
      ...(forceHttp2 !== undefined ? { forceHttp2 } : {}),
      ...(noAuth !== undefined ? { noAuth } : {}),
    });
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
  return providers;
}
