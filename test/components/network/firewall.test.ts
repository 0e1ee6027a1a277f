import { expect } from "chai";
import { Firewall } from "../../../components/network/firewall";
import { RegisteredResource } from "../../../runtime/recording-monitor";
import { MockSession, useMockCloud, valueOf } from "../../mocks";

/** Each rule as [name suffix, port, source]: the source is a CIDR or the role of the referenced group. */
function rules(mocks: MockSession, type: string): [string, number, string][] {
  const groups = new Map(
    mocks
      .ofType("aws:ec2/securityGroup:SecurityGroup")
      .map((g) => [g.urn, (g.inputs.tags as { tier: string }).tier]),
  );
  const role = (r: RegisteredResource, prop: string) =>
    groups.get(r.propertyDependencies[prop]?.[0] ?? "") ?? "?";
  return mocks
    .ofType(type)
    .map((r) => [
      `${role(r, "securityGroupId")}:${r.name.replace(/^fw-/, "")}`,
      r.inputs.fromPort as number,
      (r.inputs.cidrIpv4 as string) ?? `sg:${role(r, "referencedSecurityGroupId")}`,
    ]);
}

async function firewall(stack: string, bastion?: { sshCidrs: string[] }): Promise<MockSession> {
  const mocks = await useMockCloud(stack);
  const fw = new Firewall("fw", {
    vpcId: "vpc-0123",
    loadBalancerPorts: [443, 80],
    webPort: 80,
    dataTiers: { fileSystem: true, database: true, cache: true, search: true },
    ...(bastion ? { bastion } : {}),
  });
  await valueOf(fw.webSecurityGroupId);
  await mocks.settle();
  return mocks;
}

describe("components/network/firewall", () => {
  it("opens only the load balancer to the internet; every inner flow names its source group", async () => {
    const mocks = await firewall("fw-plain");
    expect(rules(mocks, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).to.have.deep.members([
      ["alb:alb-in-443", 443, "0.0.0.0/0"],
      ["alb:alb-in-80", 80, "0.0.0.0/0"],
      ["web:web-from-alb", 80, "sg:alb"],
      ["efs:efs-from-web", 2049, "sg:web"],
      ["db:db-from-web", 3306, "sg:web"],
      ["cache:cache-from-web", 6379, "sg:web"],
      ["search:search-from-web", 443, "sg:web"],
    ]);
    expect(rules(mocks, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")).to.have.deep.members([
      ["alb:alb-to-web", 80, "sg:web"],
      ["web:web-to-internet", 443, "0.0.0.0/0"],
      ["web:web-to-efs", 2049, "sg:efs"],
      ["web:web-to-db", 3306, "sg:db"],
      ["web:web-to-cache", 6379, "sg:cache"],
      ["web:web-to-search", 443, "sg:search"],
    ]);
  });

  it("describes every group and rule, and keeps rules out of the groups themselves", async () => {
    const mocks = await firewall("fw-described");
    for (const g of mocks.ofType("aws:ec2/securityGroup:SecurityGroup")) {
      expect(g.inputs.description, g.name).to.be.a("string").with.length.greaterThan(10);
      expect(g.inputs).not.to.have.any.keys("ingress", "egress");
    }
    const all = [
      ...mocks.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"),
      ...mocks.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"),
    ];
    for (const r of all) expect(r.inputs.description, r.name).to.be.a("string").with.length.greaterThan(5);
  });

  it("gives an SSM-only bastion no inbound rule and no SSH path, only a way to forward to the database", async () => {
    const mocks = await firewall("fw-ssm", { sshCidrs: [] });
    const ingress = rules(mocks, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    expect(ingress.filter(([name]) => name.startsWith("bastion:") || name.includes("ssh"))).to.deep.equal([]);
    expect(ingress.filter(([, , source]) => source === "sg:bastion")).to.deep.equal([
      ["db:db-from-bastion", 3306, "sg:bastion"],
    ]);
    const egress = rules(mocks, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
    expect(egress.filter(([name]) => name.startsWith("bastion:"))).to.have.deep.members([
      ["bastion:bastion-to-internet", 443, "0.0.0.0/0"],
      ["bastion:bastion-to-db", 3306, "sg:db"],
    ]);
    const bastion = mocks.ofType("aws:ec2/securityGroup:SecurityGroup").find((g) => g.name === "fw-bastion")!;
    expect(bastion.inputs.tags).to.deep.include({ role: "bastion" });
  });

  it("never lets a CIDR into the data tier", async () => {
    const mocks = await firewall("fw-data", { sshCidrs: ["203.0.113.0/24"] });
    const ingress = rules(mocks, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    const dataTier = ingress.filter(([name]) => /^(efs|db|cache|search):/.test(name));
    expect(dataTier).to.have.length(5);
    for (const [name, , source] of dataTier) expect(source, name).to.match(/^sg:(web|bastion)$/);
  });

  it("admits only the CDN's origin-facing prefix list to the load balancer when a CDN fronts it", async () => {
    const mocks = await useMockCloud("fw-cdn");
    const fw = new Firewall("fw", {
      vpcId: "vpc-0123",
      loadBalancerPorts: [443],
      loadBalancerPrefixListId: "pl-cloudfront",
      webPort: 80,
      dataTiers: { fileSystem: true, database: false, cache: false, search: false },
    });
    await valueOf(fw.loadBalancerSecurityGroupId);
    await mocks.settle();
    const albRules = mocks
      .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
      .filter((r) => r.name.startsWith("fw-alb-in"));
    expect(
      albRules.map((r) => [r.name, r.inputs.fromPort, r.inputs.prefixListId, r.inputs.cidrIpv4]),
    ).to.deep.equal([["fw-alb-in-443-cdn", 443, "pl-cloudfront", undefined]]);
  });

  it("lets SSH reach the bastion from the allow-listed networks, and the web servers only from the bastion", async () => {
    const mocks = await firewall("fw-ssh", { sshCidrs: ["203.0.113.0/24", "198.51.100.7/32"] });
    const ingress = rules(mocks, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    expect(ingress.filter(([, port]) => port === 22)).to.have.deep.members([
      ["bastion:bastion-ssh-0", 22, "203.0.113.0/24"],
      ["bastion:bastion-ssh-1", 22, "198.51.100.7/32"],
      ["web:web-from-bastion", 22, "sg:bastion"],
    ]);
  });
});
