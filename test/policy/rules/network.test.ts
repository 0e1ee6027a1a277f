import { expect } from "chai";
import {
  add,
  checkResource,
  checkStack,
  patch,
  remove,
  resourceRuleCases,
  rewire,
  stackRuleCases,
  type Node,
} from "../harness";

const SG = "aws:ec2/securityGroup:SecurityGroup";

const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";

const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

const tcp = (port: number, cidr = "0.0.0.0/0") => ({
  protocol: "tcp",
  fromPort: port,
  toPort: port,
  cidrBlocks: [cidr],
});

describe("policy/rules/network", () => {
  resourceRuleCases("sg-no-public-ingress-admin-ports", SG, { ingress: [tcp(443), tcp(22, "10.0.0.0/8")] }, [
    [
      "SSH from 0.0.0.0/0",
      { ingress: [tcp(22)] },
      ["Ingress on port 22 from 0.0.0.0/0 or ::/0 exposes an administration port."],
    ],
    [
      "a range covering RDP",
      { ingress: [{ protocol: "tcp", fromPort: 3000, toPort: 4000, cidrBlocks: ["0.0.0.0/0"] }] },
      ["Ingress on ports 3000-4000 from 0.0.0.0/0 or ::/0 exposes an administration port."],
    ],
    [
      "nothing for all traffic from ::/0 (sg-no-public-ingress-all-ports' finding)",
      { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }] },
      [],
    ],
  ]);
  resourceRuleCases(
    "sg-no-public-ingress-admin-ports",
    INGRESS,
    { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" },
    [
      [
        "an aws:vpc rule for SSH",
        { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" },
        ["Ingress on port 22 from 0.0.0.0/0 or ::/0 exposes an administration port."],
      ],
    ],
  );
  resourceRuleCases(
    "sg-no-public-ingress-admin-ports",
    SG_RULE,
    { type: "egress", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] },
    [
      [
        "an aws:ec2 ingress rule for SSH",
        { type: "ingress", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] },
        ["Ingress on port 22 from 0.0.0.0/0 or ::/0 exposes an administration port."],
      ],
    ],
  );

  resourceRuleCases(
    "sg-no-public-ingress-all-ports",
    INGRESS,
    { ipProtocol: "-1", referencedSecurityGroupId: "sg-web" },
    [
      [
        "all traffic from the internet",
        { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" },
        ["Ingress of all traffic from the whole internet."],
      ],
      [
        "every TCP port from the internet",
        { ipProtocol: "tcp", fromPort: 0, toPort: 65535, cidrIpv6: "::/0" },
        ["Ingress of ports 0-65535 from the whole internet."],
      ],
    ],
  );

  resourceRuleCases(
    "sg-no-public-ingress-data-ports",
    SG,
    { ingress: [tcp(443), tcp(3306, "10.0.0.0/16")] },
    [
      [
        "MySQL from the internet",
        { ingress: [tcp(3306)] },
        ["Ingress from the whole internet reaches data port(s) 3306."],
      ],
      [
        "a range over Redis and NFS",
        { ingress: [{ protocol: "tcp", fromPort: 2000, toPort: 3300, cidrBlocks: ["0.0.0.0/0"] }] },
        ["Ingress from the whole internet reaches data port(s) 2049."],
      ],
      [
        "nothing for a range that also reaches RDP (sg-no-public-ingress-admin-ports' finding)",
        { ingress: [{ protocol: "tcp", fromPort: 2000, toPort: 7000, cidrBlocks: ["0.0.0.0/0"] }] },
        [],
      ],
    ],
  );

  resourceRuleCases(
    "subnet-no-auto-public-ip",
    "aws:ec2/subnet:Subnet",
    { mapPublicIpOnLaunch: false, tags: { tier: "private" } },
    [
      [
        "a private subnet that assigns public addresses",
        { mapPublicIpOnLaunch: true, tags: { tier: "private" } },
        ["A subnet not tagged tier=public assigns public addresses on launch."],
      ],
    ],
  );
  it("subnet-no-auto-public-ip exempts subnets tagged tier=public", () => {
    expect(
      checkResource("subnet-no-auto-public-ip", "aws:ec2/subnet:Subnet", {
        mapPublicIpOnLaunch: true,
        tags: { tier: "public" },
      }),
    ).to.deep.equal([]);
  });

  describe("sg-public-ingress-only-web-ports", () => {
    const lb = {
      type: "aws:lb/loadBalancer:LoadBalancer",
      name: "alb",
      props: { internal: false },
      deps: { securityGroups: ["alb-sg"] },
    };
    const groups = [
      { type: SG, name: "alb-sg" },
      { type: SG, name: "web-sg" },
    ];
    it("passes 443 from the internet on an internet-facing load balancer's group", () => {
      expect(
        checkStack("sg-public-ingress-only-web-ports", [
          ...groups,
          lb,
          {
            type: INGRESS,
            name: "r",
            props: { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" },
            deps: { securityGroupId: ["alb-sg"] },
          },
        ]),
      ).to.deep.equal([]);
    });
    it("flags a non-web port from the internet", () => {
      expect(
        checkStack("sg-public-ingress-only-web-ports", [
          ...groups,
          lb,
          {
            type: INGRESS,
            name: "r",
            props: { ipProtocol: "tcp", fromPort: 8080, toPort: 8080, cidrIpv4: "0.0.0.0/0" },
            deps: { securityGroupId: ["alb-sg"] },
          },
        ]),
      ).to.deep.equal(["r: Ingress from the whole internet on port 8080; only 80/443 are allowed."]);
    });
    it("flags web ports from the internet on a group no load balancer uses", () => {
      expect(
        checkStack("sg-public-ingress-only-web-ports", [
          ...groups,
          lb,
          {
            type: INGRESS,
            name: "r",
            props: { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" },
            deps: { securityGroupId: ["web-sg"] },
          },
        ]),
      ).to.deep.equal([
        "r: Ingress from the whole internet on a group no internet-facing load balancer uses.",
      ]);
    });
  });

  describe("default-sg-restrict-all", () => {
    const vpc = { type: "aws:ec2/vpc:Vpc", name: "vpc" };
    it("passes a VPC whose default group is adopted and empty", () => {
      expect(
        checkStack("default-sg-restrict-all", [
          vpc,
          {
            type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
            name: "dsg",
            props: { ingress: [], egress: [] },
            deps: { vpcId: ["vpc"] },
          },
        ]),
      ).to.deep.equal([]);
    });
    it("flags a VPC whose default group is not managed", () => {
      expect(checkStack("default-sg-restrict-all", [vpc])).to.deep.equal([
        "vpc: The VPC's default security group is not managed, so it keeps AWS's allow-all rules.",
      ]);
    });
    it("flags a managed default group that keeps rules", () => {
      expect(
        checkStack("default-sg-restrict-all", [
          vpc,
          {
            type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
            name: "dsg",
            props: { ingress: [{ protocol: "-1" }], egress: [] },
            deps: { vpcId: ["vpc"] },
          },
        ]),
      ).to.deep.equal(["dsg: The VPC's default security group still has rules."]);
    });
    it("takes an awsx VPC's dependency on the component as a dependency on its VPC", () => {
      const nodes = [
        { type: "awsx:ec2:Vpc", name: "net" },
        { type: "aws:ec2/vpc:Vpc", name: "net-vpc", parent: "net" },
        {
          type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
          name: "dsg",
          props: { ingress: [], egress: [] },
          deps: { vpcId: ["net"] },
        },
      ];
      expect(checkStack("default-sg-restrict-all", nodes)).to.deep.equal([]);
      expect(checkStack("default-sg-restrict-all", nodes.slice(0, 2))).to.deep.equal([
        "net-vpc: The VPC's default security group is not managed, so it keeps AWS's allow-all rules.",
      ]);
    });
  });

  stackRuleCases(
    "vpc-flow-logs-enabled",
    [
      { type: "aws:ec2/vpc:Vpc", name: "vpc" },
      { type: "awsx:ec2:Vpc", name: "net" },
      {
        type: "aws:ec2/flowLog:FlowLog",
        name: "fl",
        props: { trafficType: "ALL", logDestination: "arn:aws:logs:x" },
        deps: { vpcId: ["vpc"] },
      },
      {
        type: "aws:ec2/flowLog:FlowLog",
        name: "net-fl",
        props: { trafficType: "REJECT", logGroupName: "flows" },
        deps: { vpcId: ["net"] },
      },
    ],
    [
      ["a VPC without a flow log", remove("fl"), ["vpc: The VPC has no flow log with a destination."]],
      [
        "a flow log of accepted traffic only",
        patch("fl", { trafficType: "ACCEPT" }),
        ["vpc: The VPC has no flow log with a destination."],
      ],
      [
        "a flow log without a destination",
        patch("net-fl", { logGroupName: undefined }),
        ["net: The VPC has no flow log with a destination."],
      ],
      [
        "a flow log of another VPC",
        rewire("fl", "vpcId", ["net"]),
        ["vpc: The VPC has no flow log with a destination."],
      ],
    ],
  );

  const entry = (ruleNo: number, action: string, port: number, cidrBlock = "0.0.0.0/0") => ({
    ruleNo,
    action,
    protocol: "tcp",
    fromPort: port,
    toPort: port,
    cidrBlock,
  });
  const NACL = "aws:ec2/networkAcl:NetworkAcl";
  const NACL_RULE = "aws:ec2/networkAclRule:NetworkAclRule";
  const OPEN = "An allow entry admits SSH or RDP from the whole internet.";
  /** A NetworkAclRule's properties for a NACL entry. */
  const standalone = ({ action, ruleNo, ...rest }: Record<string, unknown>) => ({
    egress: false,
    ruleAction: action,
    ruleNumber: ruleNo,
    ...rest,
  });
  /** A standalone entry of the NACL named `acl` (through an output), ingress unless said otherwise. */
  const ruleOf = (name: string, acl: string, e: Record<string, unknown>) => {
    const { action, ruleNo, ...rest } = e;
    return {
      type: NACL_RULE,
      name,
      props: { egress: false, ruleAction: action, ruleNumber: ruleNo, ...rest },
      deps: { networkAclId: [acl] },
    };
  };
  stackRuleCases(
    "nacl-no-public-ingress-admin-ports",
    [
      {
        type: NACL,
        name: "acl",
        props: {
          id: "acl-0123",
          ingress: [
            entry(100, "deny", 22),
            entry(110, "allow", 22),
            entry(120, "allow", 22, "10.0.0.0/8"),
            entry(130, "allow", 443),
          ],
        },
      },
      ruleOf("deny-rdp", "acl", entry(90, "deny", 3389)),
      ruleOf("allow-rdp", "acl", entry(200, "allow", 3389)),
      ruleOf("rdp-out", "acl", { ...entry(10, "allow", 3389), egress: true }),
    ],
    [
      [
        "an inline allow before the deny (rule order decides)",
        patch("acl", { ingress: [entry(90, "allow", 22), entry(100, "deny", 22)] }),
        [`acl: ${OPEN}`],
      ],
      [
        "an inline all-traffic allow",
        patch("acl", {
          ingress: [
            { ruleNo: 10, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" },
          ],
        }),
        [`acl: ${OPEN}`],
      ],
      ["a rule resource's allow once its deny is gone", remove("deny-rdp"), [`allow-rdp: ${OPEN}`]],
      [
        "a rule resource's allow before the inline deny",
        add(ruleOf("early-ssh", "acl", entry(50, "allow", 22))),
        [`early-ssh: ${OPEN}`],
      ],
      [
        "an allow of the NACL named by its literal id, not through an output",
        add({
          type: NACL_RULE,
          name: "literal-ssh",
          props: { networkAclId: "acl-0123", ...standalone(entry(60, "allow", 22)) },
        }),
        [`literal-ssh: ${OPEN}`],
      ],
      [
        "an IPv6 allow that the IPv4 deny does not close",
        add(
          ruleOf("v6-ssh", "acl", {
            ruleNo: 105,
            action: "allow",
            protocol: "tcp",
            fromPort: 22,
            toPort: 22,
            ipv6CidrBlock: "::/0",
          }),
        ),
        [`v6-ssh: ${OPEN}`],
      ],
      [
        "a lone rule resource whose NACL is not in the stack",
        add({
          type: NACL_RULE,
          name: "foreign",
          props: {
            networkAclId: "acl-elsewhere",
            ...standalone(entry(1, "allow", 3389)),
          },
        }),
        [`foreign: ${OPEN}`],
      ],
      ["nothing for a deny entry alone", patch("acl", { ingress: [entry(100, "deny", 3389)] }), []],
    ],
  );

  it("nacl-no-public-ingress-admin-ports sees a default NACL's rule resources by its literal id", () => {
    const DEFAULT_NACL = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl";
    const nodes = [
      {
        type: DEFAULT_NACL,
        name: "default",
        props: { defaultNetworkAclId: "acl-default", ingress: [entry(100, "deny", 22)] },
      },
      {
        type: NACL_RULE,
        name: "late-ssh",
        props: {
          networkAclId: "acl-default",
          ...standalone(entry(200, "allow", 22)),
        },
      },
    ];
    expect(checkStack("nacl-no-public-ingress-admin-ports", nodes)).to.deep.equal([]);
    expect(
      checkStack("nacl-no-public-ingress-admin-ports", [
        { ...nodes[0], props: { defaultNetworkAclId: "acl-default" } },
        nodes[1],
      ]),
    ).to.deep.equal([`late-ssh: ${OPEN}`]);
  });

  const DSG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
  stackRuleCases(
    "default-sg-restrict-all",
    [
      { type: "aws:ec2/vpc:Vpc", name: "vpc", props: { id: "vpc-0abc" } },
      // Adopted by the VPC's literal id, without a dependency edge.
      { type: DSG, name: "dsg", props: { vpcId: "vpc-0abc", id: "sg-0def", ingress: [], egress: [] } },
    ],
    [
      [
        "a default group no one adopts",
        remove("dsg"),
        ["vpc: The VPC's default security group is not managed, so it keeps AWS's allow-all rules."],
      ],
      [
        "a default group opened by a rule resource naming its id",
        add({
          type: INGRESS,
          name: "open",
          props: { securityGroupId: "sg-0def", ipProtocol: "-1", cidrIpv4: "10.0.0.0/8" },
        }),
        ["dsg: The VPC's default security group still has rules."],
      ],
      [
        "a default group opened by a rule resource depending on it",
        add({
          type: SG_RULE,
          name: "open",
          props: { type: "ingress", protocol: "-1" },
          deps: { securityGroupId: ["dsg"] },
        }),
        ["dsg: The VPC's default security group still has rules."],
      ],
    ],
  );

  resourceRuleCases(
    "sg-rule-descriptions",
    SG,
    {
      description: "Web servers",
      ingress: [{ ...tcp(443, "10.0.0.0/16"), description: "HTTPS from the ALB" }],
    },
    [
      [
        "the provider's default description",
        { description: "Managed by Pulumi", ingress: [] },
        ["The group has no description of its own."],
      ],
      [
        "an inline rule without one",
        { description: "Web servers", ingress: [tcp(443, "10.0.0.0/16")] },
        ["1 inline rule(s) have no description."],
      ],
    ],
  );
  resourceRuleCases(
    "sg-rule-descriptions",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    {
      description: "HTTPS to the internet",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    },
    [
      [
        "an egress rule without one",
        { ipProtocol: "tcp", fromPort: 443, toPort: 443 },
        ["The rule has no description."],
      ],
    ],
  );
  it("no-default-vpc flags any adopted default VPC", () => {
    expect(checkResource("no-default-vpc", "aws:ec2/defaultVpc:DefaultVpc", {})).to.deep.equal([
      "The stack manages the default VPC: workloads in it get public subnets by default.",
    ]);
  });

  const PREFIX_LIST = "aws:ec2/managedPrefixList:ManagedPrefixList";
  resourceRuleCases(
    "prefix-list-no-world",
    PREFIX_LIST,
    { entries: [{ cidr: "151.101.0.0/16" }, { cidr: "2a04:4e40::/32" }] },
    [
      [
        "a world entry",
        { entries: [{ cidr: "151.101.0.0/16" }, { cidr: "0.0.0.0/0" }] },
        ["Entries wider than a named network: 0.0.0.0/0."],
      ],
      ["an IPv6 world entry", { entries: [{ cidr: "::/0" }] }, ["Entries wider than a named network: ::/0."]],
    ],
  );

  stackRuleCases(
    "sg-no-inline-and-standalone-rules",
    [
      { type: SG, name: "inline", props: { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443 }] } },
      { type: SG, name: "separate", props: {} },
      {
        type: INGRESS,
        name: "separate-https",
        props: { ipProtocol: "tcp", fromPort: 443, toPort: 443 },
        deps: { securityGroupId: ["separate"] },
      },
    ],
    [
      [
        "a rule resource on a group with inline rules",
        rewire("separate-https", "securityGroupId", ["inline"]),
        ["inline: The group has inline rules and separate rule resources."],
      ],
    ],
  );

  const NACL_TYPE = "aws:ec2/networkAcl:NetworkAcl";
  const ASSOCIATION = "aws:ec2/networkAclAssociation:NetworkAclAssociation";
  stackRuleCases(
    "nacl-associated",
    [
      { type: NACL_TYPE, name: "inline", props: { subnetIds: ["subnet-1"] } },
      { type: NACL_TYPE, name: "separate", props: {} },
      {
        type: ASSOCIATION,
        name: "assoc",
        props: { subnetId: "subnet-2" },
        deps: { networkAclId: ["separate"] },
      },
    ],
    [["a NACL nothing uses", remove("assoc"), ["separate: The network ACL is associated with no subnet."]]],
  );

  describe("sg-no-public-http-80", () => {
    const LB = "aws:lb/loadBalancer:LoadBalancer";
    const LISTENER = "aws:lb/listener:Listener";
    const http = { ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv4: "0.0.0.0/0", description: "HTTP" };
    const graphWith = (listenerPort: number): Node[] => [
      { type: SG, name: "alb-sg", props: { id: "sg-alb", description: "load balancer" } },
      { type: INGRESS, name: "alb-http", props: http, deps: { securityGroupId: ["alb-sg"] } },
      { type: LB, name: "alb", props: { internal: false, securityGroups: ["sg-alb"] } },
      {
        type: LISTENER,
        name: "listener",
        props: { port: listenerPort, protocol: "HTTPS" },
        deps: { loadBalancerArn: ["alb"] },
      },
    ];
    it("passes port 80 open where a port-80 listener redirects", () => {
      expect(checkStack("sg-no-public-http-80", graphWith(80))).to.deep.equal([]);
    });
    it("flags port 80 open on a load balancer that listens on 443 only (its group named by literal id)", () => {
      expect(checkStack("sg-no-public-http-80", graphWith(443))).to.deep.equal([
        "alb-http: Port 80 is open to the internet, but no listener of the load balancer uses it.",
      ]);
    });
    it("leaves port 80 on a group no load balancer uses to sg-public-ingress-only-web-ports", () => {
      expect(checkStack("sg-no-public-http-80", graphWith(443).slice(0, 2))).to.deep.equal([]);
    });
  });

  resourceRuleCases(
    "ebs-encryption-by-default",
    "aws:ebs/encryptionByDefault:EncryptionByDefault",
    { enabled: true },
    [
      [
        "the setting turned off",
        { enabled: false },
        ["EBS encryption by default is turned off for the account and region."],
      ],
    ],
  );
});
