import { expect } from "chai";
import {
  MediaShare,
  MediaShareArgs,
  checkMediaShareArgs,
} from "../../../../components/azure/storage/media-share";
import { MockSession, useMockCloud, valueOf } from "../../../mocks";

const RG = "acme-prod-rg";
const NET = `/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/vnet`;
const PROD: MediaShareArgs = {
  resourceGroupName: RG,
  location: "westeurope",
  stackKey: "sub/acme-prod-rg/prod",
  subnetId: `${NET}/subnets/data`,
  virtualNetworkId: NET,
  quotaGiB: 512,
  snapshotRetentionDays: 30,
  protect: true,
};

type Props = Record<string, unknown>;

describe("components/azure/storage/media-share", () => {
  let mocks: MockSession;
  let media: MediaShare;
  let account: Props;
  before(async () => {
    mocks = await useMockCloud("prod");
    media = new MediaShare("acme-prod-media", PROD);
    await valueOf(media.mount);
    await mocks.settle();
    account = mocks.props(mocks.one("azure-native:storage:StorageAccount"));
  });

  it("registers under the Azure token convention and the mock cloud accepts every name", () => {
    expect(mocks.one("storefront:azure/storage:MediaShare").name).to.equal("acme-prod-media");
    expect(mocks.rejections).to.deep.equal([]);
  });

  it("is a premium, zone-redundant FileStorage account", () => {
    expect(account).to.deep.include({ kind: "FileStorage", sku: { name: "Premium_ZRS" } });
    expect(String(account.accountName)).to.match(/^[a-z0-9]{3,24}$/);
  });

  it("is private only: public network access disabled, rule set denies by default, nothing bypasses", () => {
    expect(account.publicNetworkAccess).to.equal("Disabled");
    expect(account.networkRuleSet).to.deep.include({ defaultAction: "Deny", bypass: "None" });
    const endpoint = mocks.props(mocks.one("azure-native:network:PrivateEndpoint"));
    expect((endpoint.privateLinkServiceConnections as Props[])[0].groupIds).to.deep.equal(["file"]);
    expect((endpoint.subnet as Props).id).to.equal(PROD.subnetId);
    expect(mocks.props(mocks.one("azure-native:privatedns:PrivateZone")).privateZoneName).to.equal(
      "privatelink.file.core.windows.net",
    );
  });

  it("has no shared keys, no blob public access, TLS 1.2, secure transfer and infrastructure encryption", () => {
    expect(account).to.deep.include({
      allowSharedKeyAccess: false,
      allowBlobPublicAccess: false,
      allowCrossTenantReplication: false,
      minimumTlsVersion: "TLS1_2",
      enableHttpsTrafficOnly: true,
    });
    expect((account.encryption as Props).requireInfrastructureEncryption).to.equal(true);
    expect(mocks.one("azure-native:storage:StorageAccount").protect).to.equal(true);
  });

  it("shares media over NFS with root squashed, and keeps deleted shares recoverable", () => {
    expect(mocks.props(mocks.one("azure-native:storage:FileShare"))).to.deep.include({
      shareName: "media",
      enabledProtocols: "NFS",
      rootSquash: "RootSquash",
      shareQuota: 512,
    });
    expect(
      mocks.props(mocks.one("azure-native:storage:FileServiceProperties")).shareDeleteRetentionPolicy,
    ).to.deep.equal({
      enabled: true,
      days: 14,
    });
  });

  it("publishes the mount as neutral values: aznfs (TLS) to <account>.file.core.windows.net:/<account>/media", async () => {
    const mount = await valueOf(media.mount);
    const name = String(account.accountName);
    expect(mount).to.deep.equal({
      host: `${name}.file.core.windows.net`,
      exportPath: `/${name}/media`,
      mountType: "aznfs",
      mountOptions: "vers=4,minorversion=1,sec=sys,nconnect=4",
    });
  });

  it("snapshots daily through a workflow whose own identity may only handle shares, on this account", async () => {
    const accountId = await valueOf(media.accountId);
    const role = mocks.props(mocks.one("azure-native:authorization:RoleDefinition"));
    expect(role.assignableScopes).to.deep.equal([accountId]);
    expect(role.permissions).to.deep.equal([
      {
        actions: [
          "Microsoft.Storage/storageAccounts/fileServices/shares/read",
          "Microsoft.Storage/storageAccounts/fileServices/shares/write",
          "Microsoft.Storage/storageAccounts/fileServices/shares/delete",
        ],
        notActions: [],
      },
    ]);
    const grant = mocks.one("azure-native:authorization:RoleAssignment");
    const identity = mocks.one("azure-native:managedidentity:UserAssignedIdentity");
    expect(mocks.props(grant).scope).to.equal(accountId);
    expect(grant.propertyDependencies.principalId).to.deep.equal([identity.urn]);
    expect(grant.propertyDependencies.roleDefinitionId).to.deep.equal([
      mocks.one("azure-native:authorization:RoleDefinition").urn,
    ]);

    const workflow = mocks.one("azure-native:logic:Workflow");
    const props = mocks.props(workflow);
    expect(props.state).to.equal("Enabled");
    expect((props.identity as Props).type).to.equal("UserAssigned");
    expect(workflow.propertyDependencies.identity).to.deep.equal([identity.urn]);
    expect(workflow.dependencies, "the grant exists before the first run").to.include(grant.urn);
    const parameters = props.parameters as Record<string, { value: string }>;
    expect(parameters.shareId.value).to.equal(await valueOf(media.shareId));
    expect(parameters.accountId.value).to.equal(accountId);
    const definition = props.definition as { triggers: Props; actions: Props };
    expect((definition.triggers.Daily as Props).recurrence).to.deep.include({
      frequency: "Day",
      interval: 1,
    });
    expect(
      String((definition.actions.Expired_snapshots as { inputs: { where: string } }).inputs.where),
    ).to.include("addDays(utcNow(), -30)");
  });
});

describe("components/azure/storage/media-share checkMediaShareArgs", () => {
  it("accepts the prod arguments", () => {
    expect(() => checkMediaShareArgs(PROD)).not.to.throw();
  });

  it("refuses every contradiction at once, one clause each", () => {
    expect(() =>
      checkMediaShareArgs({
        ...PROD,
        quotaGiB: 50,
        snapshotRetentionDays: 200,
        snapshotTimeUtc: { hour: 24, minute: 0 },
        softDeleteDays: 0,
      }),
    ).to.throw(
      "MediaShare: quotaGiB 50: 100 to 102400 GiB for a premium share; " +
        "snapshotRetentionDays 200: 1 to 199 (one snapshot a day, at most 200 per share); " +
        "snapshotTimeUtc 24:0: hour 0-23 and minute 0-59; " +
        "softDeleteDays 0: 1 to 365",
    );
  });
});
