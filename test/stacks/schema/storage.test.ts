import { expect } from "chai";
import { DEV, problems } from "../config-fixtures";

describe("stacks/schema/storage", () => {
  it("rejects an EFS transition period AWS does not offer", () => {
    expect(problems({ ...DEV, storage: { transitionToIaDays: 45 } })).to.deep.equal([
      "storage.transitionToIaDays: got 45; expected one of: 1, 7, 14, 30, 60, 90, 180, 270, 365",
    ]);
  });
});
