import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import {
  AUTONAME_SUFFIX_LENGTH,
  NAME_RULES,
  nameProblems,
  PROPERTY_NAME_RULES,
} from "../components/shared/name-rules";
import type { ConfigProblem } from "../stacks/config-error";
import type { MockAzure } from "./mock-azure";

/**
 * A deterministic stand-in for AWS behind Pulumi's mock runtime. It answers what a real preview would show
 * a program: unique ids and ARNs in AWS's formats, the region of the provider a resource uses, tags merged
 * with the provider's default tags, one subnet per AZ and tier for an awsx VPC, and the data-source
 * invokes the kit uses. The same inputs always give the same answers, so plans can be diffed.
 * Invokes it does not know are errors: a silent default would hide drift in the program.
 */

export const MOCK_ACCOUNT_ID = "111122223333";
const DEFAULT_REGION = "us-east-1";
/** Stands in for the regional Elastic Load Balancing account (AWS's documented example account). */
const ELB_ACCOUNTS_SAMPLE = "127311923021";

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
  "aws:cloudfront/distribution:Distribution": "E",
  "aws:ec2/managedPrefixList:ManagedPrefixList": "pl-",
};

/** The input that names a resource, where it is not `name`; Pulumi auto-names it when absent. */
const NAME_PROPERTY: Record<string, string> = {
  "aws:s3/bucket:Bucket": "bucket",
  "aws:rds/cluster:Cluster": "clusterIdentifier",
  "aws:rds/clusterInstance:ClusterInstance": "identifier",
  "aws:elasticache/replicationGroup:ReplicationGroup": "replicationGroupId",
  "aws:opensearch/domain:Domain": "domainName",
};

/** Types whose ids are opaque hashes rather than names or prefixed ids. */
const ID_IS_HASH = new Set([
  "aws:lb/loadBalancer:LoadBalancer",
  "aws:lb/targetGroup:TargetGroup",
  "aws:lb/listener:Listener",
  "aws:acm/certificate:Certificate",
  "aws:kms/key:Key",
]);

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
  "aws:lb/loadBalancer:LoadBalancer": (c) =>
    `arn:aws:elasticloadbalancing:${c.region}:${c.account}:loadbalancer/${albSuffix(c)}`,
  "aws:lb/targetGroup:TargetGroup": (c) =>
    `arn:aws:elasticloadbalancing:${c.region}:${c.account}:${targetGroupSuffix(c)}`,
  "aws:lb/listener:Listener": (c) =>
    `arn:aws:elasticloadbalancing:${c.region}:${c.account}:listener/app/${c.physicalName}/${c.id}`,
  "aws:acm/certificate:Certificate": (c) => `arn:aws:acm:${c.region}:${c.account}:certificate/${uuid(c.id)}`,
  "aws:efs/fileSystem:FileSystem": (c) =>
    `arn:aws:elasticfilesystem:${c.region}:${c.account}:file-system/${c.id}`,
  "aws:efs/accessPoint:AccessPoint": (c) =>
    `arn:aws:elasticfilesystem:${c.region}:${c.account}:access-point/${c.id}`,
  "aws:rds/cluster:Cluster": (c) => `arn:aws:rds:${c.region}:${c.account}:cluster:${c.physicalName}`,
  "aws:rds/clusterInstance:ClusterInstance": (c) =>
    `arn:aws:rds:${c.region}:${c.account}:db:${c.physicalName}`,
  "aws:opensearch/domain:Domain": (c) => `arn:aws:es:${c.region}:${c.account}:domain/${c.physicalName}`,
  "aws:ssm/parameter:Parameter": (c) => `arn:aws:ssm:${c.region}:${c.account}:parameter${c.physicalName}`,
  "aws:elasticache/replicationGroup:ReplicationGroup": (c) =>
    `arn:aws:elasticache:${c.region}:${c.account}:replicationgroup:${c.physicalName}`,
  "aws:cloudfront/distribution:Distribution": (c) => `arn:aws:cloudfront::${c.account}:distribution/${c.id}`,
  "aws:sns/topic:Topic": (c) => `arn:aws:sns:${c.region}:${c.account}:${c.physicalName}`,
  "aws:cloudwatch/metricAlarm:MetricAlarm": (c) =>
    `arn:aws:cloudwatch:${c.region}:${c.account}:alarm:${c.physicalName}`,
  "aws:wafv2/webAcl:WebAcl": (c) =>
    `arn:aws:wafv2:${c.region}:${c.account}:global/webacl/${c.physicalName}/${uuid(digest(c.id))}`,
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": (c) =>
    `arn:aws:firehose:${c.region}:${c.account}:deliverystream/${c.physicalName}`,
  "aws:autoscaling/group:Group": (c) =>
    `arn:aws:autoscaling:${c.region}:${c.account}:autoScalingGroup:${uuid(c.id)}:autoScalingGroupName/${c.physicalName}`,
};

/** Type-specific outputs beyond id, ARN and name: what dependent resources read from them. */
const EXTRA_OUTPUTS: Record<string, (c: ArnContext, inputs: State) => State> = {
  "aws:lb/loadBalancer:LoadBalancer": (c) => ({
    arnSuffix: albSuffix(c),
    dnsName: `${c.physicalName}-${c.id.slice(0, 10)}.${c.region}.elb.amazonaws.com`,
    zoneId: "Z32O12XQLNTSW2",
  }),
  "aws:lb/targetGroup:TargetGroup": (c) => ({ arnSuffix: targetGroupSuffix(c) }),
  "aws:s3/bucket:Bucket": (c) => ({
    bucket: c.physicalName,
    bucketDomainName: `${c.physicalName}.s3.amazonaws.com`,
    bucketRegionalDomainName: `${c.physicalName}.s3.${c.region}.amazonaws.com`,
  }),
  "aws:ec2/launchTemplate:LaunchTemplate": () => ({ latestVersion: 1, defaultVersion: 1 }),
  "aws:acm/certificate:Certificate": (_c, inputs) => ({
    status: "PENDING_VALIDATION",
    domainValidationOptions: [inputs.domainName, ...((inputs.subjectAlternativeNames as string[]) ?? [])].map(
      (domainName) => {
        const token = digest(String(domainName));
        return {
          domainName,
          resourceRecordName: `_${token.slice(0, 32)}.${domainName}.`,
          resourceRecordType: "CNAME",
          resourceRecordValue: `_${token.slice(32, 64)}.acm-validations.aws.`,
        };
      },
    ),
  }),
  "aws:route53/record:Record": (_c, inputs) => ({ fqdn: String(inputs.name).replace(/\.$/, "") }),
  "aws:efs/fileSystem:FileSystem": (c) => ({ dnsName: `${c.id}.efs.${c.region}.amazonaws.com` }),
  "aws:kms/key:Key": (c) => ({ keyId: c.id }),
  // The AMI an Image Builder build distributes to the stack's region.
  "aws:imagebuilder/image:Image": (c) => ({
    outputResources: [
      { amis: [{ image: `ami-${digest(c.id).slice(0, 17)}`, region: c.region, accountId: c.account }] },
    ],
  }),
  "aws:cloudfront/distribution:Distribution": (c) => ({
    domainName: `d${c.id.toLowerCase().slice(1)}.cloudfront.net`,
    hostedZoneId: "Z2FDTNDATAQYW2",
  }),
  "aws:rds/cluster:Cluster": (c) => ({
    clusterIdentifier: c.physicalName,
    endpoint: `${c.physicalName}.cluster-c${digest(c.id).slice(0, 11)}.${c.region}.rds.amazonaws.com`,
    readerEndpoint: `${c.physicalName}.cluster-ro-c${digest(c.id).slice(0, 11)}.${c.region}.rds.amazonaws.com`,
    port: 3306,
    masterUserSecrets: [
      {
        secretArn: `arn:aws:secretsmanager:${c.region}:${c.account}:secret:rds!cluster-${uuid(digest(c.id))}-AbCdEf`,
        secretStatus: "active",
      },
    ],
  }),
  "aws:rds/clusterInstance:ClusterInstance": (c) => ({
    identifier: c.physicalName,
    endpoint: `${c.physicalName}.c${digest(c.id).slice(0, 11)}.${c.region}.rds.amazonaws.com`,
  }),
  "aws:elasticache/replicationGroup:ReplicationGroup": (c, inputs) => ({
    memberClusters: Array.from(
      { length: Number(inputs.numCacheClusters ?? 1) },
      (_, i) => `${c.physicalName}-${String(i + 1).padStart(3, "0")}`,
    ),
    primaryEndpointAddress: `master.${c.physicalName}.${digest(c.id).slice(0, 6)}.${regionCode(c.region)}.cache.amazonaws.com`,
    readerEndpointAddress: `replica.${c.physicalName}.${digest(c.id).slice(0, 6)}.${regionCode(c.region)}.cache.amazonaws.com`,
  }),
  "aws:opensearch/domain:Domain": (c) => ({
    domainName: c.physicalName,
    endpoint: `vpc-${c.physicalName}-${digest(c.physicalName).slice(0, 26)}.${c.region}.es.amazonaws.com`,
  }),
  "aws:ec2/instance:Instance": (c, inputs) => ({
    privateIp: `10.0.${parseInt(c.id.slice(2, 4), 16) % 256}.${(parseInt(c.id.slice(4, 6), 16) % 254) + 1}`,
    ...(inputs.associatePublicIpAddress
      ? { publicIp: `203.0.113.${(parseInt(c.id.slice(6, 8), 16) % 254) + 1}` }
      : {}),
  }),
};

function albSuffix(c: ArnContext): string {
  return `app/${c.physicalName.slice(0, 32)}/${c.id.slice(0, 16)}`;
}

function targetGroupSuffix(c: ArnContext): string {
  return `targetgroup/${c.physicalName.slice(0, 32)}/${c.id.slice(0, 16)}`;
}

/** A UUID-shaped rendering of a hex digest. */
function uuid(hex: string): string {
  const h = hex.padEnd(32, "0");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

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

export interface MockCloudOptions {
  /** `pulumi:disable-default-providers`: packages (or `*`) whose default provider the engine refuses. */
  readonly disabledDefaultProviders?: readonly string[];
}

/** Packages whose resources are the program's own components, never a provider's. */
const NOT_A_PROVIDER_PACKAGE = new Set(["pulumi", "storefront"]);

export class MockCloud implements pulumi.runtime.Mocks {
  /** Providers by the id this mock gave them; resources name their provider as `<urn>::<id>`. */
  private readonly providers = new Map<string, ProviderInfo>();
  /**
   * What the engine, the provider or AWS would refuse, one line each, phrased as the stack key to change.
   * The plan fails with these after the program has run, as `pulumi preview` would.
   */
  readonly rejections: ConfigProblem[] = [];
  /** Region of the first AWS provider the program created: the stack's own. */
  private firstRegion = DEFAULT_REGION;
  /** Azure Resource Manager's stand-in, loaded on the first azure-native registration or invoke. */
  private azureMock?: MockAzure;
  private readonly disabledDefaultProviders: readonly string[];

  constructor(options: MockCloudOptions = {}) {
    this.disabledDefaultProviders = options.disabledDefaultProviders ?? [];
  }

  /**
   * The engine refuses a registration or invoke that would use a disabled default provider: "Default
   * provider for '<package>' disabled. '<type>' must use an explicit provider" (pulumi/pulumi#8829,
   * #13074; remote components such as awsx's VPC included).
   */
  private checkDefaultProvider(token: string, name: string, provider: string | undefined): void {
    const pkg = token.split(":")[0];
    if (provider || NOT_A_PROVIDER_PACKAGE.has(pkg)) return;
    if (!this.disabledDefaultProviders.includes("*") && !this.disabledDefaultProviders.includes(pkg)) return;
    this.rejections.push({
      key: "pulumi:disable-default-providers",
      got: `${token} "${name}" without an explicit provider: default provider for '${pkg}' disabled`,
      expected: `a setting that leaves out "${pkg}", or a kit that gives ${token} an explicit provider`,
    });
  }

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: State } {
    const inputs = args.inputs as State;
    if (args.custom && isAzure(args.type)) return this.azure().newResource(args);
    if (args.type.startsWith("pulumi:providers:")) {
      const id = `${args.name}-${digest(args.type, args.name).slice(0, 8)}`;
      const info = providerInfo(inputs);
      if (this.providers.size === 0 && args.type === "pulumi:providers:aws") this.firstRegion = info.region;
      this.providers.set(id, info);
      return { id, state: { ...inputs } };
    }
    this.checkDefaultProvider(args.type, args.name, args.provider);
    if (!args.custom) {
      return { id: undefined, state: args.type === "awsx:ec2:Vpc" ? this.awsxVpc(args) : {} };
    }

    const hash = digest(args.type, args.name);
    if (!args.type.startsWith("aws:")) return this.otherProvider(args, hash);
    const provider = this.providerOf(args.provider);
    const rule = NAME_RULES[args.type];
    const nameProperty = rule?.property ?? NAME_PROPERTY[args.type] ?? "name";
    const given = inputs[nameProperty];
    const physicalName = typeof given === "string" ? given : `${args.name}-${hash.slice(0, 7)}`;
    if (rule) this.checkName(args, rule, physicalName, typeof given !== "string");
    for (const other of PROPERTY_NAME_RULES[args.type] ?? []) {
      const value = inputs[other.property];
      if (typeof value === "string") this.checkName(args, other, value, false);
    }
    const prefix = ID_PREFIX[args.type];
    const id =
      prefix !== undefined
        ? `${prefix}${hash.slice(0, 17)}`
        : ID_IS_HASH.has(args.type)
          ? hash
          : physicalName;
    const context = { region: provider.region, account: MOCK_ACCOUNT_ID, id, physicalName };
    const arn = (ARN[args.type] ?? genericArn(args.type))(context);

    const state: State = { ...inputs, arn, region: provider.region };
    // Types with prefixed ids have no name attribute, bar a few that have both.
    if (prefix === undefined || HAS_NAME_AND_ID.has(args.type)) state.name = physicalName;
    if (rule && rule.property !== "name") state[rule.property] = physicalName;
    Object.assign(state, EXTRA_OUTPUTS[args.type]?.(context, inputs));
    if (typeof inputs.tags === "object" || Object.keys(provider.defaultTags).length > 0) {
      state.tagsAll = { ...provider.defaultTags, ...((inputs.tags as Record<string, string>) ?? {}) };
    }
    return { id, state };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    if (args.token.startsWith("azure-native:")) return this.azure().call(args);
    this.checkDefaultProvider(args.token, "invoke", args.provider);
    const region = this.providerOf(args.provider).region;
    switch (args.token) {
      case "aws:index/getAvailabilityZones:getAvailabilityZones": {
        // The zones a new account sees in the region (stacks/regions.ts), not a fixed six.
        const names = regions().azNames(region);
        return {
          id: region,
          names,
          zoneIds: names.map((_, i) => `${regionCode(region)}-az${i + 1}`),
          groupNames: names.map(() => region),
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
      case "aws:ec2/getManagedPrefixList:getManagedPrefixList":
        return {
          id: `pl-${digest(String(args.inputs.name), region).slice(0, 17)}`,
          name: args.inputs.name,
          maxEntries: 55,
        };
      case "aws:cloudfront/getCachePolicy:getCachePolicy":
      case "aws:cloudfront/getOriginRequestPolicy:getOriginRequestPolicy":
        return { id: uuid(digest(args.token, String(args.inputs.name))), name: args.inputs.name };
      case "fastly:index/getFastlyIpRanges:getFastlyIpRanges":
        return {
          id: "fastly-ip-ranges",
          cidrBlocks: [
            "23.235.32.0/20",
            "43.249.72.0/22",
            "103.244.50.0/24",
            "151.101.0.0/16",
            "157.52.64.0/18",
          ],
          ipv6CidrBlocks: ["2a04:4e40::/32"],
        };
      case "fastly:index/getTlsConfiguration:getTlsConfiguration":
        return {
          id: "fastly-default-tls",
          default: true,
          name: "HTTP/3 & TLS v1.3",
          dnsRecords: [
            { recordType: "CNAME", recordValue: "t.sni.global.fastly.net", region: "global" },
            { recordType: "A", recordValue: "151.101.2.132", region: "global" },
            { recordType: "A", recordValue: "151.101.66.132", region: "global" },
          ],
        };
      case "aws:elb/getServiceAccount:getServiceAccount":
        return { id: ELB_ACCOUNTS_SAMPLE, arn: `arn:aws:iam::${ELB_ACCOUNTS_SAMPLE}:root` };
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

  /**
   * The engine's autonaming refuses a logical name whose `-<7 random>` suffix overflows the type's maximum
   * (it never truncates), and AWS refuses a name that breaks the type's rules (`name-rules.ts`, each rule
   * citing its source). Every resource name derives from the stack's client and environment.
   */
  private checkName(
    args: pulumi.runtime.MockResourceArgs,
    rule: (typeof NAME_RULES)[string],
    physicalName: string,
    autonamed: boolean,
  ): void {
    const resource = `${args.type} "${args.name}"`;
    const expected = `shorter or plainer client/environment names: ${rule.source} allows at most ${rule.max} characters`;
    if (autonamed && args.name.length + AUTONAME_SUFFIX_LENGTH > rule.max) {
      this.rejections.push({
        key: "client",
        got: `${resource}: name '${args.name}-' plus 7 random chars is longer than maximum length ${rule.max}`,
        expected,
      });
      return;
    }
    const problems = nameProblems(rule, physicalName);
    if (problems.length > 0) {
      this.rejections.push({
        key: "client",
        got: `${resource}: ${rule.property} "${physicalName}" is ${problems.join(", ")}`,
        expected: `${expected}${rule.characters ? ` of ${rule.characters}` : ""}`,
      });
    }
  }

  /** Resources of other providers: random values derived from the name, so they stay deterministic. */
  private otherProvider(args: pulumi.runtime.MockResourceArgs, hash: string): { id: string; state: State } {
    const inputs = args.inputs as State;
    if (args.type === "fastly:index/tlsSubscription:TlsSubscription") {
      const domains = (inputs.domains as string[]) ?? [];
      return {
        id: hash.slice(0, 22),
        state: {
          ...inputs,
          managedDnsChallenges: domains.map((domain) => ({
            recordName: `_acme-challenge.${domain}`,
            recordType: "CNAME",
            recordValue: `${digest(domain).slice(0, 16)}.fastly-validations.com`,
          })),
        },
      };
    }
    if (args.type === "random:index/randomPassword:RandomPassword") {
      const length = typeof inputs.length === "number" ? inputs.length : 16;
      const result = createHash("sha512").update(hash).digest("base64url").slice(0, length);
      return { id: "none", state: { ...inputs, result, bcryptHash: `$2a$10$${hash.slice(0, 53)}` } };
    }
    return { id: hash.slice(0, 20), state: { ...inputs } };
  }

  /** awsx's VPC is one remote component here; return the outputs its real children would produce. */
  private awsxVpc(args: pulumi.runtime.MockResourceArgs): State {
    const inputs = args.inputs as State;
    // A remote component names no provider here; its AWS provider is the stack's, the first one created.
    const region = args.provider ? this.providerOf(args.provider).region : this.firstRegion;
    const available = regions().REGION_AZ_COUNT[region];
    const asked = inputs.numberOfAvailabilityZones;
    if (available !== undefined && typeof asked === "number" && asked > available) {
      // awsx asks EC2 for the region's zones and fails when fewer exist than the VPC asks for.
      this.rejections.push({
        key: "network.azCount",
        got: `${asked} Availability Zones for the VPC "${args.name}"`,
        expected: `at most ${available}: region ${region} has ${regions().azNames(region).join(", ")}`,
      });
    }
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

  /** Loaded on demand, so an AWS plan loads nothing of Azure's. */
  private azure(): MockAzure {
    if (!this.azureMock) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { MockAzure: AzureMock } = require("./mock-azure") as typeof import("./mock-azure");
      this.azureMock = new AzureMock(this.rejections);
    }
    return this.azureMock;
  }

  private providerOf(ref: string | undefined): ProviderInfo {
    const id = ref?.split("::").pop();
    return (id && this.providers.get(id)) || { region: DEFAULT_REGION, defaultTags: {} };
  }
}

/**
 * The AWS regions table, loaded on the first AWS question: it reads the AWS provider's region list, which
 * an Azure plan has no reason to load.
 */
function regions(): typeof import("../stacks/regions") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("../stacks/regions");
}

/** azure-native resources and the azure-native provider go to the Azure stand-in. */
function isAzure(type: string): boolean {
  return type.startsWith("azure-native:") || type === "pulumi:providers:azure-native";
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

/** `arn:aws:<module>:<region>:<account>:<resource-kind>/<id>`, the kind kebab-cased from the type token. */
function genericArn(type: string): (c: ArnContext) => string {
  const [, path = "unknown/unknown"] = type.split(":");
  const [module, resource = "resource"] = path.split("/");
  const kind = resource.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`);
  return (c) => `arn:aws:${module}:${c.region}:${c.account}:${kind}/${c.id}`;
}

/** `eu-west-1` becomes `euw1`, as in AWS's zone ids (`euw1-az1`). */
function regionCode(region: string): string {
  const [area, direction, number] = region.split("-");
  return `${area}${direction?.[0] ?? ""}${number ?? ""}`;
}

function digest(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}
