import { Provider } from "@pulumi/aws/provider";
import { expect } from "chai";
import { checkLogArchiveArgs, LogArchive } from "../../../components/logs/log-archive";
import { MockSession, useMockCloud, valueOf } from "../../mocks";

async function logBucket(
  stack: string,
  region: string,
  retain: boolean,
  name = "acme-logs",
): Promise<MockSession> {
  const mocks = await useMockCloud(stack);
  const provider = new Provider(`${stack}-aws`, { region });
  const logs = new LogArchive(
    name,
    {
      region,
      albLogPrefix: "alb",
      wafLogPrefix: "waf",
      lifecycle: { infrequentAccessDays: 30, glacierDays: 90, expireDays: 400 },
      retain,
    },
    { providers: { aws: provider } },
  );
  await valueOf(logs.bucketName);
  await mocks.settle();
  return mocks;
}

describe("components/logs/log-archive", () => {
  let mocks: MockSession;
  before(async () => (mocks = await logBucket("logs", "eu-west-1", true)));

  it("blocks every kind of public access and disables ACLs", () => {
    expect(mocks.props(mocks.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"))).to.deep.include({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(
      mocks.props(mocks.one("aws:s3/bucketOwnershipControls:BucketOwnershipControls")).rule,
    ).to.deep.equal({
      objectOwnership: "BucketOwnerEnforced",
    });
  });

  it("encrypts (with S3-managed keys, the only kind ALB logs accept) and versions", () => {
    expect(
      mocks.props(
        mocks.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"),
      ).rules,
    ).to.deep.equal([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
    expect(
      mocks.props(mocks.one("aws:s3/bucketVersioning:BucketVersioning")).versioningConfiguration,
    ).to.deep.equal({
      status: "Enabled",
    });
  });

  it("ages logs out: Infrequent Access, Glacier, expiry", () => {
    const [rule] = mocks.props(mocks.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"))
      .rules as Record<string, unknown>[];
    expect(rule.transitions).to.deep.equal([
      { days: 30, storageClass: "STANDARD_IA" },
      { days: 90, storageClass: "GLACIER" },
    ]);
    expect(rule.expiration).to.deep.equal({ days: 400 });
  });

  it("denies plain HTTP and lets load balancers write under their prefix only", () => {
    const policy = JSON.parse(mocks.props(mocks.one("aws:s3/bucketPolicy:BucketPolicy")).policy as string);
    const arn = mocks.props(mocks.one("aws:s3/bucket:Bucket")).arn;
    expect(policy.Statement[0]).to.deep.equal({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [arn, `${arn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    const writers = policy.Statement.slice(1);
    expect(writers.map((s: { Principal: unknown }) => s.Principal)).to.deep.equal([
      { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
      { AWS: "arn:aws:iam::127311923021:root" },
    ]);
    for (const s of writers) expect(s.Resource).to.equal(`${arn}/alb/AWSLogs/111122223333/*`);
  });

  it("keeps the bucket when the stack goes, when asked to", () => {
    const bucket = mocks.one("aws:s3/bucket:Bucket");
    expect(bucket.protect).to.equal(true);
    expect(bucket.inputs.forceDestroy).to.equal(false);
  });

  it("grants only the delivery service in regions opened since December 2021", async () => {
    const jakarta = await logBucket("logs-jakarta", "ap-southeast-3", false);
    const policy = JSON.parse(
      jakarta.props(jakarta.one("aws:s3/bucketPolicy:BucketPolicy")).policy as string,
    );
    expect(policy.Statement.slice(1).map((s: { Principal: unknown }) => s.Principal)).to.deep.equal([
      { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
    ]);
    expect(jakarta.one("aws:s3/bucket:Bucket").inputs.forceDestroy).to.equal(true);
  });
});

describe("components/logs/log-archive analytics", () => {
  let mocks: MockSession;
  before(async () => (mocks = await logBucket("analytics", "eu-west-1", false)));

  it("has day-partitioned tables over the ALB and WAF logs, projected instead of crawled", () => {
    const tables = mocks.ofType("aws:glue/catalogTable:CatalogTable").map((t) => mocks.props(t));
    expect(tables.map((t) => t.name).sort()).to.deep.equal(["alb_logs", "waf_logs"]);
    const bucket = mocks.props(mocks.one("aws:s3/bucket:Bucket")).bucket;
    const alb = tables.find((t) => t.name === "alb_logs")!;
    const parameters = alb.parameters as Record<string, string>;
    expect(parameters["projection.enabled"]).to.equal("true");
    expect(parameters["storage.location.template"]).to.equal(
      `s3://${bucket}/alb/AWSLogs/111122223333/elasticloadbalancing/eu-west-1/\${day}`,
    );
    const serde = (alb.storageDescriptor as { serDeInfo: { serializationLibrary: string } }).serDeInfo;
    expect(serde.serializationLibrary).to.equal("org.apache.hadoop.hive.serde2.RegexSerDe");
    const waf = tables.find((t) => t.name === "waf_logs")!;
    expect((waf.parameters as Record<string, string>)["storage.location.template"]).to.equal(
      `s3://${bucket}/waf/\${day}`,
    );
  });

  it("gives the ALB regex one capture group per column", () => {
    const alb = mocks.props(
      mocks.ofType("aws:glue/catalogTable:CatalogTable").find((t) => t.inputs.name === "alb_logs")!,
    );
    const descriptor = alb.storageDescriptor as {
      columns: unknown[];
      serDeInfo: { parameters: Record<string, string> };
    };
    const groups = descriptor.serDeInfo.parameters["input.regex"].match(/\((?!\?)/g)!.length;
    expect(groups).to.equal(descriptor.columns.length);
  });

  it("runs queries in a workgroup that enforces encrypted results and caps each scan", () => {
    const workgroup = mocks.props(mocks.one("aws:athena/workgroup:Workgroup"));
    const configuration = workgroup.configuration as Record<string, unknown>;
    expect(configuration).to.deep.include({
      enforceWorkgroupConfiguration: true,
      bytesScannedCutoffPerQuery: 10737418240,
    });
    expect(
      (configuration.resultConfiguration as { encryptionConfiguration: unknown }).encryptionConfiguration,
    ).to.deep.equal({
      encryptionOption: "SSE_S3",
    });
    const queries = mocks.ofType("aws:athena/namedQuery:NamedQuery").map((q) => mocks.props(q));
    expect(queries.map((q) => q.name)).to.deep.equal([
      "top-client-ips",
      "5xx-by-path",
      "slowest-paths",
      "waf-blocks-by-rule",
    ]);
    for (const q of queries) expect(q.query).to.contain('"acme_logs".');
  });

  it("names the bucket of a client the schema accepts as xn--shop without S3's reserved prefix", async () => {
    // Amazon S3 User Guide, general purpose bucket naming rules: not starting with xn--.
    const xn = await logBucket("xn", "eu-west-1", false, "xn--shop-prod-logs");
    const bucket = String(xn.props(xn.one("aws:s3/bucket:Bucket")).bucket);
    expect(bucket).to.not.match(/^(xn--|sthree-|amzn-s3-demo-)/);
    expect(bucket).to.match(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/);
  });
});

describe("components/logs/log-archive: checkLogArchiveArgs", () => {
  const args = {
    region: "eu-west-1",
    albLogPrefix: "alb",
    wafLogPrefix: "waf",
    lifecycle: { infrequentAccessDays: 30, glacierDays: 60, expireDays: 61 },
    retain: false,
  };

  it("refuses transitions S3 refuses and expiry before the last transition, at once", () => {
    expect(() => checkLogArchiveArgs(args)).not.to.throw();
    expect(() =>
      checkLogArchiveArgs({
        ...args,
        lifecycle: { infrequentAccessDays: 20, glacierDays: 49, expireDays: 49 },
      }),
    ).to.throw(
      "LogArchive: lifecycle.infrequentAccessDays 20: 30 or more (S3's minimum); lifecycle.glacierDays 49: at " +
        "least infrequentAccessDays + 30 (50); lifecycle.expireDays 49: more than glacierDays (49)",
    );
  });
});
