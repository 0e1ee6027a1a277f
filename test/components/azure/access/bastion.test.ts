import { expect } from "chai";
import {
  AzureBastion,
  AzureBastionArgs,
  checkAzureBastionArgs,
} from "../../../../components/azure/access/bastion";
import { MockSession, useMockCloud, valueOf } from "../../../mocks";

type Obj = Record<string, unknown>;
const VNET = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet";
const SUBNET = `${VNET}/subnets/AzureBastionSubnet`;

async function build(stack: string, a: AzureBastionArgs): Promise<MockSession> {
  const mocks = await useMockCloud(stack);
  const bastion = new AzureBastion(`${stack}-bastion`, a);
  await valueOf(bastion.bastionId);
  await mocks.settle();
  // Nothing ARM would refuse: names, tags, duplicate ids.
  expect(mocks.rejections).to.deep.equal([]);
  return mocks;
}

const base = { resourceGroupName: "rg", location: "westeurope", virtualNetworkId: VNET };

describe("components/azure/access/bastion", () => {
  it("Developer: attaches to the virtual network with no public address and no subnet", async () => {
    const mocks = await build("dev", { ...base, sku: "Developer" });
    const host = mocks.props(mocks.one("azure-native:network:BastionHost"));
    expect(host.sku).to.deep.equal({ name: "Developer" });
    expect(host.virtualNetwork).to.deep.equal({ id: VNET });
    expect(host).to.not.have.property("ipConfigurations");
    expect(mocks.ofType("azure-native:network:PublicIPAddress")).to.have.length(0);
  });

  it("Standard: a host in AzureBastionSubnet with native-client tunnelling behind a zone-redundant address", async () => {
    const mocks = await build("std", { ...base, sku: "Standard", bastionSubnetId: SUBNET });
    const host = mocks.props(mocks.one("azure-native:network:BastionHost"));
    expect(host).to.deep.include({ enableTunneling: true, enableShareableLink: false, scaleUnits: 2 });
    const [config] = host.ipConfigurations as Obj[];
    expect(config.subnet).to.deep.equal({ id: SUBNET });
    expect(config.publicIPAddress).to.deep.equal({
      id: mocks.one("azure-native:network:PublicIPAddress").id,
    });
    expect(mocks.props(mocks.one("azure-native:network:PublicIPAddress")).zones).to.deep.equal([
      "1",
      "2",
      "3",
    ]);
  });

  it("Premium: private only, with tunnelling and no public address at all", async () => {
    const mocks = await build("prem", { ...base, sku: "Premium", bastionSubnetId: SUBNET, scaleUnits: 3 });
    const host = mocks.props(mocks.one("azure-native:network:BastionHost"));
    expect(host).to.deep.include({ enablePrivateOnlyBastion: true, enableTunneling: true, scaleUnits: 3 });
    expect((host.ipConfigurations as Obj[])[0]).to.not.have.property("publicIPAddress");
    expect(mocks.ofType("azure-native:network:PublicIPAddress")).to.have.length(0);
  });

  it("checkAzureBastionArgs reports every contradiction at once", () => {
    expect(() =>
      checkAzureBastionArgs({ ...base, sku: "Developer", bastionSubnetId: SUBNET, scaleUnits: 4 }),
    ).to.throw(
      "AzureBastion: bastionSubnetId: the Developer SKU runs on shared infrastructure, not in AzureBastionSubnet; scaleUnits: the Developer SKU does not scale",
    );
    expect(() => checkAzureBastionArgs({ ...base, sku: "Standard", scaleUnits: 60 })).to.throw(
      "AzureBastion: bastionSubnetId: the Standard SKU runs in AzureBastionSubnet; give its id; scaleUnits 60: expected a whole number from 2 to 50",
    );
    expect(() =>
      checkAzureBastionArgs({ ...base, sku: "Basic" as "Standard", bastionSubnetId: SUBNET }),
    ).to.throw("sku Basic: expected Developer, Standard or Premium");
  });
});
