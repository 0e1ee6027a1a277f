import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as ec2 from "@pulumi/aws/ec2";
import { getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import * as iam from "@pulumi/aws/iam";
// The VPC module alone: the package's root also loads its ECR and ECS modules (and Docker), which cost
// the offline plan a tenth of a second for nothing.
import { Vpc } from "@pulumi/awsx/ec2";
import type { NatGatewayStrategy } from "@pulumi/awsx/types/enums/ec2";
import * as pulumi from "@pulumi/pulumi";
import { subnetLayout } from "./subnet-layout";
import { serviceRole } from "../shared/service-role";
import { repeated, throwIfProblems } from "../shared/check-args";

export type NatGatewayMode = "single" | "one-per-az" | "none";

export interface NetworkArgs {
  /** Private IPv4 block of the VPC, e.g. `10.20.0.0/16`. */
  readonly cidrBlock: string;
  /** Number of availability zones to spread every tier over (2 to 6). */
  readonly azCount: number;
  /**
   * Zones to use, in order.
   * @default the first `azCount` available zones of the region
   */
  readonly availabilityZoneNames?: readonly string[];
  /** Region the VPC lives in; names the regional S3 gateway endpoint. */
  readonly region: string;
  /** `single` (one shared NAT gateway), `one-per-az` (survives an AZ outage) or `none`. */
  readonly natGateways: NatGatewayMode;
  readonly flowLogs: {
    /** `ALL` records accepted and rejected traffic; `REJECT` only rejected traffic. */
    readonly trafficType: "ALL" | "REJECT";
    /** CloudWatch Logs retention of the flow log group, in days. */
    readonly retentionDays: number;
  };
}

const NAT_STRATEGY: Record<NatGatewayMode, NatGatewayStrategy> = {
  single: "Single",
  "one-per-az": "OnePerAz",
  none: "None",
};

/**
 * Every contradiction in the arguments, thrown at once before any resource is created: named zones must
 * be as many as the AZ count and distinct, or two subnets of a tier would share a zone.
 */
export function checkNetworkArgs(args: NetworkArgs): void {
  const zones = args.availabilityZoneNames;
  throwIfProblems("Network", [
    (!Number.isInteger(args.azCount) || args.azCount < 2) &&
      `azCount ${args.azCount}: a whole number, 2 or more`,
    zones !== undefined &&
      zones.length !== args.azCount &&
      `availabilityZoneNames ${JSON.stringify(zones)}: ${args.azCount} zones, as azCount says`,
    zones !== undefined &&
      repeated(zones).length > 0 &&
      `availabilityZoneNames ${JSON.stringify(zones)}: distinct zones`,
    zones?.some((zone) => !zone.startsWith(args.region)) === true &&
      `availabilityZoneNames ${JSON.stringify(zones)}: zones of region ${args.region}`,
  ]);
}

/**
 * The storefront's VPC: public subnets (load balancer, NAT, bastion), private subnets (web servers) and
 * isolated subnets without any route to the internet (database, cache, search, file system), one of each per
 * availability zone. Every flow is logged, the default security group is closed, and S3 traffic stays on
 * the AWS network through a gateway endpoint.
 */
export class Network extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly publicSubnetIds: pulumi.Output<string[]>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
  readonly isolatedSubnetIds: pulumi.Output<string[]>;
  readonly availabilityZones: pulumi.Output<string[]>;
  readonly defaultSecurityGroupId: pulumi.Output<string>;
  readonly flowLogGroupName: pulumi.Output<string>;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    checkNetworkArgs(args);
    super("storefront:network:Network", name, {}, opts);

    const layout = subnetLayout(Number(args.cidrBlock.split("/")[1]), args.azCount);
    const zones = args.availabilityZoneNames ? [...args.availabilityZoneNames] : undefined;

    const vpc = new Vpc(
      `${name}-vpc`,
      {
        cidrBlock: args.cidrBlock,
        ...(zones ? { availabilityZoneNames: zones } : { numberOfAvailabilityZones: args.azCount }),
        enableDnsHostnames: true,
        enableDnsSupport: true,
        // Auto allocates subnets in the order listed; largest first keeps every block aligned (no gaps).
        subnetStrategy: "Auto",
        subnetSpecs: [
          { type: "Private", name: "private", cidrMask: layout.privateMask, tags: { tier: "private" } },
          { type: "Isolated", name: "isolated", cidrMask: layout.isolatedMask, tags: { tier: "isolated" } },
          { type: "Public", name: "public", cidrMask: layout.publicMask, tags: { tier: "public" } },
        ],
        natGateways: { strategy: NAT_STRATEGY[args.natGateways] },
        // The gateway endpoint is free and keeps package, media and log traffic to S3 off the NAT gateways.
        vpcEndpointStrategy: "Auto",
        vpcEndpointSpecs: [{ serviceName: `com.amazonaws.${args.region}.s3`, vpcEndpointType: "Gateway" }],
        tags: { Name: `${name}-vpc` },
      },
      { parent: this },
    );

    // Adopting the default security group with no rules removes its allow-all defaults (CIS 5.4).
    const defaultSg = new ec2.DefaultSecurityGroup(
      `${name}-default-sg`,
      { vpcId: vpc.vpcId, ingress: [], egress: [], tags: { Name: `${name}-default-closed` } },
      { parent: this },
    );

    const flowLogGroup = new cloudwatch.LogGroup(
      `${name}-flow-logs`,
      { retentionInDays: args.flowLogs.retentionDays, tags: { Name: `${name}-flow-logs` } },
      { parent: this },
    );
    const flowLogRole = this.flowLogRole(name, flowLogGroup);
    new ec2.FlowLog(
      `${name}-flow-log`,
      {
        vpcId: vpc.vpcId,
        trafficType: args.flowLogs.trafficType,
        logDestinationType: "cloud-watch-logs",
        logDestination: flowLogGroup.arn,
        iamRoleArn: flowLogRole.arn,
        // One-minute aggregation makes incident timelines readable; the cost difference is negligible.
        maxAggregationInterval: 60,
        tags: { Name: `${name}-flow-log` },
      },
      { parent: this },
    );

    this.vpcId = vpc.vpcId;
    this.publicSubnetIds = vpc.publicSubnetIds;
    this.privateSubnetIds = vpc.privateSubnetIds;
    this.isolatedSubnetIds = vpc.isolatedSubnetIds;
    this.availabilityZones = zones
      ? pulumi.output(zones)
      : getAvailabilityZonesOutput({ state: "available" }, { parent: this }).names.apply((names) =>
          names.slice(0, args.azCount),
        );
    this.defaultSecurityGroupId = defaultSg.id;
    this.flowLogGroupName = flowLogGroup.name;

    this.registerOutputs({
      vpcId: this.vpcId,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      isolatedSubnetIds: this.isolatedSubnetIds,
      availabilityZones: this.availabilityZones,
      defaultSecurityGroupId: this.defaultSecurityGroupId,
      flowLogGroupName: this.flowLogGroupName,
    });
  }

  /** A role the flow log service can assume for this account only, allowed to write to one log group. */
  private flowLogRole(name: string, logGroup: cloudwatch.LogGroup): iam.Role {
    const account = getCallerIdentityOutput({}, { parent: this }).accountId;
    // Confused-deputy guard: only flow logs of this account may use the role.
    const role = serviceRole(
      `${name}-flow-log-role`,
      {
        service: "vpc-flow-logs.amazonaws.com",
        description: "Lets VPC Flow Logs deliver this VPC's flow records to CloudWatch Logs",
        sourceAccount: account,
      },
      { parent: this },
    );
    const policy = new iam.Policy(
      `${name}-flow-log-policy`,
      {
        description: "Write VPC flow records to the VPC's flow log group",
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
              Resource: [logGroup.arn, pulumi.interpolate`${logGroup.arn}:*`],
            },
          ],
        }),
        tags: { Name: `${name}-flow-log-policy` },
      },
      { parent: this },
    );
    new iam.RolePolicyAttachment(
      `${name}-flow-log-policy-attachment`,
      { role: role.name, policyArn: policy.arn },
      { parent: this },
    );
    return role;
  }
}

/**
 * AWS services the servers must reach without a NAT gateway: Session Manager (ssm, ssmmessages,
 * ec2messages), KMS, Secrets Manager and CloudWatch Logs. Without them a server in a private subnet has no
 * route to SSM and the boot script, which reads the cache token from Parameter Store, stops half-way
 * ("Use VPC endpoints to improve the security of EC2 instances", AWS Systems Manager User Guide). S3 has
 * its gateway endpoint already.
 */
export const INTERFACE_ENDPOINT_SERVICES = [
  "ssm",
  "ssmmessages",
  "ec2messages",
  "kms",
  "secretsmanager",
  "logs",
] as const;

export interface InterfaceEndpointsArgs {
  readonly region: string;
  readonly vpcId: pulumi.Input<string>;
  /** The servers' subnets: one endpoint network interface in each. */
  readonly subnetIds: pulumi.Input<string[]>;
  readonly securityGroupId: pulumi.Input<string>;
}

/** One interface endpoint per service, with private DNS so the SDKs and agents need no configuration. */
export function interfaceEndpoints(
  name: string,
  args: InterfaceEndpointsArgs,
  opts: pulumi.CustomResourceOptions,
): ec2.VpcEndpoint[] {
  return INTERFACE_ENDPOINT_SERVICES.map(
    (service) =>
      new ec2.VpcEndpoint(
        `${name}-${service}`,
        {
          vpcId: args.vpcId,
          serviceName: `com.amazonaws.${args.region}.${service}`,
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: args.subnetIds,
          securityGroupIds: [args.securityGroupId],
          tags: { Name: `${name}-${service}` },
        },
        opts,
      ),
  );
}
