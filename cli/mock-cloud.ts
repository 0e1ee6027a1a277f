import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

/**
 * A deterministic stand-in for AWS behind Pulumi's mock runtime. It answers what a real preview would show
 * a program: unique ids and ARNs in AWS's formats, the region of the provider a resource uses, tags merged
 * with the provider's default tags, one subnet per AZ and tier for an awsx VPC, and the data-source
 * invokes the kit uses. The same inputs always give the same answers, so plans can be diffed.
 * Invokes it does not know are errors: a silent default would hide drift in the program.
 */

export const MOCK_ACCOUNT_ID = "111122223333";
const DEFAULT_REGION = "us-east-1";
const AZ_LETTERS = "abcdef";

type State = Record<string, unknown>;

/** Id prefixes AWS uses for the resource types whose ids are not their names. */
const ID_PREFIX: Record<string, string> = {
  "aws:ec2/vpc:Vpc": "vpc-",
  "aws:ec2/subnet:Subnet": "subnet-",
  "aws:ec2/securityGroup:SecurityGroup": "sg-",
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "sg-",
  "aws:ec2/flowLog:FlowLog": "fl-",
  "aws:ec2/routeTable:RouteTable": "rtb-",
  "aws:ec2/internetGateway:InternetGateway": "igw-",
  "aws:ec2/natGateway:NatGateway": "nat-",
  "aws:ec2/eip:Eip": "eipalloc-",
  "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce-",
  "aws:ec2/launchTemplate:LaunchTemplate": "lt-",
  "aws:ec2/instance:Instance": "i-",
  "aws:efs/fileSystem:FileSystem": "fs-",
  "aws:efs/accessPoint:AccessPoint": "fsap-",
  "aws:efs/mountTarget:MountTarget": "fsmt-",
  "aws:kms/key:Key": "",
};

const HAS_NAME_AND_ID = new Set([
  "aws:ec2/securityGroup:SecurityGroup",
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  "aws:ec2/launchTemplate:LaunchTemplate",
]);

/** ARN builders for types whose ARN is not `arn:aws:<module>:<region>:<account>:<resource>/<id>`. */
const ARN: Record<string, (c: ArnContext) => string> = {
  "aws:iam/role:Role": (c) => `arn:aws:iam::${c.account}:role/${c.physicalName}`,
  "aws:iam/policy:Policy": (c) => `arn:aws:iam::${c.account}:policy/${c.physicalName}`,
  "aws:iam/instanceProfile:InstanceProfile": (c) =>
    `arn:aws:iam::${c.account}:instance-profile/${c.physicalName}`,
  "aws:cloudwatch/logGroup:LogGroup": (c) =>
    `arn:aws:logs:${c.region}:${c.account}:log-group:${c.physicalName}`,
  "aws:s3/bucket:Bucket": (c) => `arn:aws:s3:::${c.physicalName}`,
  "aws:s3/bucketV2:BucketV2": (c) => `arn:aws:s3:::${c.physicalName}`,
  "aws:kms/key:Key": (c) => `arn:aws:kms:${c.region}:${c.account}:key/${c.id}`,
  "aws:ec2/vpc:Vpc": (c) => `arn:aws:ec2:${c.region}:${c.account}:vpc/${c.id}`,
  "aws:ec2/flowLog:FlowLog": (c) => `arn:aws:ec2:${c.region}:${c.account}:vpc-flow-log/${c.id}`,
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": (c) =>
    `arn:aws:ec2:${c.region}:${c.account}:security-group/${c.id}`,
};

interface ArnContext {
  readonly region: string;
  readonly account: string;
  readonly id: string;
  readonly physicalName: string;
}

interface ProviderInfo {
  readonly region: string;
  readonly defaultTags: Record<string, string>;
}

export class MockCloud implements pulumi.runtime.Mocks {
  /** Providers by the id this mock gave them; resources name their provider as `<urn>::<id>`. */
  private readonly providers = new Map<string, ProviderInfo>();

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: State } {
    const inputs = args.inputs as State;
    if (args.type.startsWith("pulumi:providers:")) {
      const id = `${args.name}-${digest(args.type, args.name).slice(0, 8)}`;
      this.providers.set(id, providerInfo(inputs));
      return { id, state: { ...inputs } };
    }
    if (!args.custom) {
      return { id: undefined, state: args.type === "awsx:ec2:Vpc" ? this.awsxVpc(args) : {} };
    }

    const provider = this.providerOf(args.provider);
    const hash = digest(args.type, args.name);
    const physicalName = typeof inputs.name === "string" ? inputs.name : `${args.name}-${hash.slice(0, 7)}`;
    const prefix = ID_PREFIX[args.type];
    const id = prefix !== undefined ? `${prefix}${hash.slice(0, 17)}` : physicalName;
    const context = { region: provider.region, account: MOCK_ACCOUNT_ID, id, physicalName };
    const module = args.type.split(":")[1]?.split("/")[0] ?? "unknown";
    const arn = (ARN[args.type] ?? genericArn(module))(context);

    const state: State = { ...inputs, arn, region: provider.region };
    // Types with prefixed ids have no name attribute, bar a few that have both.
    if (prefix === undefined || HAS_NAME_AND_ID.has(args.type)) state.name = physicalName;
    if (typeof inputs.tags === "object" || Object.keys(provider.defaultTags).length > 0) {
      state.tagsAll = { ...provider.defaultTags, ...((inputs.tags as Record<string, string>) ?? {}) };
    }
    return { id, state };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const region = this.providerOf(args.provider).region;
    switch (args.token) {
      case "aws:index/getAvailabilityZones:getAvailabilityZones": {
        const letters = [...AZ_LETTERS];
        return {
          id: region,
          names: letters.map((l) => `${region}${l}`),
          zoneIds: letters.map((_, i) => `${regionCode(region)}-az${i + 1}`),
          groupNames: letters.map(() => region),
        };
      }
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return {
          id: MOCK_ACCOUNT_ID,
          accountId: MOCK_ACCOUNT_ID,
          arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/offline-plan`,
          userId: "AIDAOFFLINEPLAN",
        };
      case "aws:index/getRegion:getRegion":
        return {
          id: region,
          name: region,
          region,
          endpoint: `ec2.${region}.amazonaws.com`,
          description: region,
        };
      case "aws:index/getPartition:getPartition":
        return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
      case "aws:ec2/getAmi:getAmi": {
        const filters = JSON.stringify(args.inputs.filters ?? []);
        const arm = filters.includes("arm64");
        return {
          id: `ami-${digest(args.token, region, filters).slice(0, 17)}`,
          architecture: arm ? "arm64" : "x86_64",
          name: `al2023-ami-2023.6.20261101.0-kernel-6.1-${arm ? "arm64" : "x86_64"}`,
          rootDeviceName: "/dev/xvda",
        };
      }
      default:
        throw new Error(`the offline mock cloud has no answer for invoke ${args.token}`);
    }
  }

  /** awsx's VPC is one remote component here; return the outputs its real children would produce. */
  private awsxVpc(args: pulumi.runtime.MockResourceArgs): State {
    const inputs = args.inputs as State;
    const zones = Array.isArray(inputs.availabilityZoneNames)
      ? inputs.availabilityZoneNames.length
      : typeof inputs.numberOfAvailabilityZones === "number"
        ? inputs.numberOfAvailabilityZones
        : 3;
    const specs = Array.isArray(inputs.subnetSpecs)
      ? (inputs.subnetSpecs as { type: string }[])
      : [{ type: "Private" }, { type: "Public" }];
    const subnetIds = (type: string) =>
      specs.some((s) => s.type === type)
        ? Array.from({ length: zones }, (_, i) => `subnet-${digest(args.name, type, String(i)).slice(0, 17)}`)
        : [];
    return {
      ...inputs,
      vpcId: `vpc-${digest("aws:ec2/vpc:Vpc", args.name).slice(0, 17)}`,
      publicSubnetIds: subnetIds("Public"),
      privateSubnetIds: subnetIds("Private"),
      isolatedSubnetIds: subnetIds("Isolated"),
    };
  }

  private providerOf(ref: string | undefined): ProviderInfo {
    const id = ref?.split("::").pop();
    return (id && this.providers.get(id)) || { region: DEFAULT_REGION, defaultTags: {} };
  }
}

function providerInfo(inputs: State): ProviderInfo {
  // Provider inputs reach the engine JSON-encoded when they are objects.
  const defaultTags = parseMaybeJson(inputs.defaultTags) as { tags?: Record<string, string> } | undefined;
  return {
    region: typeof inputs.region === "string" ? inputs.region : DEFAULT_REGION,
    defaultTags: defaultTags?.tags ?? {},
  };
}

function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function genericArn(module: string): (c: ArnContext) => string {
  return (c) => `arn:aws:${module}:${c.region}:${c.account}:${module}/${c.id}`;
}

/** `eu-west-1` becomes `euw1`, as in AWS's zone ids (`euw1-az1`). */
function regionCode(region: string): string {
  const [area, direction, number] = region.split("-");
  return `${area}${direction?.[0] ?? ""}${number ?? ""}`;
}

function digest(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}
