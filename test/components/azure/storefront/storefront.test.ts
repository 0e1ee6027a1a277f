import { expect } from "chai";
import { AzureStorefront, AzureStorefrontArgs } from "../../../../components/azure/storefront/storefront";
import { UNTAGGABLE_TYPES } from "../../../../components/azure/shared/tags";
import { MockSession, useMockCloud, valueOf } from "../../../mocks";

const TAGS = { client: "acme", environment: "prod", "managed-by": "pulumi", "cost-center": "shop" };
const ARGS: AzureStorefrontArgs = {
  client: "acme",
  environment: "prod",
  profile: "magento",
  location: "westeurope",
  tags: TAGS,
  stackKey: "sub/acme-prod-rg/prod",
  network: { addressSpace: "10.60.0.0/16", flowLogRetentionDays: 365 },
};

describe("components/azure/storefront/storefront", () => {
  let mocks: MockSession;
  let storefront: AzureStorefront;

  before(async () => {
    mocks = await useMockCloud("prod");
    storefront = new AzureStorefront("acme-prod", ARGS);
    await valueOf(storefront.network.virtualNetworkId);
    await mocks.settle();
  });

  it("creates the stack's resource group in the stack's location and plans without a refusal", async () => {
    const rg = mocks.props(mocks.one("azure-native:resources:ResourceGroup"));
    expect(rg).to.deep.include({ resourceGroupName: "acme-prod-rg", location: "westeurope" });
    expect(await valueOf(storefront.resourceGroupName)).to.equal("acme-prod-rg");
    expect(mocks.rejections).to.deep.equal([]);
  });

  it("puts the stack's tags on every taggable Azure resource, and none on a type without tags", () => {
    const azure = mocks.recorder.registrations.filter((r) => r.type.startsWith("azure-native:"));
    expect(azure.length).to.be.greaterThan(20);
    for (const r of azure) {
      const tags = mocks.props(r).tags;
      if (UNTAGGABLE_TYPES.has(r.type)) expect(tags, `${r.type} ${r.name}`).to.equal(undefined);
      else expect(tags, `${r.type} ${r.name}`).to.deep.equal(TAGS);
    }
  });

  it("places the network in the stack's resource group", () => {
    for (const r of mocks.ofType("azure-native:network:Subnet")) {
      expect(mocks.props(r).resourceGroupName).to.equal("acme-prod-rg");
    }
  });
});
