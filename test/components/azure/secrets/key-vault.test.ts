import { expect } from "chai";
import {
  KeyVault,
  KeyVaultArgs,
  checkKeyVaultArgs,
  encryptionKey,
  secretAttributes,
  vaultSecret,
} from "../../../../components/azure/secrets/key-vault";
import { fromWire } from "../../../../runtime/wire";
import { MockSession, useMockCloud, valueOf } from "../../../mocks";

const RG = "acme-prod-rg";
const SUB = "/subscriptions/00000000-0000-4000-8000-000000000001";
/** `/subscriptions/<id>` of an ARM id. */
const subscriptionOf = (id: string) => id.split("/").slice(0, 3).join("/");
const WEB_PRINCIPAL = "11111111-2222-4333-8444-555555555555";
const ARGS: KeyVaultArgs = {
  resourceGroupName: RG,
  location: "westeurope",
  tenantId: "00000000-0000-4000-8000-0000000000aa",
  stackKey: "sub/acme-prod-rg/prod",
  subnetId: `${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/data`,
  virtualNetworkId: `${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/vnet`,
  readerPrincipalIds: [WEB_PRINCIPAL],
  secretOfficers: [{ principalId: "99999999-2222-4333-8444-555555555555", principalType: "Group" }],
  wordpressSalts: true,
  protect: true,
};

type Props = Record<string, unknown>;

describe("components/azure/secrets/key-vault", () => {
  let mocks: MockSession;
  let kv: KeyVault;
  let extraUri: string;

  before(async () => {
    mocks = await useMockCloud("prod");
    kv = new KeyVault("acme-prod-secrets", ARGS);
    // Another tier storing its own generated secret through the vault's reference.
    const stored = vaultSecret(
      "acme-prod-extra",
      {
        vault: kv.ref,
        secretName: "extra-secret",
        value: "s3cr3t-value-never-printed",
        contentType: "text/plain",
      },
      { parent: kv },
    );
    extraUri = await valueOf(stored.uri);
    await valueOf(kv.vaultUri);
    await mocks.settle();
  });

  it("registers under the Azure token convention and the mock cloud accepts every name", () => {
    expect(mocks.one("storefront:azure/secrets:KeyVault").name).to.equal("acme-prod-secrets");
    expect(mocks.rejections).to.deep.equal([]);
  });

  it("uses RBAC, purge protection and 90 days of soft delete, and no access policies", () => {
    const vault = mocks.props(mocks.one("azure-native:keyvault:Vault"));
    const properties = vault.properties as Props;
    expect(properties).to.deep.include({
      enableRbacAuthorization: true,
      enablePurgeProtection: true,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
    });
    expect(properties).not.to.have.property("accessPolicies");
    expect(mocks.one("azure-native:keyvault:Vault").protect).to.equal(true);
  });

  it("is private: public access disabled, network ACL denies by default and lets no service bypass", () => {
    const properties = mocks.props(mocks.one("azure-native:keyvault:Vault")).properties as Props;
    expect(properties.publicNetworkAccess).to.equal("Disabled");
    expect(properties.networkAcls).to.deep.include({ defaultAction: "Deny", bypass: "None" });
    expect(properties.networkAcls).to.deep.include({ ipRules: [], virtualNetworkRules: [] });
  });

  it("has a private endpoint in the data subnet for the vault, with its DNS zone group", () => {
    const vault = mocks.one("azure-native:keyvault:Vault");
    const endpoint = mocks.one("azure-native:network:PrivateEndpoint");
    const props = mocks.props(endpoint);
    expect((props.subnet as Props).id).to.equal(ARGS.subnetId);
    const [connection] = props.privateLinkServiceConnections as Props[];
    expect(connection.groupIds).to.deep.equal(["vault"]);
    expect(endpoint.propertyDependencies.privateLinkServiceConnections).to.include(vault.urn);
    const zone = mocks.props(mocks.one("azure-native:privatedns:PrivateZone"));
    expect(zone.privateZoneName).to.equal("privatelink.vaultcore.azure.net");
    const link = mocks.props(mocks.one("azure-native:privatedns:VirtualNetworkLink"));
    expect(link).to.deep.include({
      registrationEnabled: false,
      virtualNetwork: { id: ARGS.virtualNetworkId },
    });
    const group = mocks.one("azure-native:network:PrivateDnsZoneGroup");
    expect(group.propertyDependencies.privateEndpointName).to.deep.equal([endpoint.urn]);
    expect(group.propertyDependencies.privateDnsZoneConfigs).to.deep.equal([
      mocks.one("azure-native:privatedns:PrivateZone").urn,
    ]);
  });

  it("gives the web identity Key Vault Secrets User on this vault only, never a wider scope", async () => {
    const vaultId = await valueOf(kv.vaultId);
    const grants = mocks.ofType("azure-native:authorization:RoleAssignment").map((r) => mocks.props(r));
    const reader = grants.find((g) => g.principalId === WEB_PRINCIPAL)!;
    expect(reader).to.deep.include({ scope: vaultId, principalType: "ServicePrincipal" });
    // The built-in role's id, the same in every subscription ("Azure built-in roles"), in the vault's.
    expect(reader.roleDefinitionId).to.equal(
      `${subscriptionOf(vaultId)}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6`,
    );
    for (const g of grants) {
      expect(g.scope, "every grant is on the vault itself").to.equal(vaultId);
      expect(String(g.roleAssignmentName)).to.match(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
    }
    const officer = grants.find((g) => g.principalType === "Group")!;
    expect(String(officer.roleDefinitionId)).to.match(/b86a8fe4-44ce-4948-aee5-eccb2c155cd7$/);
  });

  it("holds the WordPress salts as one JSON secret, a Pulumi secret, with its versionless URI as the output", async () => {
    const secret = mocks
      .ofType("azure-native:keyvault:Secret")
      .find((s) => s.inputs.secretName === "wordpress-salts")!;
    expect(JSON.stringify(secret.inputs)).to.include("4dabf18193072939515e22adb298388d"); // Pulumi's secret signature
    const value = JSON.parse((mocks.props(secret).properties as Props).value as string) as Record<
      string,
      string
    >;
    expect(Object.keys(value)).to.include.members(["AUTH_KEY", "NONCE_SALT"]);
    expect(Object.keys(value)).to.have.length(8);
    const vaultName = await valueOf(kv.vaultName);
    expect(await valueOf(kv.wordpressSaltsUri!)).to.equal(
      `https://${vaultName}.vault.azure.net/secrets/wordpress-salts`,
    );
    expect(extraUri).to.equal(`https://${vaultName}.vault.azure.net/secrets/extra-secret`);
  });

  it("never puts a secret value into a name, a tag or a plain (non-secret) input or output", () => {
    const plain = JSON.stringify(
      mocks.recorder.registrations.map((r) =>
        fromWire({ name: r.name, urn: r.urn, inputs: r.inputs, outputs: r.outputs }, "redact"),
      ),
    );
    expect(plain).not.to.include("s3cr3t-value-never-printed");
  });

  it("hands other tiers what they check before keeping a key here: region, soft delete, no bypass", () => {
    expect(kv.ref).to.deep.include({
      location: "westeurope",
      softDeleteRetentionDays: 90,
      trustedServices: false,
    });
  });

  it("names the vault within Key Vault's 3-24 characters, ending in the stack's hash", async () => {
    const name = await valueOf(kv.vaultName);
    expect(name.length).to.be.within(3, 24);
    expect(name).to.match(/^[a-z][a-z0-9-]*[a-z0-9]$/);
  });
});

describe("components/azure/secrets/key-vault checkKeyVaultArgs", () => {
  it("accepts the prod arguments", () => {
    expect(() => checkKeyVaultArgs(ARGS)).not.to.throw();
  });

  it("refuses every contradiction at once, one clause each", () => {
    expect(() =>
      checkKeyVaultArgs({
        ...ARGS,
        softDeleteRetentionDays: 120,
        readerPrincipalIds: [WEB_PRINCIPAL, WEB_PRINCIPAL],
        stackKey: " ",
      }),
    ).to.throw(
      "KeyVault: softDeleteRetentionDays 120: a whole number of days from 7 to 90 (Key Vault's range); " +
        `readerPrincipalIds: ${WEB_PRINCIPAL} listed twice; ARM refuses a second identical role assignment; ` +
        "stackKey: empty; expected a key unique to the stack",
    );
  });

  it("accepts a vault whose readers are granted by their own component", () => {
    expect(() => checkKeyVaultArgs({ ...ARGS, readerPrincipalIds: undefined })).not.to.throw();
  });

  it("refuses an expiry that is not whole seconds since 1970", () => {
    expect(() => checkKeyVaultArgs({ ...ARGS, secretExpires: 1827532800.5 })).to.throw(
      "KeyVault: secretExpires 1827532800.5: whole seconds since 1970 (Key Vault's exp)",
    );
  });

  it("refuses soft delete shorter than a week", () => {
    expect(() => checkKeyVaultArgs({ ...ARGS, softDeleteRetentionDays: 6 })).to.throw(
      /softDeleteRetentionDays 6/,
    );
  });
});

describe("components/azure/secrets/key-vault for customer-managed keys", () => {
  let mocks: MockSession;
  let kv: KeyVault;
  let keyUri: string;

  before(async () => {
    mocks = await useMockCloud("prod");
    // The geo-backup key's vault: in the paired region, its private endpoint in the stack's network.
    kv = new KeyVault("acme-prod-geo-keys", {
      ...ARGS,
      location: "northeurope",
      privateEndpointLocation: "westeurope",
      readerPrincipalIds: [],
      secretOfficers: [],
      wordpressSalts: false,
      trustedServices: true,
    });
    keyUri = await valueOf(
      encryptionKey("acme-prod-db-key", { vault: kv.ref, keyName: "acme-prod-db" }, { parent: kv }).keyUri,
    );
    await mocks.settle();
  });

  it("lets trusted services (MySQL) through the firewall, still closed to public networks", () => {
    const vault = mocks.props(mocks.one("azure-native:keyvault:Vault"));
    expect(vault.location).to.equal("northeurope");
    expect((vault.properties as Props).publicNetworkAccess).to.equal("Disabled");
    expect((vault.properties as Props).networkAcls).to.deep.include({
      defaultAction: "Deny",
      bypass: "AzureServices",
    });
    expect(kv.ref).to.deep.include({ location: "northeurope", trustedServices: true });
  });

  it("stamps the secrets stored through its reference with the vault's expiry, and enables them", async () => {
    const stored = vaultSecret(
      "acme-prod-expiring",
      {
        vault: { ...kv.ref, secretExpires: 1827532800 },
        secretName: "expiring",
        value: "v4lue-never-printed",
        contentType: "text/plain",
      },
      { parent: kv },
    );
    await valueOf(stored.uri);
    await mocks.settle();
    const secret = mocks.props(
      mocks.ofType("azure-native:keyvault:Secret").find((r) => r.name === "acme-prod-expiring")!,
    );
    expect((secret.properties as Props).attributes).to.deep.equal({ enabled: true, expires: 1827532800 });
    expect(secretAttributes({})).to.deep.equal({});
  });

  it("puts the private endpoint in the network's region, not the vault's", () => {
    expect(mocks.props(mocks.one("azure-native:network:PrivateEndpoint")).location).to.equal("westeurope");
  });

  it("makes an RSA 3072 wrap/unwrap key that rotates yearly and never expires, with its versionless URI", () => {
    const key = mocks.props(mocks.one("azure-native:keyvault:Key"));
    const properties = key.properties as Props;
    expect(properties).to.deep.include({ kty: "RSA", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"] });
    expect((properties.attributes as Props).expires).to.equal(undefined);
    expect(properties.rotationPolicy).to.deep.equal({
      lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P1Y" } }],
    });
    expect(keyUri).to.match(/^https:\/\/[a-z0-9-]+\.vault\.azure\.net\/keys\/acme-prod-db$/);
    expect(mocks.rejections).to.deep.equal([]);
  });

  it("refuses a key size MySQL does not take", () => {
    expect(() => encryptionKey("k", { vault: kv.ref, keyName: "k", keySize: 1024 }, { parent: kv })).to.throw(
      "encryptionKey k: keySize 1024; expected one of 2048, 3072, 4096 (RSA sizes MySQL accepts)",
    );
  });
});
