import { expect } from "chai";
import { knownLength, repeated, throwIfProblems } from "../../../components/shared/check-args";

describe("components/shared/check-args", () => {
  it("throws once with every problem, in order, and not at all without one", () => {
    expect(() => throwIfProblems("Thing", [false, undefined])).not.to.throw();
    expect(() => throwIfProblems("Thing", ["a: first", false, "b: second"])).to.throw(
      "Thing: a: first; b: second",
    );
  });

  it("finds repeated items and lengths known at plan time", () => {
    expect(repeated(["a", "b", "a", "c", "b", "a"])).to.deep.equal(["a", "b", "a"]);
    expect(repeated(["a", "b"])).to.deep.equal([]);
    expect(knownLength(["x", "y"])).to.equal(2);
    expect(knownLength(undefined)).to.equal(undefined);
  });
});
