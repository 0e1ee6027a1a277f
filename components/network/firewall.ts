import * as ec2 from "@pulumi/aws/ec2";
import * as vpc from "@pulumi/aws/vpc";
import * as pulumi from "@pulumi/pulumi";

/** TCP ports of the flows between tiers. */
export const PORTS = { http: 80, https: 443, ssh: 22, nfs: 2049, mysql: 3306, redis: 6379 } as const;

export interface FirewallArgs {
  readonly vpcId: pulumi.Input<string>;
  /** Ports the load balancer listens on (443 and 80, 80 alone for an HTTP-only dev, 443 alone behind a CDN). */
  readonly loadBalancerPorts: readonly number[];
  /** Behind a CDN: the managed prefix list of its origin-facing addresses, the only source admitted. */
  readonly loadBalancerPrefixListId?: pulumi.Input<string>;
  /** Port the web servers serve the load balancer on. */
  readonly webPort: number;
  /** Which data tiers exist; each gets a group that admits the web servers only. */
  readonly dataTiers: {
    readonly fileSystem: boolean;
    readonly database: boolean;
    readonly cache: boolean;
    readonly search: boolean;
  };
  /** Present when there is a bastion; SSH reaches it only from these networks (none: SSM only). */
  readonly bastion?: { readonly sshCidrs: readonly string[] };
  /** Interface VPC endpoints exist (no NAT): their group admits HTTPS from the servers only. */
  readonly interfaceEndpoints?: boolean;
}

type RuleSource =
  | { readonly cidrIpv4: string }
  | { readonly prefixListId: pulumi.Input<string> }
  | { readonly referencedSecurityGroupId: pulumi.Input<string> };

/**
 * Every security group of the stack and every flow between them, in one place: the tiers' network contract.
 *
 *   internet (or only the CDN's origin-facing addresses) -> ALB -> web -> { file system, database, cache, search }
 *   operators -> bastion (SSH from allow-listed networks, or SSM only) -> web (SSH), database (forwarding)
 *
 * Groups have no inline rules; each flow is its own rule resource, referencing the source group rather
 * than an address range, so nothing in the data tier ever accepts a CIDR. Servers reach the internet only
 * on 443 (package repositories, SSM and other AWS APIs).
 */
export class Firewall extends pulumi.ComponentResource {
  readonly loadBalancerSecurityGroupId: pulumi.Output<string>;
  readonly webSecurityGroupId: pulumi.Output<string>;
  readonly fileSystemSecurityGroupId?: pulumi.Output<string>;
  readonly databaseSecurityGroupId?: pulumi.Output<string>;
  readonly cacheSecurityGroupId?: pulumi.Output<string>;
  readonly searchSecurityGroupId?: pulumi.Output<string>;
  readonly bastionSecurityGroupId?: pulumi.Output<string>;
  readonly endpointsSecurityGroupId?: pulumi.Output<string>;

  private readonly name: string;

  constructor(name: string, args: FirewallArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:network:Firewall", name, {}, opts);
    this.name = name;
    const vpcId = args.vpcId;

    const alb = this.group("alb", vpcId, "Load balancer: HTTPS (and HTTP to redirect) from the internet");
    const web = this.group("web", vpcId, "Web servers: traffic from the load balancer only");

    // The VPC and load balancer are IPv4-only, so no IPv6 rule is needed.
    for (const port of args.loadBalancerPorts) {
      if (args.loadBalancerPrefixListId) {
        const source = { prefixListId: args.loadBalancerPrefixListId };
        this.ingress(`alb-in-${port}-cdn`, alb, port, source, `CDN origin requests on ${port}`);
      } else {
        this.ingress(`alb-in-${port}`, alb, port, { cidrIpv4: "0.0.0.0/0" }, `Shoppers on ${port}`);
      }
    }
    this.egress(
      "alb-to-web",
      alb,
      args.webPort,
      { referencedSecurityGroupId: web.id },
      "Forward to web servers",
    );
    this.ingress(
      "web-from-alb",
      web,
      args.webPort,
      { referencedSecurityGroupId: alb.id },
      "From the load balancer",
    );
    this.egress(
      "web-to-internet",
      web,
      PORTS.https,
      { cidrIpv4: "0.0.0.0/0" },
      "Packages, SSM, AWS APIs (HTTPS)",
    );

    const dataTier = (role: string, port: number, what: string) => {
      const group = this.group(role, vpcId, `${what}: from the web servers only`);
      this.ingress(
        `${role}-from-web`,
        group,
        port,
        { referencedSecurityGroupId: web.id },
        `${what} from web servers`,
      );
      this.egress(
        `web-to-${role}`,
        web,
        port,
        { referencedSecurityGroupId: group.id },
        `${what} from web servers`,
      );
      return group;
    };
    const tiers = args.dataTiers;
    const efs = tiers.fileSystem ? dataTier("efs", PORTS.nfs, "Shared media (NFS)") : undefined;
    const db = tiers.database ? dataTier("db", PORTS.mysql, "Aurora MySQL") : undefined;
    const cache = tiers.cache ? dataTier("cache", PORTS.redis, "Session cache (Redis, TLS)") : undefined;
    const search = tiers.search ? dataTier("search", PORTS.https, "OpenSearch (HTTPS)") : undefined;

    let bastion: ec2.SecurityGroup | undefined;
    if (args.bastion) {
      bastion = this.group("bastion", vpcId, "Bastion: SSH from allow-listed networks, else SSM only", {
        role: "bastion",
      });
      args.bastion.sshCidrs.forEach((cidr, i) => {
        this.ingress(
          `bastion-ssh-${i}`,
          bastion!,
          PORTS.ssh,
          { cidrIpv4: cidr },
          `SSH from operators (${cidr})`,
        );
      });
      this.egress(
        "bastion-to-internet",
        bastion,
        PORTS.https,
        { cidrIpv4: "0.0.0.0/0" },
        "SSM, AWS APIs (HTTPS)",
      );
      if (args.bastion.sshCidrs.length > 0) {
        this.egress(
          "bastion-to-web",
          bastion,
          PORTS.ssh,
          { referencedSecurityGroupId: web.id },
          "SSH to web servers",
        );
        this.ingress(
          "web-from-bastion",
          web,
          PORTS.ssh,
          { referencedSecurityGroupId: bastion.id },
          "SSH from bastion",
        );
      }
      if (db) {
        // Operators reach the database through SSM port forwarding on the bastion, never from outside.
        this.egress(
          "bastion-to-db",
          bastion,
          PORTS.mysql,
          { referencedSecurityGroupId: db.id },
          "Aurora for operators",
        );
        this.ingress(
          "db-from-bastion",
          db,
          PORTS.mysql,
          { referencedSecurityGroupId: bastion.id },
          "Aurora via bastion",
        );
      }
    }

    let endpoints: ec2.SecurityGroup | undefined;
    if (args.interfaceEndpoints) {
      endpoints = this.group("endpoints", vpcId, "AWS API endpoints: HTTPS from the servers only");
      const clients = [["web", web], ...(bastion ? [["bastion", bastion] as const] : [])] as const;
      for (const [role, group] of clients) {
        this.ingress(
          `endpoints-from-${role}`,
          endpoints,
          PORTS.https,
          { referencedSecurityGroupId: group.id },
          `AWS APIs from the ${role} servers`,
        );
      }
    }

    this.loadBalancerSecurityGroupId = alb.id;
    this.webSecurityGroupId = web.id;
    this.fileSystemSecurityGroupId = efs?.id;
    this.databaseSecurityGroupId = db?.id;
    this.cacheSecurityGroupId = cache?.id;
    this.searchSecurityGroupId = search?.id;
    this.bastionSecurityGroupId = bastion?.id;
    this.endpointsSecurityGroupId = endpoints?.id;
    this.registerOutputs({
      loadBalancerSecurityGroupId: this.loadBalancerSecurityGroupId,
      webSecurityGroupId: this.webSecurityGroupId,
      fileSystemSecurityGroupId: this.fileSystemSecurityGroupId,
      databaseSecurityGroupId: this.databaseSecurityGroupId,
      cacheSecurityGroupId: this.cacheSecurityGroupId,
      searchSecurityGroupId: this.searchSecurityGroupId,
      bastionSecurityGroupId: this.bastionSecurityGroupId,
    });
  }

  private group(
    role: string,
    vpcId: pulumi.Input<string>,
    description: string,
    tags: Record<string, string> = {},
  ) {
    return new ec2.SecurityGroup(
      `${this.name}-${role}`,
      { vpcId, description, tags: { Name: `${this.name}-${role}`, tier: role, ...tags } },
      { parent: this },
    );
  }

  private ingress(
    key: string,
    group: ec2.SecurityGroup,
    port: number,
    source: RuleSource,
    description: string,
  ) {
    new vpc.SecurityGroupIngressRule(
      `${this.name}-${key}`,
      { securityGroupId: group.id, ipProtocol: "tcp", fromPort: port, toPort: port, description, ...source },
      { parent: this },
    );
  }

  private egress(
    key: string,
    group: ec2.SecurityGroup,
    port: number,
    target: RuleSource,
    description: string,
  ) {
    new vpc.SecurityGroupEgressRule(
      `${this.name}-${key}`,
      { securityGroupId: group.id, ipProtocol: "tcp", fromPort: port, toPort: port, description, ...target },
      { parent: this },
    );
  }
}
