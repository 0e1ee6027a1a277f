import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { planStack, PlanResult } from "../../cli/plan-runner";
import { readStackSettings, StackSettings } from "../../cli/stack-files";
import { ConfigError } from "../../stacks/config-error";
import { runStack } from "../../stacks/program";
import { PROJECT, useMockCloud } from "../mocks";

function settingsWith(stack: string, values: Record<string, unknown>): StackSettings {
  const config = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      `${PROJECT}:${k}`,
      typeof v === "string" ? v : JSON.stringify(v),
    ]),
  );
  return { project: PROJECT, projectDir: process.cwd(), stack, file: "(test)", config, secretKeys: [] };
}

describe("stacks/program", () => {
  for (const stack of ["dev", "prod"]) {
    describe(`the ${stack} stack`, () => {
      let plan: PlanResult;
      before(async () => {
        plan = await planStack(readStackSettings(process.cwd(), stack), runStack);
      });

      it("hangs every resource under the stack, and every tier resource under the Storefront", () => {
        const storefront = plan.registrations.find((r) => r.type === "storefront:index:Storefront")!;
        const byUrn = new Map(plan.registrations.map((r) => [r.urn, r]));
        for (const r of plan.registrations) {
          if (r.type === "pulumi:pulumi:Stack") continue;
          expect(r.parent, r.urn).to.be.a("string");
          if (r.type.startsWith("pulumi:")) continue;
          let ancestor = r;
          while (ancestor.parent && ancestor !== storefront) ancestor = byUrn.get(ancestor.parent)!;
          expect(ancestor, r.urn).to.equal(storefront);
        }
      });

      it("registers no two resources with the same type, name and parent", () => {
        const keys = plan.resources.map((r) => `${r.type}|${r.name}|${r.parent}`);
        expect(new Set(keys).size).to.equal(keys.length);
      });

      it("tags every AWS resource through the provider's default tags", () => {
        const provider = plan.registrations.find((r) => r.type === "pulumi:providers:aws")!;
        const tags = JSON.parse(provider.inputs.defaultTags as string).tags;
        expect(tags).to.include({
          client: "northwind",
          environment: stack,
          profile: "wordpress",
          "managed-by": "pulumi",
          "cost-center": "4711",
        });
        expect(provider.inputs.region).to.equal("eu-west-1");
        for (const r of plan.registrations.filter((x) => x.custom && x.type.startsWith("aws:"))) {
          expect(r.provider?.startsWith(`${provider.urn}::`), r.urn).to.equal(true);
        }
      });

      it("spreads the network over the environment's AZs and exports it", () => {
        const azCount = stack === "prod" ? 3 : 2;
        expect(plan.outputs.availabilityZones).to.have.length(azCount);
        expect(plan.outputs.privateSubnetIds).to.have.length(azCount);
        expect(plan.outputs.vpcId).to.match(/^vpc-[0-9a-f]{17}$/);
        const vpc = plan.resources.find((r) => r.type === "awsx:ec2:Vpc")!;
        expect(vpc.props.natGateways).to.deep.equal({ strategy: stack === "prod" ? "OnePerAz" : "Single" });
        expect(vpc.props.cidrBlock).to.equal(stack === "prod" ? "10.41.0.0/16" : "10.40.0.0/16");
      });
    });
  }

  it("keeps the kit's tags when user tags name the same keys", async () => {
    const plan = await planStack(
      settingsWith("t", {
        client: "acme",
        environment: "dev",
        profile: "magento",
        region: "eu-central-1",
        tags: { client: "someone-else", team: "web" },
      }),
      runStack,
    );
    const provider = plan.registrations.find((r) => r.type === "pulumi:providers:aws")!;
    expect(JSON.parse(provider.inputs.defaultTags as string).tags).to.include({
      client: "acme",
      team: "web",
    });
  });

  it("registers nothing but the stack itself when the configuration is invalid", async () => {
    const mocks = await useMockCloud("bad");
    const settings = settingsWith("bad", {
      client: "acme",
      environment: "dev",
      profile: "x",
      region: "eu-west-1",
    });
    pulumi.runtime.setAllConfig(settings.config, settings.secretKeys);
    let caught: unknown;
    await pulumi.runtime.runInPulumiStack(async () => runStack()).catch((e) => (caught = e));
    await mocks.settle();
    expect(caught).to.be.instanceOf(ConfigError);
    expect((caught as ConfigError).problems.map((p) => p.key)).to.deep.equal(["profile"]);
    expect(mocks.recorder.registrations.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
  });
});
