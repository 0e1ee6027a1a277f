import { Provider } from "@pulumi/aws/provider";
import { Region } from "@pulumi/aws/types/enums";
import * as pulumi from "@pulumi/pulumi";
import { Storefront } from "../components/storefront/storefront";
import { currentTime } from "./clock";
import { readStackConfig } from "./config-source";
import { loadStackConfig } from "./load-config";
import { stackTags, storefrontArgs, storefrontName } from "./to-args";

/**
 * The Pulumi program: configuration in, one Storefront out. Validation happens before the first resource
 * is registered, so a bad stack file never leaves a half-created stack behind. `now` decides which
 * campaign windows are still ahead; by default it is STOREFRONT_NOW or the clock (stacks/clock.ts).
 */
export function runStack(now: Date = currentTime()) {
  const config = loadStackConfig(readStackConfig());
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
