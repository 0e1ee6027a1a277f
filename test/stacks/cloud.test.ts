import { expect } from "chai";
import { cloudOf } from "../../stacks/cloud";
import { DEV, problems } from "./config-fixtures";

describe("stacks/cloud", () => {
  it("is aws when the stack file says nothing, and what it says when it is a cloud", () => {
    expect(cloudOf({})).to.equal("aws");
    expect(cloudOf({ cloud: "azure" })).to.equal("azure");
    expect(cloudOf({ cloud: "gcp" })).to.equal(undefined);
  });

  it("lets an AWS stack say storefront:cloud: aws", () => {
    expect(problems({ ...DEV, cloud: "aws" })).to.deep.equal([]);
  });

  it("refuses Azure-only keys on an AWS stack, saying how to build it on Azure", () => {
    expect(problems({ ...DEV, azure: { subscriptionId: "x" } })[0]).to.match(
      /^azure: got a key of Azure stacks \(this stack is on AWS: storefront:cloud is aws\); expected the AWS keys here: .*; or storefront:cloud: azure/,
    );
    expect(problems({ ...DEV, database: { sku: "Standard_D4ds_v4" } })[0]).to.match(
      /^database\.sku: got a key of Azure stacks/,
    );
  });
});
