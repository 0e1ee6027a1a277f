import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { readStackSettings } from "../../runtime/stack-files";
import { readStackConfig } from "../../stacks/config-source";
import { ConfigError } from "../../stacks/config-error";
import { loadStackConfig } from "../../stacks/load-config";
import { stackConfigSchema } from "../../stacks/schema";
import { useMockCloud } from "../mocks";
import { DEV, PROD, problems, source } from "./config-fixtures";

const VALID = DEV;
const ROOT_KEYS = Object.keys(stackConfigSchema.shape).join(", ");

describe("stacks/load-config", () => {
  describe("presets", () => {
    it("gives dev two AZs, one NAT gateway and two weeks of flow logs", () => {
      const c = loadStackConfig(source(VALID));
      expect(c.base).to.equal("dev");
      expect(c.network).to.deep.equal({
        cidr: "10.0.0.0/16",
        azCount: 2,
        natGateways: "single",
        flowLogs: { trafficType: "ALL", retentionDays: 14 },
      });
    });

    it("gives prod three AZs, a NAT gateway per AZ and a year of flow logs", () => {
      const c = loadStackConfig(source(PROD));
      expect(c.base).to.equal("prod");
      expect(c.network.azCount).to.equal(3);
      expect(c.network.natGateways).to.equal("one-per-az");
      expect(c.network.flowLogs.retentionDays).to.equal(365);
    });

    it("lets another environment name build on the preset it names", () => {
      const c = loadStackConfig(source({ ...PROD, environment: "pre-prod", base: "prod" }));
      expect(c.environment).to.equal("pre-prod");
      expect(c.base).to.equal("prod");
      expect(c.network.natGateways).to.equal("one-per-az");
    });

    it("keeps what the stack file states over the preset, key by key", () => {
      const c = loadStackConfig(
        source({ ...VALID, network: { cidr: "10.8.0.0/18", flowLogs: { trafficType: "REJECT" } } }),
      );
      expect(c.network.cidr).to.equal("10.8.0.0/18");
      expect(c.network.flowLogs).to.deep.equal({ trafficType: "REJECT", retentionDays: 14 });
      expect(c.network.azCount).to.equal(2);
    });

    it("takes the AZ count from an explicit zone list", () => {
      const zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
      const c = loadStackConfig(source({ ...VALID, network: { availabilityZones: zones } }));
      expect(c.network.azCount).to.equal(3);
      expect(c.network.availabilityZones).to.deep.equal(zones);
    });
  });

  describe("the example stack files", () => {
    for (const stack of ["dev", "prod"]) {
      it(`accepts Pulumi.${stack}.yaml as read through the Pulumi runtime`, async () => {
        await useMockCloud(stack);
        const settings = readStackSettings(process.cwd(), stack);
        pulumi.runtime.setAllConfig(settings.config, settings.secretKeys);
        const c = loadStackConfig(readStackConfig());
        expect(c.stack).to.equal(stack);
        expect(c.environment).to.equal(stack);
        expect(c.client).to.equal("northwind");
      });
    }
  });

  describe("invalid input", () => {
    it("reports a wrong type with the key, the value and what is accepted", () => {
      expect(problems({ ...VALID, network: { azCount: "three" } })).to.deep.equal([
        'network.azCount: got "three"; expected a whole number from 2 to 6',
      ]);
    });

    it("reports an out-of-range count", () => {
      expect(problems({ ...VALID, network: { azCount: 7 } })).to.deep.equal([
        "network.azCount: got 7; expected a whole number from 2 to 6",
      ]);
      expect(problems({ ...VALID, network: { azCount: 2.5 } })).to.have.length(1);
    });

    it("reports an unknown region and names the closest one", () => {
      expect(problems({ ...VALID, region: "eu-west-9" })).to.deep.equal([
        'region: got "eu-west-9"; expected an AWS region of the commercial partition (34 accepted, e.g. ' +
          "eu-west-1, us-east-1); closest: eu-west-1",
      ]);
    });

    it("rejects regions of other partitions", () => {
      expect(problems({ ...VALID, region: "us-gov-west-1" })).to.have.length(1);
      expect(problems({ ...VALID, region: "cn-north-1" })).to.have.length(1);
    });

    const badCidrs: [string, string][] = [
      ["10.0.0.0/33", "is not an IPv4 CIDR block"],
      ["10.0.0/16", "is not an IPv4 CIDR block"],
      ["10.0.0.1/16", "has host bits set (the network address is 10.0.0.0/16)"],
      ["8.8.0.0/16", "is not in a private (RFC 1918) range"],
    ];
    for (const [cidr, reason] of badCidrs) {
      it(`rejects the CIDR ${cidr}: it ${reason}`, () => {
        expect(problems({ ...VALID, network: { cidr } })).to.deep.equal([
          `network.cidr: got "${cidr}"; expected a private IPv4 network address with a /16 to /24 prefix, ` +
            `such as 10.20.0.0/16 (the value ${reason})`,
        ]);
      });
    }

    it("rejects a VPC block too large for AWS", () => {
      expect(problems({ ...VALID, network: { cidr: "10.0.0.0/8" } })[0]).to.match(/AWS allows \/16 to \/28/);
    });

    it("rejects a VPC block too small for the AZ count", () => {
      expect(problems({ ...VALID, network: { cidr: "10.0.0.0/22", azCount: 3 } })).to.deep.equal([
        'network.cidr: got "10.0.0.0/22"; expected a /21 or larger block for 3 AZs ' +
          "(each AZ's public subnet must be /27 or larger for the load balancer)",
      ]);
      expect(problems({ ...VALID, network: { cidr: "10.0.0.0/22", azCount: 2 } })).to.deep.equal([]);
    });

    it("reports a misspelt key with the closest valid key", () => {
      expect(problems({ ...VALID, netwrok: {} })).to.deep.equal([
        `netwrok: got an unknown key; expected "network" (did you mean it? valid keys here: ${ROOT_KEYS})`,
      ]);
    });

    it("reports a misspelt nested key, whatever its case", () => {
      expect(problems({ ...VALID, network: { azcount: 3 } })).to.deep.equal([
        'network.azcount: got an unknown key; expected "azCount" (did you mean it? valid keys here: cidr, ' +
          "azCount, availabilityZones, natGateways, flowLogs)",
      ]);
    });

    it("lists the valid keys without a guess when nothing is close", () => {
      expect(problems({ ...VALID, monitoring: {} })).to.deep.equal([
        `monitoring: got an unknown key; expected valid keys here: ${ROOT_KEYS}`,
      ]);
    });

    it("reports a missing required key", () => {
      const { client: _omit, ...rest } = VALID;
      expect(problems(rest)).to.deep.equal([
        "client: got nothing (the key is required); expected 2-24 characters: lowercase letters, digits " +
          "and '-', starting with a letter",
      ]);
    });

    it("asks an environment that is neither dev nor prod for its base", () => {
      expect(problems({ ...VALID, environment: "stage" })).to.deep.equal([
        'base: got nothing; expected "dev" or "prod": environment "stage" must name the preset it builds on',
      ]);
    });

    it("rejects a base that contradicts the environment's name", () => {
      expect(problems({ ...PROD, base: "dev" })).to.deep.equal([
        'base: got "dev"; expected "prod" or nothing: environment "prod" is its own base',
      ]);
    });

    it("keeps prod on a NAT gateway per AZ", () => {
      expect(problems({ ...PROD, network: { natGateways: "single" } })).to.deep.equal([
        'network.natGateways: got "single"; expected "one-per-az" in a prod environment (one NAT gateway ' +
          "per AZ keeps egress alive when an AZ fails)",
      ]);
      expect(problems({ ...VALID, network: { natGateways: "none" } })).to.deep.equal([]);
    });

    it("checks zone lists against the region, the AZ count and each other", () => {
      expect(
        problems({ ...VALID, network: { availabilityZones: ["eu-west-1a", "us-east-1b", "eu-west-1a"] } }),
      ).to.deep.equal([
        'network.availabilityZones: got ["us-east-1b"]; expected zones of region eu-west-1, such as eu-west-1a',
        'network.availabilityZones: got ["eu-west-1a","us-east-1b","eu-west-1a"]; expected distinct zones',
      ]);
      expect(
        problems({ ...VALID, network: { azCount: 3, availabilityZones: ["eu-west-1a", "eu-west-1b"] } }),
      ).to.deep.equal([
        "network.availabilityZones: got 2 zone(s); expected 3 zones, as network.azCount says (or leave " +
          "azCount out)",
      ]);
    });

    it("rejects tag keys in the reserved aws: namespace", () => {
      expect(problems({ ...VALID, tags: { "aws:owner": "x" } })[0]).to.match(/^tags\.aws:owner: /);
    });

    it("reports every problem at once, cross-field rules included", () => {
      const lines = problems({
        client: "Acme",
        environment: "prod",
        profile: "drupal",
        region: "mars-1",
        netwrok: {},
        network: { cidr: "10.0.0.0/23", natGateways: "single", flowLogs: { retentionDays: 13 } },
      });
      // prod without a domain is a cross-field problem too.
      expect(lines.map((l) => l.split(":")[0])).to.have.members([
        "client",
        "profile",
        "region",
        "netwrok",
        "network.flowLogs.retentionDays",
        "network.natGateways",
        "network.cidr",
        "domain",
        "alerts.emails",
      ]);
    });

    it("never prints the value of a secret key", () => {
      const lines = problems({ ...VALID, tags: { "aws:x": "hunter2" } }, ["tags"]);
      expect(lines).to.have.length(2);
      for (const line of lines) expect(line).to.contain("[secret]").and.not.contain("hunter2");
    });

    it("throws a ConfigError that Pulumi prints without a stack trace", () => {
      const attempt = () => loadStackConfig(source({ ...VALID, profile: "drupal" }));
      expect(attempt).to.throw(ConfigError);
      try {
        attempt();
      } catch (e) {
        expect(pulumi.RunError.isInstance(e)).to.equal(true);
        expect((e as ConfigError).message).to.contain(
          'profile: got "drupal"; expected one of: wordpress, magento',
        );
      }
    });
  });
});

describe("stacks/schema: values AWS rejects", () => {
  it("holds tags to the RDS and EFS character rules: no control characters or bidi marks", () => {
    expect(problems({ ...DEV, tags: { team: "shop\u0007" } })).to.have.length(1);
    expect(problems({ ...DEV, tags: { team: "shop\u202Eevil" } })).to.have.length(1);
    expect(problems({ ...DEV, tags: { "cost centre": "Zürich/42 + ops@acme" } })).to.deep.equal([]);
    const [line] = problems({ ...DEV, tags: { "team!": "x" } });
    expect(line).to.match(/^tags\.team!: got "team!"; expected a tag key of 1 to 128 letters, digits/);
    expect(problems({ ...DEV, tags: { "rds:owner": "x" } })).to.have.length(1);
  });

  it("accepts only assigned ISO 3166-1 country codes for geo restriction", () => {
    const geo = (countries: string[]) =>
      problems({ ...PROD, edge: { geoRestriction: { mode: "deny", countries } } });
    expect(geo(["XX"])).to.have.length(1);
    expect(geo(["UK"])).to.have.length(1);
    expect(geo(["GB", "DE"])).to.deep.equal([]);
  });

  it("says what a YAML .nan was, not null", () => {
    expect(problems({ ...DEV, web: { minSize: NaN } })[0]).to.match(/^web\.minSize: got NaN;/);
  });

  it("gives the dedicated master type a message in the house format", () => {
    expect(
      problems({
        ...DEV,
        search: { enabled: true, dedicatedMasters: { enabled: true, instanceType: "m7g" } },
      }),
    ).to.deep.equal([
      'search.dedicatedMasters.instanceType: got "m7g"; expected an OpenSearch instance type such as r7g.large.search or t3.medium.search',
    ]);
  });
});
