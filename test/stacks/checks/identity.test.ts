import { expect } from "chai";
import { DEV, problems, PROD } from "../config-fixtures";

describe("stacks/checks/identity", () => {
  it("asks an environment that is neither dev nor prod for its base", () => {
    expect(problems({ ...DEV, environment: "stage" })).to.deep.equal([
      'base: got nothing; expected "dev" or "prod": environment "stage" must name the preset it builds on',
    ]);
  });

  it("rejects a base that contradicts the environment's name", () => {
    expect(problems({ ...PROD, base: "dev" })).to.deep.equal([
      'base: got "dev"; expected "prod" or nothing: environment "prod" is its own base',
    ]);
  });
});
