import { expect } from "chai";
import { ENVIRONMENT_PRESETS } from "../../stacks/presets";
import { resolve } from "../../stacks/resolve";
import { stackConfigSchema } from "../../stacks/schema";
import { DEV, DOMAIN, problems, PROD } from "./config-fixtures";

const raw = (values: Record<string, unknown>) => stackConfigSchema.parse(values);

describe("stacks/resolve", () => {
  it("takes the defaults a stack file leaves out from the presets", () => {
    const dev = resolve("t", raw({ ...DEV, domain: DOMAIN, budget: { monthlyAmount: 100 } }));
    const edgePreset = ENVIRONMENT_PRESETS.dev.edge;
    expect(dev.edge?.provider).to.equal(edgePreset.provider);
    expect(dev.edge?.originHostname).to.equal(`${edgePreset.originHostPrefix}.${DOMAIN.name}`);
    expect(dev.waf.botControl).to.equal(edgePreset.botControl);
    expect(dev.budget?.currency).to.equal(ENVIRONMENT_PRESETS.dev.budget.currency);
  });

  it("fills reader auto scaling's CPU target and Spot's on-demand base from the presets", () => {
    const c = resolve(
      "t",
      raw({ ...DEV, database: { readerAutoScaling: { maxReaders: 1 } }, web: { spot: { enabled: true } } }),
    );
    expect(c.database.readerAutoScaling?.cpuTargetPercent).to.equal(
      ENVIRONMENT_PRESETS.dev.database.readerCpuTargetPercent,
    );
    expect(c.web.spot?.onDemandBaseCapacity).to.equal(ENVIRONMENT_PRESETS.dev.web.spotOnDemandBaseCapacity);
    expect(c.database).not.to.have.property("readerCpuTargetPercent");
    expect(c.web).not.to.have.property("spotOnDemandBaseCapacity");
  });

  it("never fails: a contradictory base resolves to the environment's own preset", () => {
    expect(resolve("t", raw({ ...PROD, base: "dev" })).base).to.equal("prod");
  });
});

describe("stacks/load-config: every problem at once", () => {
  it("reports the preset-filling problems together, with the field problems", () => {
    const lines = problems({
      ...DEV,
      environment: "stage",
      network: { azCount: 3, availabilityZones: ["eu-west-1a", "eu-west-1b"] },
      bastion: { enabled: false, sshCidrs: ["203.0.113.0/24"] },
      edge: { enabled: true },
      web: { minSize: "two" },
    });
    expect(lines.map((l) => l.split(":")[0])).to.have.members([
      "web.minSize",
      "base",
      "edge.enabled",
      "bastion.sshCidrs",
      "network.availabilityZones",
    ]);
  });

  it("checks every campaign next to a malformed one, keyed by its place in the file", () => {
    const campaign = (name: string, minSize: number, maxSize: number) => ({
      name,
      start: "2030-11-27T06:00",
      end: "2030-11-28T06:00",
      minSize,
      maxSize,
    });
    const lines = problems({
      ...DEV,
      web: {
        campaigns: [
          { ...campaign("broken", 2, 4), start: "tomorrow" },
          campaign("sale", 5, 4),
          { ...campaign("later", 2, 4), start: "2031-01-01T00:00", end: "2030-12-01T00:00" },
        ],
      },
    });
    expect(lines.map((l) => l.split(";")[0])).to.deep.equal([
      'web.campaigns[0].start: got "tomorrow"',
      "web.campaigns[1].minSize: got 5",
      'web.campaigns[2].end: got "2030-12-01T00:00"',
    ]);
  });
});
