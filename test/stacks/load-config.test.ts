import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { readStackSettings } from "../../runtime/stack-files";
import { readStackConfig } from "../../stacks/config-source";
import { ConfigError } from "../../stacks/config-error";
import { loadStackConfig } from "../../stacks/load-config";
import { stackConfigSchema } from "../../stacks/schema";
import { useMockCloud } from "../mocks";
import { DEV, problems, source } from "./config-fixtures";

const ROOT_KEYS = Object.keys(stackConfigSchema.shape).join(", ");

describe("stacks/load-config", () => {
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
      expect(problems({ ...DEV, network: { azCount: "three" } })).to.deep.equal([
        'network.azCount: got "three"; expected a whole number from 2 to 6',
      ]);
    });

    it("reports a misspelt key with the closest valid key", () => {
      expect(problems({ ...DEV, netwrok: {} })).to.deep.equal([
        `netwrok: got an unknown key; expected "network" (did you mean it? valid keys here: ${ROOT_KEYS})`,
      ]);
    });

    it("reports a misspelt nested key, whatever its case", () => {
      expect(problems({ ...DEV, network: { azcount: 3 } })).to.deep.equal([
        'network.azcount: got an unknown key; expected "azCount" (did you mean it? valid keys here: cidr, ' +
          "azCount, availabilityZones, natGateways, flowLogs)",
      ]);
    });

    it("lists the valid keys without a guess when nothing is close", () => {
      expect(problems({ ...DEV, monitoring: {} })).to.deep.equal([
        `monitoring: got an unknown key; expected valid keys here: ${ROOT_KEYS}`,
      ]);
    });

    it("reports a missing required key", () => {
      const { client: _omit, ...rest } = DEV;
      expect(problems(rest)).to.deep.equal([
        "client: got nothing (the key is required); expected 2-24 characters: lowercase letters, digits " +
          "and '-', starting with a letter",
      ]);
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
      const lines = problems({ ...DEV, tags: { "aws:x": "hunter2" } }, ["tags"]);
      expect(lines).to.have.length(2);
      for (const line of lines) expect(line).to.contain("[secret]").and.not.contain("hunter2");
    });

    it("throws a ConfigError that Pulumi prints without a stack trace", () => {
      const attempt = () => loadStackConfig(source({ ...DEV, profile: "drupal" }));
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
  it("says what a YAML .nan was, not null", () => {
    expect(problems({ ...DEV, web: { minSize: NaN } })[0]).to.match(/^web\.minSize: got NaN;/);
  });
});
