import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as ec2 from "@pulumi/aws/ec2";
import * as imagebuilder from "@pulumi/aws/imagebuilder";
import * as pulumi from "@pulumi/pulumi";
import type { Profile } from "../web/templates";
import { architectureOf } from "./image";
import { imageComponentDocument } from "./image-build";
import { autonamed } from "../shared/names";
import { InstanceRole } from "./instance-role";

export interface WebImagePipelineArgs {
  readonly profile: Profile;
  readonly region: string;
  /** The web servers' instance type: the image is built for its architecture. */
  readonly instanceType: string;
  readonly vpcId: pulumi.Input<string>;
  /** A private subnet: the build instance reaches package mirrors through NAT, and nothing reaches it. */
  readonly subnetId: pulumi.Input<string>;
  /** Log groups of the web and PHP logs: the image's CloudWatch agent ships to them. */
  readonly logRetentionDays: number;
  /**
   * The release the fleet runs. The image built for it stays the fleet's image until this changes: the
   * scheduled pipeline's patch builds reach servers only when the stack says so.
   */
  readonly release: number;
  /** Patch rebuilds: an Image Builder cron expression (UTC). */
  readonly schedule: string;
}

/** Log files of a web server, by short name. */
export const WEB_LOGS = {
  "nginx-access": "/var/log/storefront/nginx-access.log",
  "nginx-error": "/var/log/storefront/nginx-error.log",
  "php-error": "/var/log/storefront/php-error.log",
  "php-fpm-slow": "/var/log/storefront/php-fpm-slow.log",
} as const;

/** A size that builds quickly for each architecture. */
const BUILD_INSTANCE: Record<"arm64" | "x86_64", string> = { arm64: "t4g.large", x86_64: "t3.large" };

/**
 * The stack's web image, built by EC2 Image Builder from Amazon Linux 2023: a component that bakes
 * nginx, PHP-FPM with phpredis and OPcache, the EFS, CodeDeploy and CloudWatch agents and the RDS CA
 * bundle (and WordPress core), a recipe, an infrastructure configuration in a private subnet with a role
 * that has only Image Builder's and Session Manager's instance policies, a distribution configuration, a
 * scheduled pipeline for patch rebuilds, and the image of the current release, built during `pulumi up`.
 *
 * `imageId` is the release's image: it changes only when the release (or the recipe) changes, so AWS
 * publishing a new base image never rolls the fleet on its own.
 */
export class WebImagePipeline extends pulumi.ComponentResource {
  readonly imageId: pulumi.Output<string>;
  readonly pipelineArn: pulumi.Output<string>;
  readonly logGroupNames: pulumi.Output<string>[];

  constructor(name: string, args: WebImagePipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:compute:WebImagePipeline", name, {}, opts);
    const child = { parent: this };
    const architecture = architectureOf(args.instanceType);

    const logGroups = Object.entries(WEB_LOGS).map(
      ([key]) =>
        new cloudwatch.LogGroup(
          `${name}-${key}`,
          { retentionInDays: args.logRetentionDays, tags: { Name: `${name}-${key}` } },
          child,
        ),
    );
    this.logGroupNames = logGroups.map((g) => g.name);

    const component = new imagebuilder.Component(
      autonamed("aws:imagebuilder/component:Component", `${name}-web`),
      {
        platform: "Linux",
        version: "1.0.0",
        description: `Storefront web server (${args.profile})`,
        supportedOsVersions: ["Amazon Linux 2023"],
        data: pulumi.all(this.logGroupNames).apply((groups) =>
          imageComponentDocument({
            profile: args.profile,
            region: args.region,
            logs: Object.values(WEB_LOGS).map((file, i) => ({ file, logGroupName: groups[i] })),
          }),
        ),
        tags: { Name: `${name}-web` },
      },
      child,
    );

    const recipe = new imagebuilder.ImageRecipe(
      autonamed("aws:imagebuilder/imageRecipe:ImageRecipe", `${name}-recipe`),
      {
        version: "1.0.0",
        description: `Storefront web image (${args.profile}, ${architecture})`,
        // Image Builder's managed Amazon Linux 2023 image; x.x.x takes the newest at build time.
        parentImage: `arn:aws:imagebuilder:${args.region}:aws:image/amazon-linux-2023-${architecture === "arm64" ? "arm64" : "x86"}/x.x.x`,
        components: [{ componentArn: component.arn }],
        blockDeviceMappings: [
          {
            deviceName: "/dev/xvda",
            ebs: { volumeType: "gp3", volumeSize: 20, encrypted: "true", deleteOnTermination: "true" },
          },
        ],
        tags: { Name: `${name}-recipe` },
      },
      child,
    );

    const role = new InstanceRole(
      `${name}-build-role`,
      {
        description:
          "Image Builder build instances: Image Builder's and Session Manager's instance policies only",
        managedPolicies: ["imageBuilder", "ssm"],
      },
      child,
    );
    const group = new ec2.SecurityGroup(
      `${name}-build`,
      {
        vpcId: args.vpcId,
        description: "Image build instances: no inbound traffic, HTTPS out to package mirrors",
        egress: [
          {
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrBlocks: ["0.0.0.0/0"],
            description: "HTTPS to package mirrors, PECL, WordPress and AWS APIs",
          },
        ],
        tags: { Name: `${name}-build` },
      },
      child,
    );
    const infrastructure = new imagebuilder.InfrastructureConfiguration(
      autonamed("aws:imagebuilder/infrastructureConfiguration:InfrastructureConfiguration", `${name}-infra`),
      {
        description: "Storefront image builds: private subnet, IMDSv2, terminated on failure",
        instanceProfileName: role.instanceProfileName,
        instanceTypes: [BUILD_INSTANCE[architecture]],
        subnetId: args.subnetId,
        securityGroupIds: [group.id],
        terminateInstanceOnFailure: true,
        instanceMetadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
        tags: { Name: `${name}-infra` },
      },
      child,
    );
    const distribution = new imagebuilder.DistributionConfiguration(
      autonamed("aws:imagebuilder/distributionConfiguration:DistributionConfiguration", `${name}-dist`),
      {
        description: "Storefront web images, in the stack's region only",
        distributions: [
          {
            region: args.region,
            amiDistributionConfiguration: {
              name: `${name}-{{ imagebuilder:buildDate }}`,
              description: `Storefront web image (${args.profile})`,
              amiTags: { Name: `${name}-web`, profile: args.profile },
            },
          },
        ],
        tags: { Name: `${name}-dist` },
      },
      child,
    );
    const pipeline = new imagebuilder.ImagePipeline(
      autonamed("aws:imagebuilder/imagePipeline:ImagePipeline", `${name}-pipeline`),
      {
        description: "Patch rebuilds of the storefront web image; servers move to one only by a stack update",
        imageRecipeArn: recipe.arn,
        infrastructureConfigurationArn: infrastructure.arn,
        distributionConfigurationArn: distribution.arn,
        schedule: {
          scheduleExpression: args.schedule,
          pipelineExecutionStartCondition: "EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE",
        },
        imageTestsConfiguration: { imageTestsEnabled: true, timeoutMinutes: 60 },
        tags: { Name: `${name}-pipeline` },
      },
      child,
    );
    // The release's image: a new release is a new resource, so the fleet's image changes only then.
    const image = new imagebuilder.Image(
      `${name}-release-${args.release}`,
      {
        imageRecipeArn: recipe.arn,
        infrastructureConfigurationArn: infrastructure.arn,
        distributionConfigurationArn: distribution.arn,
        imageTestsConfiguration: { imageTestsEnabled: true, timeoutMinutes: 60 },
        tags: { Name: `${name}-release-${args.release}`, release: String(args.release) },
      },
      { parent: this, customTimeouts: { create: "90m" } },
    );

    this.imageId = image.outputResources.apply((resources) => {
      const ami = resources?.[0]?.amis?.[0]?.image;
      if (!ami) throw new Error(`${name}: the image build produced no AMI`);
      return ami;
    });
    this.pipelineArn = pipeline.arn;
    this.registerOutputs({ imageId: this.imageId, pipelineArn: this.pipelineArn });
  }
}
