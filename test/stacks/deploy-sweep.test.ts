import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { main } from "../../cli/plan";
import { NAME_RULES, PROPERTY_NAME_RULES } from "../../components/shared/name-rules";
import { planStack, PlanResult } from "../../runtime/plan-runner";
import { readStackSettings, StackSettings } from "../../runtime/stack-files";
import { ConfigError, formatProblem } from "../../stacks/config-error";
import { runStack } from "../../stacks/program";
import { capture } from "../capture";
import { PROJECT } from "../mocks";
import { cachedStackPlan } from "../plan-cache";

/*
 * A generated sweep of what the schema accepts: the longest and oddest client and environment names,
 * both profiles, both CDNs, both presets, regions with two to six zones. Every combination either plans
 * with every physical name inside AWS's limit, or fails as a configuration error with one line per
 * problem, never with a stack trace. Plans run in-process, as `pulumi preview` would run the program.
 */

const NOW = new Date("2026-12-01T00:00:00Z");

/** AWS's limits, restated from the API references rather than read from the kit's table. */
const LIMITS: Record<string, number> = {
  "aws:lb/loadBalancer:LoadBalancer": 32,
  "aws:lb/targetGroup:TargetGroup": 32,
  "aws:elasticache/replicationGroup:ReplicationGroup": 40,
  "aws:rds/cluster:Cluster": 63,
  "aws:rds/clusterInstance:ClusterInstance": 63,
  "aws:backup/vault:Vault": 50,
  "aws:backup/plan:Plan": 50,
  "aws:backup/selection:Selection": 50,
  "aws:iam/role:Role": 64,
  "aws:efs/fileSystem:FileSystem": 64,
  "aws:opensearch/domain:Domain": 28,
  "aws:s3/bucket:Bucket": 63,
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": 64,
  "aws:rds/cluster:Cluster.finalSnapshotIdentifier": 63,
  "aws:imagebuilder/imagePipeline:ImagePipeline": 128,
};

/** Types whose names AWS refuses with '--' or a trailing '-' (RDS and ElastiCache API references). */
const NO_DOUBLE_HYPHEN = [
  "aws:rds/cluster:Cluster",
  "aws:rds/cluster:Cluster.finalSnapshotIdentifier",
  "aws:rds/clusterInstance:ClusterInstance",
  "aws:rds/clusterParameterGroup:ClusterParameterGroup",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:elasticache/parameterGroup:ParameterGroup",
];

interface Combination {
  readonly client: string;
  readonly environment: string;
  readonly base: "dev" | "prod";
  readonly profile: "wordpress" | "magento";
  readonly edge: "none" | "cloudfront" | "fastly";
  readonly region: string;
}

const NAMES: readonly [string, string][] = [
  ["northwind-outfitters-abc", "stagingenvironmentxyz123"], // 24 + 24: the longest the schema accepts
  ["northwind-outfitters", "prod"], // what `new-client --client northwind-outfitters --env prod` writes
  ["internal", "x9"], // an ALB name may not start with internal-
  ["a--b", "prod"], // a client with '--': RDS and ElastiCache names, parameter groups, the final snapshot
  ["xn--shop", "dev"], // S3 refuses buckets starting with xn-- (also sthree-, amzn-s3-demo-)
  ["amzn-s3-demo-shop", "prod"],
  ["shop-s3alias", "s3alias"], // S3 refuses buckets ending with -s3alias
  ["ab", "qa"], // the shortest
];

/**
 * The longest names in every profile, preset and CDN; each other name once, in a rotation of them, so that
 * the sweep stays bounded (a plan costs a few hundred milliseconds). One plan per other name is enough:
 * each is there for a naming rule of types that every shape registers (the load balancer's internal-, the
 * '--' of Aurora's cluster, instances, parameter groups and final snapshot and of ElastiCache's group, S3's
 * reserved prefixes and suffixes, the shortest name), and the longest name already runs every shape, so a
 * second shape per name planned the same names again under another profile or CDN.
 */
function combinations(): Combination[] {
  const shapes: Omit<Combination, "client" | "environment" | "region">[] = [];
  for (const profile of ["wordpress", "magento"] as const) {
    shapes.push({ profile, base: "dev", edge: "none" });
    for (const edge of ["cloudfront", "fastly"] as const) shapes.push({ profile, base: "prod", edge });
  }
  const regions = ["eu-west-1", "us-east-1", "ap-northeast-1", "eu-central-1", "us-west-2"];
  const all: Combination[] = [];
  let turn = 0;
  NAMES.forEach(([client, environment], i) => {
    // An environment named after a preset is that preset.
    const fitting = shapes.filter(
      (s) => !((environment === "dev" || environment === "prod") && environment !== s.base),
    );
    const chosen = i === 0 ? fitting : [fitting[turn++ % fitting.length]];
    for (const shape of chosen) {
      all.push({ client, environment, ...shape, region: regions[all.length % regions.length] });
    }
  });
  return all;
}

function settings(c: Combination, extra: Record<string, unknown> = {}): StackSettings {
  const values: Record<string, unknown> = {
    client: c.client,
    environment: c.environment,
    ...(c.environment === c.base ? {} : { base: c.base }),
    profile: c.profile,
    region: c.region,
    ...(c.base === "prod"
      ? {
          domain: { name: `shop.${c.client}.example`, hostedZoneId: "Z0SWEEPEXAMPLE" },
          alerts: { emails: ["ops@sweep.example"] },
          edge: c.edge === "fastly" ? { provider: "fastly", fastly: { shieldPop: "frankfurt-de" } } : {},
        }
      : {}),
    ...extra,
  };
  const config = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      `${PROJECT}:${k}`,
      typeof v === "string" ? v : JSON.stringify(v),
    ]),
  );
  const secretKeys: string[] = [];
  if (c.edge === "fastly") {
    config["fastly:apiKey"] = "offline-sweep-token";
    secretKeys.push("fastly:apiKey");
  }
  const stack = `${c.client}-${c.environment}`;
  return { project: PROJECT, projectDir: process.cwd(), stack, file: "(sweep)", config, secretKeys };
}

function physicalNames(plan: PlanResult): { type: string; name: string }[] {
  const own = plan.resources
    .filter((r) => NAME_RULES[r.type])
    .map((r) => ({ type: r.type, name: String(r.props[NAME_RULES[r.type].property]) }));
  const others = plan.resources.flatMap((r) =>
    (PROPERTY_NAME_RULES[r.type] ?? [])
      .filter((rule) => typeof r.props[rule.property] === "string")
      .map((rule) => ({ type: `${r.type}.${rule.property}`, name: String(r.props[rule.property]) })),
  );
  return [...own, ...others];
}

/** A prod stack (three AZs by its preset) in a region with two. */
const PROD_IN_US_WEST_1: Combination = {
  client: "acme",
  environment: "prod",
  base: "prod",
  profile: "wordpress",
  edge: "cloudfront",
  region: "us-west-1",
};

describe("deploy-ready sweep: names, regions, profiles, edges, environments", function () {
  this.timeout(120000);
  const planned: { combination: Combination; names: { type: string; name: string }[] }[] = [];

  before(async () => {
    for (const combination of combinations()) {
      const plan = await planStack(settings(combination), () => runStack(NOW));
      planned.push({ combination, names: physicalNames(plan) });
    }
  });

  it("plans every accepted combination", () => {
    expect(planned).to.have.length(combinations().length);
  });

  it("keeps every physical name within AWS's limit for its type", () => {
    const over: string[] = [];
    for (const { names } of planned) {
      for (const { type, name } of names) {
        const max = LIMITS[type] ?? NAME_RULES[type]?.max ?? Infinity;
        if (name.length > max) over.push(`${type} ${name} (${name.length} > ${max})`);
      }
    }
    expect(over).to.deep.equal([]);
  });

  it("never gives RDS or ElastiCache a '--' name (parameter groups and final snapshot too), a load balancer an internal- name, nor a bucket a name S3 reserves", () => {
    const seen = new Set<string>();
    for (const { names } of planned) {
      for (const { type, name } of names) {
        if (NO_DOUBLE_HYPHEN.includes(type)) {
          seen.add(type);
          expect(name, type).to.not.match(/--|-$/);
        }
        if (type === "aws:lb/loadBalancer:LoadBalancer") expect(name).to.not.match(/^internal-/);
        if (type === "aws:s3/bucket:Bucket") {
          // Amazon S3 User Guide, general purpose bucket naming rules: reserved prefixes and suffixes.
          expect(name).to.not.match(
            /^(xn--|sthree-|amzn-s3-demo-)|(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/,
          );
        }
      }
    }
    expect([...seen].sort()).to.deep.equal([...NO_DOUBLE_HYPHEN].sort());
  });

  it("never gives two stacks the same name for a resource the kit names itself", () => {
    const explicit = [
      "aws:opensearch/domain:Domain",
      "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
      "aws:backup/selection:Selection",
    ];
    for (const type of explicit) {
      const byStack = new Map<string, string>();
      for (const { combination, names } of planned) {
        const stack = `${combination.client}-${combination.environment}-${combination.profile}-${combination.edge}`;
        for (const n of names.filter((x) => x.type === type)) {
          const key = `${combination.region}|${n.name}`;
          const owner = byStack.get(key);
          const client = `${combination.client}/${combination.environment}`;
          if (owner) expect(owner.split("|")[0], `${type} ${n.name}`).to.equal(client);
          byStack.set(key, `${client}|${stack}`);
        }
      }
    }
  });

  it("rejects more AZs than the region has with exit-2 lines naming network.azCount", async () => {
    const c = PROD_IN_US_WEST_1;
    const error = await planStack(settings(c), () => runStack(NOW)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(ConfigError.isInstance(error), String(error)).to.equal(true);
    const lines = (error as ConfigError).problems.map(formatProblem);
    expect(lines).to.deep.equal([
      "network.azCount: got 3; expected at most 2: region us-west-1 has 2 Availability Zones (us-west-1a, us-west-1c)",
    ]);
  });

  it("plans a two-zone prod stack in us-west-1 when the stack asks for two zones", async () => {
    const c = PROD_IN_US_WEST_1;
    const plan = await planStack(settings(c, { network: { azCount: 2 } }), () => runStack(NOW));
    expect(plan.outputs.availabilityZones).to.deep.equal(["us-west-1a", "us-west-1c"]);
  });

  it("gives servers without a NAT gateway endpoints for SSM, KMS, Secrets Manager and CloudWatch Logs", async () => {
    const c: Combination = {
      client: "acme",
      environment: "dev",
      base: "dev",
      profile: "wordpress",
      edge: "none",
      region: "eu-west-1",
    };
    const plan = await planStack(settings(c, { network: { natGateways: "none" } }), () => runStack(NOW));
    const endpoints = plan.registrations.filter(
      (r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.inputs.vpcEndpointType === "Interface",
    );
    expect(endpoints.map((e) => e.inputs.serviceName)).to.have.members(
      ["ssm", "ssmmessages", "ec2messages", "kms", "secretsmanager", "logs"].map(
        (s) => `com.amazonaws.eu-west-1.${s}`,
      ),
    );
    const group = plan.registrations.find(
      (r) => r.type === "aws:ec2/securityGroup:SecurityGroup" && r.name.endsWith("-endpoints"),
    )!;
    const web = plan.registrations.find(
      (r) => r.type === "aws:ec2/securityGroup:SecurityGroup" && r.name.endsWith("-firewall-web"),
    )!;
    for (const e of endpoints) {
      expect(e.inputs.privateDnsEnabled, String(e.inputs.serviceName)).to.equal(true);
      expect(e.propertyDependencies.securityGroupIds).to.deep.equal([group.urn]);
    }
    const ingress = plan.registrations.filter(
      (r) =>
        r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" &&
        r.propertyDependencies.securityGroupId?.includes(group.urn),
    );
    expect(
      ingress.map((r) => [r.inputs.fromPort, r.propertyDependencies.referencedSecurityGroupId]),
    ).to.deep.equal([[443, [web.urn]]]);
    // With a NAT gateway there is no need for them.
    const withNat = await planStack(settings(c), () => runStack(NOW));
    expect(withNat.resources.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint")).to.deep.equal([]);
  });

  it("gives every ACM validation record one owner, shared by the certificates that need it", async () => {
    const plan = await cachedStackPlan("prod");
    const records = plan.resources.filter(
      (r) => r.type === "aws:route53/record:Record" && String(r.props.name).startsWith("_"),
    );
    const names = records.map((r) => String(r.props.name));
    expect(new Set(names).size, names.join(", ")).to.equal(names.length);
    // CloudFront's certificate validates with the record the load balancer's certificate wrote.
    const cdnValidation = plan.registrations.find(
      (r) => r.type === "aws:acm/certificateValidation:CertificateValidation" && r.name.includes("-cdn-"),
    )!;
    const owners = cdnValidation.propertyDependencies.validationRecordFqdns ?? [];
    expect(owners).to.have.length(1);
    expect(plan.registrations.find((r) => r.urn === owners[0])!.name).to.match(/-cert-validation-0$/);
  });

  it("hands the stack file's aws:profile to every AWS provider the stack creates", async () => {
    const settings = readStackSettings(process.cwd(), "prod");
    const plan = await planStack(
      { ...settings, config: { ...settings.config, "aws:profile": "northwind-prod" } },
      () => runStack(NOW),
    );
    const providers = plan.registrations.filter((r) => r.type === "pulumi:providers:aws");
    expect(providers.length).to.be.at.least(3);
    for (const p of providers) expect(p.inputs.profile, p.name).to.equal("northwind-prod");
  });

  it("exits 2 from the plan command with one line per problem and no stack trace", async () => {
    // The command as the process runs it (main(argv) is what runAsProcess calls; test/cli/plan.test.ts
    // runs it as a process of its own too), on a stack file with two problems.
    const dir = mkdtempSync(path.join(tmpdir(), "sweep-"));
    try {
      const file = path.join(dir, "Pulumi.sweep.yaml");
      writeFileSync(
        file,
        [
          "config:",
          "  storefront:client: northwind-outfitters-abc",
          "  storefront:environment: prod",
          "  storefront:profile: magento",
          "  storefront:region: us-west-1",
          "  storefront:budget: { monthlyAmount: 4500, currency: EUR }",
          "  storefront:domain: { name: shop.northwind.example, hostedZoneId: Z0SWEEPEXAMPLE }",
          "  storefront:alerts: { emails: [ops@northwind.example] }",
          "",
        ].join("\n"),
      );
      const out = capture();
      const err = capture();
      const status = await main(["--stack", "sweep", "--config-file", file], {
        stdout: out.stream,
        stderr: err.stream,
        cwd: process.cwd(),
      });
      const stderr = err.text();
      expect(status, stderr).to.equal(2);
      expect(out.text()).to.equal("");
      const lines = stderr.trim().split("\n");
      expect(lines[0]).to.equal('error: invalid configuration for stack "sweep":');
      expect(
        lines
          .slice(1)
          .map((l) => l.trim().split(":")[0])
          .sort(),
      ).to.deep.equal(["budget.currency", "network.azCount"]);
      expect(stderr).not.to.match(/^\s+at /m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
