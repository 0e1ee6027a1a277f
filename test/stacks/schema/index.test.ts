import { expect } from "chai";
import { DEV, problems } from "../config-fixtures";

describe("stacks/schema: the stack file's root keys", () => {
  it("reports an unknown region and names the closest one", () => {
    expect(problems({ ...DEV, region: "eu-west-9" })).to.deep.equal([
      'region: got "eu-west-9"; expected an AWS region of the commercial partition (34 accepted, e.g. ' +
        "eu-west-1, us-east-1); closest: eu-west-1",
    ]);
  });

  it("rejects regions of other partitions", () => {
    expect(problems({ ...DEV, region: "us-gov-west-1" })).to.have.length(1);
    expect(problems({ ...DEV, region: "cn-north-1" })).to.have.length(1);
  });

  it("rejects tag keys in the reserved aws: namespace", () => {
    expect(problems({ ...DEV, tags: { "aws:owner": "x" } })[0]).to.match(/^tags\.aws:owner: /);
  });

  it("holds tags to the RDS and EFS character rules: no control characters or bidi marks", () => {
    expect(problems({ ...DEV, tags: { team: "shop\u0007" } })).to.have.length(1);
    expect(problems({ ...DEV, tags: { team: "shop\u202Eevil" } })).to.have.length(1);
    expect(problems({ ...DEV, tags: { "cost centre": "Zürich/42 + ops@acme" } })).to.deep.equal([]);
    const [line] = problems({ ...DEV, tags: { "team!": "x" } });
    expect(line).to.match(/^tags\.team!: got "team!"; expected a tag key of 1 to 128 letters, digits/);
    expect(problems({ ...DEV, tags: { "rds:owner": "x" } })).to.have.length(1);
  });
});
