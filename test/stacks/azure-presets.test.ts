import { expect } from "chai";
import { AZURE_ENVIRONMENT_PRESETS, AZURE_PROFILE_PRESETS } from "../../stacks/azure-presets";

/*
 * "Trusted Launch for Azure virtual machines", Virtual machines sizes (revision of 2025-04-21), copied here
 * from the document: Arm64 sizes Trusted Launch supports are Dpsv6, Dplsv6 and Epsv6; the first Arm64
 * generation (Dpsv5, Dpdsv5, Dplsv5, Dpldsv5) is "currently not supported". Every scale set the kit builds
 * sets Trusted Launch, so the presets' sizes must be of a supported series.
 */
const ARM64_SUPPORTED = ["Dpsv6", "Dplsv6", "Epsv6"];
const NOT_SUPPORTED = ["Dpsv5", "Dpdsv5", "Dplsv5", "Dpldsv5"];

function series(size: string): string {
  const m = /^Standard_([A-Z]+)\d+(?:-\d+)?([a-z]*)(?:_(v\d+))?$/.exec(size);
  expect(m, size).to.not.equal(null);
  return `${m![1]}${m![2]}${m![3] ?? ""}`;
}

describe("stacks/azure-presets", () => {
  it("gives every scale set a VM size Trusted Launch supports", () => {
    const sizes = [
      ...Object.values(AZURE_ENVIRONMENT_PRESETS).flatMap((p) => [p.web.instanceType, p.search.instanceType]),
      ...Object.values(AZURE_PROFILE_PRESETS).flatMap((p) =>
        p.prodWebInstanceType ? [p.prodWebInstanceType] : [],
      ),
    ];
    for (const size of sizes) {
      const s = series(size);
      expect(NOT_SUPPORTED, size).not.to.include(s);
      // An Arm64 ("p") size must be of a series the document names as supported.
      if (/p/.test(s.replace(/^[A-Z]+/, ""))) expect(ARM64_SUPPORTED, size).to.include(s);
    }
  });
});
