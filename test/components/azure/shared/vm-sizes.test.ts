import { expect } from "chai";
import { isArm64Size, trustedLaunchProblem, vmSizeParts } from "../../../../components/azure/shared/vm-sizes";

describe("components/azure/shared/vm-sizes", () => {
  it("reads a size's family, vCPUs, features and version as the naming conventions define them", () => {
    expect(vmSizeParts("Standard_D4ps_v6")).to.deep.equal({
      family: "D",
      vcpus: 4,
      features: "ps",
      version: "v6",
      series: "Dpsv6",
    });
    expect(vmSizeParts("Standard_E8-4ds_v5")?.series).to.equal("Edsv5");
    expect(vmSizeParts("Standard_DC2as_v5")?.family).to.equal("DC");
    expect(vmSizeParts("Standard_B1ms")?.series).to.equal("Bms");
    expect(vmSizeParts("D4ps_v6")).to.equal(undefined);
    expect(["Standard_D2ps_v6", "Standard_B2pls_v2", "Standard_E2s_v5"].map(isArm64Size)).to.deep.equal([
      true,
      true,
      false,
    ]);
  });

  // "Trusted Launch for Azure virtual machines", Virtual machines sizes (2025-04-21 revision).
  it("refuses the sizes Trusted Launch does not support yet or at all", () => {
    for (const size of [
      "Standard_D2ps_v5",
      "Standard_D4pds_v5",
      "Standard_D2pls_v5",
      "Standard_D8plds_v5",
      "Standard_E4ps_v5",
      "Standard_E4pds_v5",
      "Standard_D2_v3",
      "Standard_D2_v2",
      "Standard_A2_v2",
      "Standard_M8ms",
      "Standard_DC2as_v5",
      "Standard_EC2as_v5",
    ]) {
      expect(trustedLaunchProblem(size), size).to.be.a("string");
    }
  });

  it("accepts the families Trusted Launch supports, Arm64's Dpsv6 and Dplsv6 included", () => {
    for (const size of [
      "Standard_D2ps_v6",
      "Standard_D4ps_v6",
      "Standard_D2pls_v6",
      "Standard_D4as_v5",
      "Standard_D2s_v5",
      "Standard_D2s_v3",
      "Standard_E2s_v5",
      "Standard_E4ds_v5",
      "Standard_F4s_v2",
      "Standard_B2s_v2",
      "Standard_B2als_v2",
      "Standard_L8s_v3",
    ]) {
      expect(trustedLaunchProblem(size), size).to.equal(undefined);
    }
  });
});
