import * as codedeploy from "@pulumi/aws/codedeploy";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import * as iam from "@pulumi/aws/iam";
import * as s3 from "@pulumi/aws/s3";
import * as pulumi from "@pulumi/pulumi";
import { rotatingKey } from "../shared/keys";
import { autonamed } from "../shared/names";
import { serviceRole } from "../shared/service-role";
import { denyInsecureTransport } from "../shared/bucket-policy";

/** Where the client's CI runs, and which of its runs may deploy. */
export type ContinuousIntegration =
  | {
      readonly provider: "github";
      /** `owner/repository` */
      readonly repository: string;
      /** Only runs on this branch may deploy. */
      readonly branch: string;
    }
  | {
      readonly provider: "bitbucket";
      /** The workspace's slug (the OIDC provider URL names it) and UUID (the audience names it). */
      readonly workspace: string;
      readonly workspaceUuid: string;
      /** The repository's UUID: tokens carry it at the start of their `sub` claim. */
      readonly repositoryUuid: string;
      /**
       * The deployment environment whose steps may deploy (its UUID, the `sub` claim's middle part);
       * Bitbucket restricts the environment to the deployment branch.
       */
      readonly deploymentEnvironmentUuid: string;
    };

export interface DeliveryArgs {
  readonly region: string;
  readonly autoScalingGroupName: pulumi.Input<string>;
  /** The target group the load balancer serves the servers through: CodeDeploy takes each server out of it while deploying. */
  readonly targetGroupName: pulumi.Input<string>;
  /** Alarms that stop a deployment and roll it back (the 5xx alarms). */
  readonly rollbackAlarmNames: pulumi.Input<string>[];
  /** The web servers' role: it reads revisions from the artifact bucket. */
  readonly webRoleName: pulumi.Input<string>;
  /** Share of the fleet kept serving while a deployment replaces code on the rest. */
  readonly minimumHealthyPercent: number;
  /** The client's CI; without it the stack has no CI role (deploy from the console or an operator's CLI). */
  readonly ci?: ContinuousIntegration;
  /**
   * Create the account-wide OIDC provider of the CI service. An account has one per issuer URL: only the
   * first stack of an account creates it; the others reference it.
   */
  readonly createOidcProvider: boolean;
  /** Server access logs of the artifact bucket go to the stack's log bucket. */
  readonly accessLogs: { readonly bucket: pulumi.Input<string>; readonly prefix: string };
  /** Keep the bucket and its revisions when the stack is destroyed. */
  readonly retain: boolean;
}

/** Prefix of revision bundles in the artifact bucket: CI may upload there and nowhere else. */
export const REVISION_PREFIX = "revisions/";

/** The OIDC issuer of a CI service, without `https://` (IAM's condition keys use it so). */
export function oidcIssuer(ci: ContinuousIntegration): string {
  return ci.provider === "github"
    ? "token.actions.githubusercontent.com"
    : `api.bitbucket.org/2.0/workspaces/${ci.workspace}/pipelines-config/identity/oidc`;
}

/** The audience and subject a token must carry to assume the CI role. */
export function oidcConditions(ci: ContinuousIntegration): Record<string, Record<string, string>> {
  const issuer = oidcIssuer(ci);
  if (ci.provider === "github") {
    // GitHub's documented values: audience sts.amazonaws.com, subject repo:<owner>/<repo>:ref:refs/heads/<branch>
    // (GitHub Docs, "Configuring OpenID Connect in Amazon Web Services").
    return {
      StringEquals: {
        [`${issuer}:aud`]: "sts.amazonaws.com",
        [`${issuer}:sub`]: `repo:${ci.repository}:ref:refs/heads/${ci.branch}`,
      },
    };
  }
  // Bitbucket: audience ari:cloud:bitbucket::workspace/<uuid>; subject {repo}:{environment}:{step} for
  // deployment steps (Atlassian, "Deploy on AWS using Bitbucket Pipelines OpenID Connect").
  return {
    StringEquals: { [`${issuer}:aud`]: `ari:cloud:bitbucket::workspace/${ci.workspaceUuid}` },
    StringLike: { [`${issuer}:sub`]: `${ci.repositoryUuid}:${ci.deploymentEnvironmentUuid}:*` },
  };
}

/**
 * The deployment path of the client's code: an artifact bucket (encrypted with its own key, versioned,
 * TLS only, never public), a CodeDeploy application and deployment group bound to the Auto Scaling group
 * and target group (in place, with traffic control, a configuration that keeps most of the fleet serving,
 * automatic rollback on failure and on the 5xx alarms; servers launched later get the last good revision
 * before they take traffic), and the role the client's CI assumes through OIDC, which may only upload
 * revisions and deploy this group.
 */
export class Delivery extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  readonly applicationName: pulumi.Output<string>;
  readonly deploymentGroupName: pulumi.Output<string>;
  /** Present when the stack names its CI. */
  readonly ciRoleArn?: pulumi.Output<string>;

  constructor(name: string, args: DeliveryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:delivery:Delivery", name, {}, opts);
    const child = { parent: this };
    const account = getCallerIdentityOutput({}, child).accountId;

    // The artifact bucket.
    const key = rotatingKey(`${name}-key`, `Encrypts the deployment revisions of ${name}`, child);
    const retained = { parent: this, protect: args.retain, retainOnDelete: args.retain };
    const bucket = new s3.Bucket(
      autonamed("aws:s3/bucket:Bucket", `${name}-artifacts`),
      { forceDestroy: !args.retain, tags: { Name: `${name}-artifacts` } },
      retained,
    );
    new s3.BucketPublicAccessBlock(
      `${name}-artifacts`,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      child,
    );
    new s3.BucketOwnershipControls(
      `${name}-artifacts`,
      { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
      child,
    );
    new s3.BucketServerSideEncryptionConfiguration(
      `${name}-artifacts`,
      {
        bucket: bucket.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn },
            bucketKeyEnabled: true,
          },
        ],
      },
      child,
    );
    new s3.BucketVersioning(
      `${name}-artifacts`,
      { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
      child,
    );
    new s3.BucketLifecycleConfiguration(
      `${name}-artifacts`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: "old-revisions",
            status: "Enabled",
            filter: { prefix: REVISION_PREFIX },
            // Keep months of revisions to roll back to; old versions of a key go after 90 days.
            expiration: { days: 365 },
            noncurrentVersionExpiration: { noncurrentDays: 90 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      child,
    );
    new s3.BucketLogging(
      `${name}-artifacts`,
      { bucket: bucket.id, targetBucket: args.accessLogs.bucket, targetPrefix: args.accessLogs.prefix },
      child,
    );
    new s3.BucketPolicy(
      `${name}-artifacts`,
      {
        bucket: bucket.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [denyInsecureTransport(bucket.arn)],
        }),
      },
      child,
    );

    // CodeDeploy: the application, the service role and the deployment group.
    const application = new codedeploy.Application(
      `${name}-app`,
      { computePlatform: "Server", tags: { Name: `${name}-app` } },
      child,
    );
    const serviceRoleForDeploy = serviceRole(
      `${name}-codedeploy`,
      {
        service: "codedeploy.amazonaws.com",
        description: "CodeDeploy: deploy to the storefront's servers",
        sourceAccount: account,
      },
      child,
    );
    new iam.RolePolicyAttachment(
      `${name}-codedeploy`,
      {
        role: serviceRoleForDeploy.name,
        // AWS's policy for EC2/On-Premises deployments (CodeDeploy User Guide, "Create a service role").
        policyArn: "arn:aws:iam::aws:policy/service-role/AWSCodeDeployRole",
      },
      child,
    );
    const config = new codedeploy.DeploymentConfig(
      `${name}-keep-capacity`,
      {
        computePlatform: "Server",
        minimumHealthyHosts: { type: "FLEET_PERCENT", value: args.minimumHealthyPercent },
      },
      child,
    );
    const group = new codedeploy.DeploymentGroup(
      `${name}-group`,
      {
        appName: application.name,
        // Unique within the stack's own application.
        deploymentGroupName: "web-servers",
        serviceRoleArn: serviceRoleForDeploy.arn,
        deploymentConfigName: config.deploymentConfigName,
        autoscalingGroups: [args.autoScalingGroupName],
        deploymentStyle: { deploymentOption: "WITH_TRAFFIC_CONTROL", deploymentType: "IN_PLACE" },
        loadBalancerInfo: { targetGroupInfos: [{ name: args.targetGroupName }] },
        autoRollbackConfiguration: {
          enabled: true,
          events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"],
        },
        alarmConfiguration: { enabled: true, alarms: args.rollbackAlarmNames },
        // Servers launched while a deployment runs get its revision too.
        outdatedInstancesStrategy: "UPDATE",
        tags: { Name: `${name}-group` },
      },
      child,
    );

    // The web servers' agent downloads revisions.
    const read = new iam.Policy(
      `${name}-read-revisions`,
      {
        description: "Web servers: download deployment revisions",
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["s3:GetObject", "s3:GetObjectVersion"],
              Resource: pulumi.interpolate`${bucket.arn}/${REVISION_PREFIX}*`,
            },
            { Effect: "Allow", Action: ["kms:Decrypt"], Resource: key.arn },
          ],
        }),
        tags: { Name: `${name}-read-revisions` },
      },
      child,
    );
    new iam.RolePolicyAttachment(
      `${name}-read-revisions`,
      { role: args.webRoleName, policyArn: read.arn },
      child,
    );

    if (args.ci) {
      this.ciRoleArn = this.ciRole(name, args.ci, args, {
        account,
        bucketArn: bucket.arn,
        keyArn: key.arn,
        applicationName: application.name,
        groupName: group.deploymentGroupName,
        configName: config.deploymentConfigName,
      });
    }
    this.bucketName = bucket.bucket;
    this.applicationName = application.name;
    this.deploymentGroupName = group.deploymentGroupName;
    this.registerOutputs({
      bucketName: this.bucketName,
      applicationName: this.applicationName,
      deploymentGroupName: this.deploymentGroupName,
      ...(this.ciRoleArn ? { ciRoleArn: this.ciRoleArn } : {}),
    });
  }

  /** The role the client's CI assumes through OIDC: upload revisions, deploy this group, nothing else. */
  private ciRole(
    name: string,
    ci: ContinuousIntegration,
    args: DeliveryArgs,
    refs: {
      account: pulumi.Output<string>;
      bucketArn: pulumi.Output<string>;
      keyArn: pulumi.Output<string>;
      applicationName: pulumi.Output<string>;
      groupName: pulumi.Output<string>;
      configName: pulumi.Output<string>;
    },
  ): pulumi.Output<string> {
    const child = { parent: this };
    const issuer = oidcIssuer(ci);
    const providerArn = args.createOidcProvider
      ? new iam.OpenIdConnectProvider(
          `${name}-oidc`,
          {
            url: `https://${issuer}`,
            clientIdLists: [
              ci.provider === "github"
                ? "sts.amazonaws.com"
                : `ari:cloud:bitbucket::workspace/${ci.workspaceUuid}`,
            ],
            // No thumbprints: IAM validates GitHub's certificate against its own trusted CAs and fetches
            // other issuers' thumbprints itself (provider docs, iam.OpenIdConnectProvider thumbprintLists).
            tags: { Name: `${name}-oidc` },
          },
          // The provider is account-wide: other stacks of the account reference it.
          { parent: this, retainOnDelete: true },
        ).arn
      : pulumi.interpolate`arn:aws:iam::${refs.account}:oidc-provider/${issuer}`;
    const ciRole = new iam.Role(
      autonamed("aws:iam/role:Role", `${name}-ci`),
      {
        description: "The client's CI: upload revisions and deploy the storefront's deployment group",
        maxSessionDuration: 3600,
        assumeRolePolicy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Federated: providerArn },
              Action: "sts:AssumeRoleWithWebIdentity",
              Condition: oidcConditions(ci),
            },
          ],
        }),
        tags: { Name: `${name}-ci` },
      },
      child,
    );
    const deploy = new iam.Policy(
      `${name}-ci-deploy`,
      {
        description: "CI: upload revisions under the revision prefix and deploy this deployment group only",
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "UploadRevisions",
              Effect: "Allow",
              Action: ["s3:PutObject"],
              Resource: pulumi.interpolate`${refs.bucketArn}/${REVISION_PREFIX}*`,
            },
            {
              Sid: "EncryptRevisions",
              Effect: "Allow",
              Action: ["kms:GenerateDataKey", "kms:Encrypt"],
              Resource: refs.keyArn,
            },
            {
              Sid: "Deploy",
              Effect: "Allow",
              Action: ["codedeploy:CreateDeployment", "codedeploy:GetDeployment"],
              Resource: pulumi.interpolate`arn:aws:codedeploy:${args.region}:${refs.account}:deploymentgroup:${refs.applicationName}/${refs.groupName}`,
            },
            {
              Sid: "Revisions",
              Effect: "Allow",
              Action: ["codedeploy:RegisterApplicationRevision", "codedeploy:GetApplicationRevision"],
              Resource: pulumi.interpolate`arn:aws:codedeploy:${args.region}:${refs.account}:application:${refs.applicationName}`,
            },
            {
              Sid: "DeploymentConfig",
              Effect: "Allow",
              Action: ["codedeploy:GetDeploymentConfig"],
              Resource: pulumi.interpolate`arn:aws:codedeploy:${args.region}:${refs.account}:deploymentconfig:${refs.configName}`,
            },
          ],
        }),
        tags: { Name: `${name}-ci-deploy` },
      },
      child,
    );
    new iam.RolePolicyAttachment(`${name}-ci-deploy`, { role: ciRole.name, policyArn: deploy.arn }, child);
    return ciRole.arn;
  }
}
