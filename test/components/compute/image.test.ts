import { expect } from "chai";
import { architectureOf } from "../../../components/compute/image";

describe("components/compute/image", () => {
  const cases: [string, string][] = [
    ["t4g.medium", "arm64"],
    ["m7g.large", "arm64"],
    ["c6gn.16xlarge", "arm64"],
    ["r8gd.xlarge", "arm64"],
    ["a1.large", "arm64"],
    ["m7i.large", "x86_64"],
    ["m7i-flex.xlarge", "x86_64"],
    ["g5.xlarge", "x86_64"],
    ["c5.2xlarge", "x86_64"],
    ["t3.micro", "x86_64"],
  ];
  for (const [type, arch] of cases) {
    it(`runs ${type} on ${arch}`, () => expect(architectureOf(type)).to.equal(arch));
  }
});
