import { expect } from "chai";
import { NAME_RULES, nameProblems } from "../../../components/shared/name-rules";
import { autonamed, fitName, physicalName } from "../../../components/shared/names";

/** What the AWS provider makes of a logical name: `<logical>-<7 random characters>`. */
const autonamedPhysical = (logical: string) => `${logical}-abc1234`;
const LONGEST = "northwind-outfitters-abc-staging-environment-xyz"; // 24 + 1 + 24 characters

describe("components/shared/names", () => {
  it("leaves names that fit alone, so existing stacks keep their names", () => {
    expect(autonamed("aws:lb/loadBalancer:LoadBalancer", "acme-prod-web-alb")).to.equal("acme-prod-web-alb");
    expect(physicalName("aws:opensearch/domain:Domain", "acme-prod")).to.equal("acme-prod");
  });

  it("keeps autonamed load balancer, target group, cache, database, vault and role names within AWS's limits", () => {
    // Limits from the ELBv2, ElastiCache, RDS, AWS Backup, IAM and EFS API references.
    const limits: [string, string, number][] = [
      ["aws:lb/loadBalancer:LoadBalancer", `${LONGEST}-web-alb`, 32],
      ["aws:lb/targetGroup:TargetGroup", `${LONGEST}-web-tg`, 32],
      ["aws:elasticache/replicationGroup:ReplicationGroup", `${LONGEST}-sessions-rg`, 40],
      ["aws:rds/cluster:Cluster", `${LONGEST}-db-cluster`, 63],
      ["aws:rds/clusterInstance:ClusterInstance", `${LONGEST}-db-reader-3`, 63],
      ["aws:backup/vault:Vault", `${LONGEST}-backups-copy-vault`, 50],
      ["aws:backup/plan:Plan", `${LONGEST}-backups-plan`, 50],
      ["aws:iam/role:Role", `${LONGEST}-network-flow-log-role`, 64],
      ["aws:efs/fileSystem:FileSystem", `${LONGEST}-media-fs`, 64],
    ];
    for (const [type, logical, max] of limits) {
      const physical = autonamedPhysical(autonamed(type, logical));
      expect(physical.length, `${type} ${physical}`).to.be.at.most(max);
      expect(nameProblems(NAME_RULES[type], physical), type).to.deep.equal([]);
    }
  });

  it("keeps two long names that differ only at the end apart", () => {
    const a = autonamed("aws:lb/loadBalancer:LoadBalancer", `${LONGEST}-web-alb`);
    const b = autonamed("aws:lb/loadBalancer:LoadBalancer", `${LONGEST.replace(/z$/, "q")}-web-alb`);
    expect(a).to.not.equal(b);
  });

  it("gives OpenSearch domains of different stacks different names even when both are cut at 28", () => {
    const a = physicalName("aws:opensearch/domain:Domain", "northwind-outfitters-staging");
    const b = physicalName("aws:opensearch/domain:Domain", "northwind-outfitters-staging2");
    const c = physicalName("aws:opensearch/domain:Domain", "northwind-outfitters-stagingx");
    expect(a).to.equal("northwind-outfitters-staging"); // exactly 28: unchanged
    expect(b.length).to.be.at.most(28);
    expect(c.length).to.be.at.most(28);
    expect(new Set([a, b, c]).size).to.equal(3);
    for (const name of [a, b, c]) expect(name).to.match(/^[a-z][a-z0-9-]{2,27}$/);
  });

  it("never gives RDS or ElastiCache identifiers a double or trailing hyphen", () => {
    const cluster = autonamedPhysical(autonamed("aws:rds/cluster:Cluster", "a--b-prod-db-cluster"));
    expect(cluster).to.not.include("--");
    const cut = autonamed(
      "aws:elasticache/replicationGroup:ReplicationGroup",
      `a-${"b".repeat(22)}-c-sessions-rg`,
    );
    expect(cut).to.not.match(/--|-$/);
  });

  it("never starts a load balancer name with internal-", () => {
    const name = autonamed("aws:lb/loadBalancer:LoadBalancer", "internal-prod-web-alb");
    expect(name).to.not.match(/^internal-/);
  });

  it("cuts with a hash rather than silently truncating", () => {
    expect(fitName("abcdefghij", 10)).to.equal("abcdefghij");
    const cut = fitName("abcdefghijk", 10);
    expect(cut).to.have.length.at.most(10);
    expect(cut).to.match(/^abc-[0-9a-f]{6}$/);
  });

  describe("S3 bucket names (Amazon S3 User Guide, general purpose bucket naming rules)", () => {
    // Restated from the guide, not read from the kit's table.
    const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
    const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];
    const s3Problems = (name: string) => [
      ...RESERVED_PREFIXES.filter((p) => name.startsWith(p)),
      ...RESERVED_SUFFIXES.filter((s) => name.endsWith(s)),
      ...(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) ? [] : ["characters or length"]),
      ...(name.includes("..") ? [".."] : []),
    ];

    it("never starts an autonamed bucket with a reserved prefix", () => {
      for (const client of ["xn--shop", "sthree-shop", "sthree-configurator", "amzn-s3-demo-shop"]) {
        const bucket = autonamedPhysical(autonamed("aws:s3/bucket:Bucket", `${client}-prod-logs`));
        expect(s3Problems(bucket), bucket).to.deep.equal([]);
      }
    });

    it("keeps bucket names that already fit unchanged", () => {
      expect(autonamed("aws:s3/bucket:Bucket", "acme-prod-logs")).to.equal("acme-prod-logs");
    });

    it("never ends a bucket name the kit sets itself with a reserved suffix, nor two stacks' names alike", () => {
      const names = ["shop-s3alias", "shop--ol-s3", "shop--x-s3", "shop--table-s3", "xn--shop-prod"].map(
        (n) => physicalName("aws:s3/bucket:Bucket", n),
      );
      for (const name of names) expect(s3Problems(name), name).to.deep.equal([]);
      expect(new Set(names).size).to.equal(names.length);
      expect(physicalName("aws:s3/bucket:Bucket", "shop-prod")).to.equal("shop-prod");
    });

    it("reports every rule a bucket name breaks", () => {
      const rule = NAME_RULES["aws:s3/bucket:Bucket"];
      expect(nameProblems(rule, "xn--shop")).to.have.length(1);
      expect(nameProblems(rule, "shop-s3alias")).to.have.length(1);
      expect(nameProblems(rule, "shop.mrap")).to.have.length(1);
      expect(nameProblems(rule, "a..b")).to.have.length(1);
      expect(nameProblems(rule, "192.168.5.4")).to.have.length(1);
      expect(nameProblems(rule, "acme-prod-logs-abc1234")).to.deep.equal([]);
    });
  });
});
