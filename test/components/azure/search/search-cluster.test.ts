import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
  checkSearchClusterArgs,
  ROLES,
  SearchCluster,
  SearchClusterArgs,
} from "../../../../components/azure/search/search-cluster";
import { fromWire } from "../../../../runtime/wire";
import { MockSession, useMockCloud, valueOf } from "../../../mocks";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acme-prod/providers";
/** The scale set's model as JSON: nested objects and arrays, walked by the assertions below. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- arbitrary nested provider inputs
type Model = Record<string, any>;

const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx1Y2t5c2V2ZW5zZWFyY2hrZXlmb3J0ZXN0cw ops@acme.example";

function args(overrides: Partial<SearchClusterArgs> = {}): SearchClusterArgs {
  return {
    resourceGroupName: "acme-prod",
    location: "westeurope",
    subnet: { id: `${SUB}/Microsoft.Network/virtualNetworks/acme-prod/subnets/search`, cidr: "10.20.6.0/27" },
    webSubnetCidr: "10.20.2.0/24",
    bastionSubnetCidr: "10.20.0.0/26",
    privateEndpointSubnetId: `${SUB}/Microsoft.Network/virtualNetworks/acme-prod/subnets/data`,
    keyVault: {
      id: `${SUB}/Microsoft.KeyVault/vaults/acme-prod-kv`,
      name: "acme-prod-kv",
      uri: "https://acme-prod-kv.vault.azure.net/",
    },
    nodeCount: 3,
    vmSize: "Standard_E4s_v5",
    dataDiskGiB: 128,
    sshPublicKeys: [KEY],
    stackKey: "00000000-0000-0000-0000-000000000000/acme-prod/acme-prod",
    ...overrides,
  };
}

describe("components/azure/search/search-cluster", () => {
  let mocks: MockSession;
  let search: SearchCluster;

  before(async () => {
    mocks = await useMockCloud("azure-search");
    search = new SearchCluster("acme-prod-search", args());
    await valueOf(search.scaleSetId);
    await mocks.settle();
  });

  it("runs the nodes privately across zones: Flexible, Trusted Launch, encryption at host, SSH keys only", () => {
    const vmss = mocks.props(mocks.one("azure-native:compute:VirtualMachineScaleSet"));
    expect(vmss).to.deep.include({
      orchestrationMode: "Flexible",
      platformFaultDomainCount: 1,
      zones: ["1", "2", "3"],
    });
    expect(vmss.sku).to.deep.equal({ name: "Standard_E4s_v5", capacity: 3 });
    const profile = vmss.virtualMachineProfile as Model;
    expect(profile.securityProfile).to.deep.equal({
      securityType: "TrustedLaunch",
      uefiSettings: { secureBootEnabled: true, vTpmEnabled: true },
      encryptionAtHost: true,
    });
    expect(profile.osProfile.linuxConfiguration.disablePasswordAuthentication).to.equal(true);
    expect(
      profile.osProfile.linuxConfiguration.ssh.publicKeys.map((k: { keyData: string }) => k.keyData),
    ).to.deep.equal([KEY]);
    expect(profile.osProfile.adminPassword).to.equal(undefined);
    const nic = profile.networkProfile.networkInterfaceConfigurations[0];
    for (const ip of nic.ipConfigurations) expect(ip.publicIPAddressConfiguration).to.equal(undefined);
    expect(profile.storageProfile.dataDisks).to.deep.equal([
      {
        lun: 0,
        createOption: "Empty",
        diskSizeGB: 128,
        caching: "None",
        deleteOption: "Delete",
        managedDisk: { storageAccountType: "Premium_LRS" },
      },
    ]);
  });

  it("is reachable only from the web subnet, through an internal load balancer", () => {
    const lb = mocks.props(mocks.one("azure-native:network:LoadBalancer"));
    expect(lb.sku).to.deep.equal({ name: "Standard", tier: "Regional" });
    const frontend = (lb.frontendIPConfigurations as Record<string, unknown>[])[0];
    expect(frontend).to.deep.include({ privateIPAllocationMethod: "Static", privateIPAddress: "10.20.6.30" });
    expect(frontend.publicIPAddress).to.equal(undefined);
    expect(search.endpoint).to.equal("https://10.20.6.30:9200");
    // What the web servers connect to: the frontend's address and OpenSearch's HTTP port.
    expect({ host: search.host, port: search.port }).to.deep.equal({ host: "10.20.6.30", port: 9200 });
    expect(mocks.ofType("azure-native:network:PublicIPAddress")).to.have.length(0);

    const rules = mocks.props(mocks.one("azure-native:network:NetworkSecurityGroup")).securityRules as Record<
      string,
      unknown
    >[];
    const allowed = rules
      .filter((r) => r.access === "Allow")
      .map((r) => [r.sourceAddressPrefix, r.destinationPortRange]);
    expect(allowed).to.deep.equal([
      ["10.20.2.0/24", "9200"],
      ["10.20.6.0/27", "9300"],
      ["AzureLoadBalancer", "9200"],
      ["10.20.0.0/26", "22"],
    ]);
    expect(rules[rules.length - 1]).to.deep.include({
      access: "Deny",
      priority: 4096,
      sourceAddressPrefix: "*",
      destinationPortRange: "*",
    });
    const vmss = mocks.props(mocks.one("azure-native:compute:VirtualMachineScaleSet")) as Model;
    const nsgId =
      mocks.props(mocks.one("azure-native:network:NetworkSecurityGroup")).id ??
      mocks.one("azure-native:network:NetworkSecurityGroup").id;
    expect(
      vmss.virtualMachineProfile.networkProfile.networkInterfaceConfigurations[0].networkSecurityGroup,
    ).to.deep.equal({ id: nsgId });
  });

  it("keeps the admin password and the CA seed as Key Vault secrets, secret in the state too", () => {
    const secrets = mocks.ofType("azure-native:keyvault:Secret");
    expect(secrets.map((s) => s.inputs.secretName)).to.have.members([
      search.passwordSecretName,
      "acme-prod-search-ca-seed",
      search.caCertificateSecretName,
    ]);
    for (const s of secrets) {
      const redacted = JSON.stringify(fromWire({ inputs: s.inputs, outputs: s.outputs }, "redact"));
      expect(redacted, String(s.inputs.secretName)).to.not.match(/"value":"(?!\[secret\])/);
    }
    const password = mocks.props(mocks.one("random:index/randomPassword:RandomPassword")).result as string;
    const script = Buffer.from(
      (mocks.props(mocks.one("azure-native:compute:VirtualMachineScaleSet")) as Model).virtualMachineProfile
        .osProfile.customData,
      "base64",
    ).toString();
    expect(script).to.contain(`readonly PASSWORD_SECRET='${search.passwordSecretName}'`);
    expect(script).to.not.contain(password);
  });

  it("grants the nodes' identity exactly its secrets and the snapshot account", () => {
    const grants = mocks.ofType("azure-native:authorization:RoleAssignment").map((r) => mocks.props(r));
    const roleOf = (g: Record<string, unknown>) => String(g.roleDefinitionId).split("/").pop();
    expect(grants.map(roleOf).sort()).to.deep.equal(
      [
        ROLES.keyVaultSecretsUser,
        ROLES.keyVaultSecretsUser,
        ROLES.keyVaultSecretsOfficer,
        ROLES.storageBlobDataContributor,
      ].sort(),
    );
    for (const g of grants) {
      expect(g.principalType).to.equal("ServicePrincipal");
      expect(String(g.scope)).to.not.match(/\/vaults\/[^/]+$/); // never the whole vault
    }
  });

  it("plans without a refusal from the mock of Azure Resource Manager", () => {
    expect(mocks.rejections).to.deep.equal([]);
  });

  it("snapshots to a private storage account without shared keys", () => {
    const account = mocks.props(mocks.one("azure-native:storage:StorageAccount"));
    expect(account).to.deep.include({
      publicNetworkAccess: "Disabled",
      allowSharedKeyAccess: false,
      allowBlobPublicAccess: false,
      enableHttpsTrafficOnly: true,
      minimumTlsVersion: "TLS1_2",
      networkRuleSet: { defaultAction: "Deny", bypass: "None" },
    });
    expect(String(account.accountName)).to.match(/^[a-z0-9]{3,24}$/);
    expect(mocks.props(mocks.one("azure-native:storage:BlobContainer")).publicAccess).to.equal("None");
    expect(
      (
        mocks.props(mocks.one("azure-native:network:PrivateEndpoint")).privateLinkServiceConnections as Model
      )[0].groupIds,
    ).to.deep.equal(["blob"]);
  });
});

describe("components/azure/search/search-cluster: what it logs", () => {
  it("hands its nodes, load balancer, NSG and snapshot blobs to the diagnostic settings", async () => {
    await useMockCloud("azure-search-diagnostics");
    const search = new SearchCluster("acme-dev-search", args({ nodeCount: 1, zones: ["1"] }));
    const targets = await Promise.all(
      search.diagnosticTargets.map(async (t) => [t.kind, await valueOf(pulumi.output(t.resourceId))]),
    );
    expect(targets.map(([kind]) => kind)).to.deep.equal([
      "scaleSet",
      "loadBalancer",
      "networkSecurityGroup",
      "blobService",
    ]);
    expect(targets[3][1]).to.match(/\/storageAccounts\/[a-z0-9]+\/blobServices\/default$/);
  });
});

describe("components/azure/search/search-cluster: arguments", () => {
  it("refuses two nodes, an Arm size, a subnet too small, no SSH key and a bad checksum, at once", () => {
    expect(() =>
      checkSearchClusterArgs(
        args({
          nodeCount: 2,
          vmSize: "Standard_D4ps_v5",
          subnet: { id: "/s", cidr: "10.20.6.0/23" },
          sshPublicKeys: [],
          release: { version: "2.19", sha256: "abc" },
        }),
      ),
    ).to.throw(
      "SearchCluster: nodeCount 2: 1, or 3 and more (two nodes cannot elect a manager after one fails); " +
        "subnet.cidr 10.20.6.0/23: a /24 to /29; " +
        "vmSize Standard_D4ps_v5: an x64 VM size such as Standard_E4s_v5 (the release is the linux-x64 build); " +
        "sshPublicKeys: at least one key (passwords are off); release.version 2.19: x.y.z; " +
        "release.sha256: 64 lowercase hex characters",
    );
  });

  // "Trusted Launch for Azure virtual machines": the M family is "currently not supported".
  it("refuses an x64 size Trusted Launch does not support, since the nodes set it", () => {
    expect(() => checkSearchClusterArgs(args({ vmSize: "Standard_M208ms_v2" }))).to.throw(
      "SearchCluster: vmSize Standard_M208ms_v2: the M family does not support Trusted Launch, which the nodes set",
    );
  });

  it("refuses more nodes than the subnet holds and a cluster in one zone", () => {
    expect(() =>
      checkSearchClusterArgs(
        args({ nodeCount: 3, subnet: { id: "/s", cidr: "10.20.6.0/29" }, zones: ["1"] }),
      ),
    ).to.throw(
      'SearchCluster: zones ["1"]: a cluster of 3 nodes spreads over 2 or more zones; ' +
        "subnet.cidr 10.20.6.0/29: room for 2 nodes besides the load balancer, not 3",
    );
    expect(() => checkSearchClusterArgs(args({ nodeCount: 1, zones: ["1"] }))).not.to.throw();
  });
});
