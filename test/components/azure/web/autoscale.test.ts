import { expect } from "chai";
import { autoscaleProfiles, cpuRules } from "../../../../components/azure/web/autoscale";

const VMSS = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web";
const SCALING = { outPercent: 75, inPercent: 35, outCooldownMinutes: 3, inCooldownMinutes: 15 };

describe("components/azure/web/autoscale", () => {
  it("adds one server above the out threshold over five minutes and removes one below the in threshold over ten", () => {
    const [out, inward] = cpuRules(VMSS, SCALING);
    expect(out.metricTrigger).to.deep.include({
      metricName: "Percentage CPU",
      metricResourceUri: VMSS,
      operator: "GreaterThan",
      threshold: 75,
      timeWindow: "PT5M",
    });
    expect(out.scaleAction).to.deep.equal({
      direction: "Increase",
      type: "ChangeCount",
      value: "1",
      cooldown: "PT3M",
    });
    expect(inward.metricTrigger).to.deep.include({
      operator: "LessThan",
      threshold: 35,
      timeWindow: "PT10M",
    });
    expect(inward.scaleAction).to.deep.equal({
      direction: "Decrease",
      type: "ChangeCount",
      value: "1",
      cooldown: "PT15M",
    });
  });

  it("puts the default profile first and one UTC fixed-date profile per campaign, each following CPU", () => {
    const profiles = autoscaleProfiles(VMSS, { minSize: 2, maxSize: 6, desiredCapacity: 3 }, SCALING, [
      {
        name: "spring",
        start: "2027-03-01T07:00:00Z",
        end: "2027-03-02T23:00:00Z",
        minSize: 6,
        maxSize: 20,
        desiredCapacity: 8,
      },
      {
        name: "bf",
        start: "2027-11-25T22:30:00Z",
        end: "2027-11-29T22:59:00Z",
        minSize: 10,
        maxSize: 40,
        desiredCapacity: 12,
      },
    ]);
    expect(profiles.map((p) => p.name)).to.deep.equal(["default", "campaign-spring", "campaign-bf"]);
    expect(profiles[0].capacity).to.deep.equal({ minimum: "2", maximum: "6", default: "3" });
    expect(profiles[0]).to.not.have.property("fixedDate");
    expect(profiles[2].fixedDate).to.deep.equal({
      timeZone: "UTC",
      start: "2027-11-25T22:30:00Z",
      end: "2027-11-29T22:59:00Z",
    });
    expect(profiles[2].capacity).to.deep.equal({ minimum: "10", maximum: "40", default: "12" });
    for (const p of profiles) expect(p.rules).to.have.length(2);
  });
});
