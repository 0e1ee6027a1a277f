import { Provider } from "@pulumi/aws/provider";
import { Region } from "@pulumi/aws/types/enums";
import * as pulumi from "@pulumi/pulumi";
import { Storefront } from "../components/storefront/storefront";
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
    { providers: { aws: provider } },
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
