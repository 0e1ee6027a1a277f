import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
  AzureStorefront,
  AzureStorefrontArgs,
  checkAzureStorefrontArgs,
} from "../../../../components/azure/storefront/storefront";
import { UNTAGGABLE_TYPES } from "../../../../components/azure/shared/tags";
import { fromWire } from "../../../../runtime/wire";
import { ENVIRONMENT_PRESETS } from "../../../../stacks/presets";
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

/** The data tiers as the prod presets would give them. */
const DATA: Pick<AzureStorefrontArgs, "secrets" | "database" | "cache" | "media"> = {
  secrets: { protect: true },
  database: {
    tier: "GeneralPurpose",
    skuName: "Standard_D4ads_v5",
    storageGiB: 128,
    regionZones: ["1", "2", "3"],
    zone: "1",
    highAvailability: "ZoneRedundant",
    readers: 1,
    backupRetentionDays: 30,
    geoRedundantBackup: true,
    pairedRegion: "northeurope",
    protect: true,
  },
  cache: { skuName: "Balanced_B5", highAvailability: true, persistence: true },
  media: { quotaGiB: 512, snapshotRetentionDays: 30, protect: true },
};

describe("components/azure/storefront/storefront: the data tiers", () => {
  let mocks: MockSession;
  let storefront: AzureStorefront;

  before(async () => {
    mocks = await useMockCloud("prod");
    storefront = new AzureStorefront("acme-prod", { ...ARGS, profile: "wordpress", ...DATA });
    await valueOf(storefront.database!.host);
    await valueOf(storefront.media!.mount);
    await mocks.settle();
  });

  it("builds Key Vault, MySQL, Managed Redis and the media share inside the stack, without a refusal", () => {
    expect(mocks.ofType("storefront:azure/secrets:KeyVault").map((v) => v.name)).to.deep.equal([
      "acme-prod-secrets",
      "acme-prod-geo-keys",
    ]);
    for (const token of [
      "storefront:azure/data:MySql",
      "storefront:azure/data:ManagedRedis",
      "storefront:azure/storage:MediaShare",
    ]) {
      expect(mocks.one(token).parent, token).to.equal(
        mocks.one("storefront:azure/storefront:AzureStorefront").urn,
      );
    }
    expect(mocks.rejections).to.deep.equal([]);
  });

  it("places the private endpoints in the data subnet and uses the network's private DNS zones", async () => {
    const data = await valueOf(storefront.network.subnetIds.data);
    const endpoints = mocks.ofType("azure-native:network:PrivateEndpoint").map((e) => mocks.props(e));
    // The vault, the geo-backup key's vault, Redis and the media account.
    expect(endpoints).to.have.length(4);
    for (const e of endpoints) expect((e.subnet as { id: string }).id).to.equal(data);
    // The network owns the zones: the data tiers make none of their own.
    const zonesByName = mocks
      .ofType("azure-native:privatedns:PrivateZone")
      .map((z) => String(mocks.props(z).privateZoneName));
    expect(new Set(zonesByName).size, "each zone once").to.equal(zonesByName.length);
    const server = mocks.props(mocks.ofType("azure-native:dbformysql:Server")[0]);
    expect((server.network as { privateDnsZoneResourceId: string }).privateDnsZoneResourceId).to.equal(
      await valueOf(storefront.network.mysqlDnsZoneId),
    );
    expect((server.network as { delegatedSubnetResourceId: string }).delegatedSubnetResourceId).to.equal(
      await valueOf(storefront.network.subnetIds.mysql),
    );
  });

  it("keeps every generated secret in the stack's vault, WordPress salts included, all in its resource group", async () => {
    const vaultName = await valueOf(storefront.keyVault!.vaultName);
    const secrets = mocks.ofType("azure-native:keyvault:Secret").map((x) => mocks.props(x));
    expect(secrets.map((x) => x.secretName).sort()).to.deep.equal([
      "mysql-admin-password",
      "redis-access-key",
      "wordpress-salts",
    ]);
    for (const x of secrets) expect(x).to.deep.include({ vaultName, resourceGroupName: "acme-prod-rg" });
    const vault = mocks.props(mocks.ofType("azure-native:keyvault:Vault")[0]);
    expect((vault.properties as { tenantId: string }).tenantId).to.match(/^[0-9a-f-]{36}$/);
  });

  it("encrypts MySQL with a key of the stack's vault and its geo backups with a key in the paired region", async () => {
    const vaults = mocks.ofType("azure-native:keyvault:Vault").map((v) => mocks.props(v));
    expect(vaults.map((v) => v.location)).to.deep.equal(["westeurope", "northeurope"]);
    // Both let MySQL (a trusted service) reach its key through the firewall.
    for (const v of vaults)
      expect((v.properties as { networkAcls: { bypass: string } }).networkAcls.bypass).to.equal(
        "AzureServices",
      );
    const keys = mocks.ofType("azure-native:keyvault:Key").map((k) => mocks.props(k).vaultName);
    expect(keys).to.deep.equal([
      await valueOf(storefront.keyVault!.vaultName),
      await valueOf(storefront.geoKeyVault!.vaultName),
    ]);
    const server = mocks.props(mocks.ofType("azure-native:dbformysql:Server")[0]);
    expect(server.dataEncryption).to.have.keys(
      "type",
      "primaryKeyURI",
      "primaryUserAssignedIdentityId",
      "geoBackupKeyURI",
      "geoBackupUserAssignedIdentityId",
    );
  });

  it("tags the data tiers' taggable resources and leaves the others untagged", () => {
    const data = mocks.recorder.registrations.filter((r) =>
      /^azure-native:(keyvault|dbformysql|redisenterprise|storage|logic|authorization|managedidentity):/.test(
        r.type,
      ),
    );
    expect(data.length).to.be.greaterThan(25);
    for (const r of data) {
      const tags = mocks.props(r).tags;
      if (UNTAGGABLE_TYPES.has(r.type)) expect(tags, `${r.type} ${r.name}`).to.equal(undefined);
      else expect(tags, `${r.type} ${r.name}`).to.deep.equal(TAGS);
    }
  });

  it("refuses a database or cache without the vault that holds their secrets", () => {
    expect(() => checkAzureStorefrontArgs({ ...ARGS, database: DATA.database, cache: DATA.cache })).to.throw(
      "AzureStorefront: database: needs secrets (its password lives in Key Vault); cache: needs secrets (its access key lives in Key Vault)",
    );
  });
});

const WEBHOOK = "https://events.pagerduty.com/integration/7e1f0a2b3c4d5e6f7a8b9c0d1e2f3a4b/enqueue";

/** Operations and search as a Magento prod stack would give them. */
const OPS: Pick<AzureStorefrontArgs, "operations" | "search"> = {
  operations: {
    logRetentionDays: 365,
    thresholds: ENVIRONMENT_PRESETS.prod.alarms,
    emails: ["ops@acme.example"],
    webhookUrl: pulumi.secret(WEBHOOK),
    alertSeverity: 1,
    budget: { monthlyAmount: 4500, startDate: "2026-12-01" },
  },
  search: {
    nodeCount: 3,
    vmSize: "Standard_E4s_v5",
    dataDiskGiB: 128,
    sshPublicKeys: [
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHN0b3JlZnJvbnRzZWFyY2hub2Rlc2tleQ ops@acme.example",
    ],
  },
};

describe("components/azure/storefront/storefront: search and operations", () => {
  let mocks: MockSession;
  let storefront: AzureStorefront;

  before(async () => {
    mocks = await useMockCloud("prod");
    storefront = new AzureStorefront("acme-prod", { ...ARGS, ...DATA, ...OPS });
    await valueOf(storefront.monitoring!.actionGroupId);
    await valueOf(storefront.search!.scaleSetId);
    await mocks.settle();
  });

  it("builds the workspace, the search cluster and the monitoring inside the stack, without a refusal", () => {
    for (const token of [
      "storefront:azure/operations:LogAnalytics",
      "storefront:azure/search:SearchCluster",
      "storefront:azure/operations:Monitoring",
      "storefront:azure/operations:ResourceGroupBudget",
    ]) {
      expect(mocks.one(token).parent, token).to.equal(
        mocks.one("storefront:azure/storefront:AzureStorefront").urn,
      );
    }
    expect(mocks.rejections).to.deep.equal([]);
  });

  it("sends every tier's logs to the workspace: NSGs, flow-log storage, vault, cache, media, MySQL, search", () => {
    const workspaceId = mocks.one("azure-native:operationalinsights:Workspace").id;
    const settings = mocks.ofType("azure-native:monitor:DiagnosticSetting").map((r) => mocks.props(r));
    for (const s of settings) expect(s.workspaceId, String(s.resourceUri)).to.equal(workspaceId);
    const uris = settings.map((s) => String(s.resourceUri));
    const has = (pattern: RegExp) =>
      expect(
        uris.some((u) => pattern.test(u)),
        String(pattern),
      ).to.equal(true);
    has(/\/networkSecurityGroups\/[^/]*web[^/]*$/);
    has(/\/networkSecurityGroups\/[^/]*search[^/]*$/);
    has(/\/storageAccounts\/[^/]+\/blobServices\/default$/);
    has(/\/vaults\/[^/]+$/);
    has(/\/redisEnterprise\/[^/]+$/);
    has(/\/redisEnterprise\/[^/]+\/databases\/default$/);
    has(/\/storageAccounts\/[^/]+\/fileServices\/default$/);
    has(/\/flexibleServers\/[^/]+$/);
    has(/\/loadBalancers\/[^/]+$/);
    has(/\/virtualMachineScaleSets\/[^/]+$/);
    // One setting per resource: ARM refuses a second one sending the same categories to the same place.
    expect(new Set(uris.map((u) => u.toLowerCase())).size).to.equal(uris.length);
  });

  it("sends the flow logs' traffic analytics to the same workspace", () => {
    const flowLog = mocks.props(mocks.one("azure-native:network:FlowLog")) as Record<
      string,
      Record<string, Record<string, unknown>>
    >;
    expect(
      flowLog.flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration.workspaceResourceId,
    ).to.equal(mocks.one("azure-native:operationalinsights:Workspace").id);
  });

  it("alerts on the database, its reader, the cache, the media share and the search nodes at the prod thresholds", () => {
    const t = ENVIRONMENT_PRESETS.prod.alarms;
    const criteria = mocks
      .ofType("azure-native:monitor:MetricAlert")
      .map((r) => (mocks.props(r).criteria as { allOf: Record<string, unknown>[] }).allOf[0]);
    const thresholds = (metric: string) =>
      criteria.filter((c) => c.metricName === metric).map((c) => c.threshold);
    expect(thresholds("cpu_percent")).to.deep.equal([t.dbCpuPercent]);
    expect(thresholds("replication_lag")).to.deep.equal([t.replicaLagMs / 1000]);
    expect(thresholds("usedmemorypercentage")).to.deep.equal([t.cacheMemoryPercent]);
    expect(thresholds("FileCapacity")).to.deep.equal([Math.round(512 * 1024 ** 3 * 0.85)]);
    expect(thresholds("DipAvailability")).to.deep.equal([100]);
  });

  it("opens the search subnet to the load balancer's probe, and the snapshot endpoint resolves privately", () => {
    const probe = mocks
      .ofType("azure-native:network:SecurityRule")
      .map((r) => mocks.props(r))
      .filter(
        (r) =>
          r.sourceAddressPrefix === "AzureLoadBalancer" &&
          String(r.networkSecurityGroupName).includes("search"),
      );
    expect(probe.map((r) => r.destinationPortRange ?? r.destinationPortRanges)).to.deep.equal([["9200"]]);
    const blobZone = mocks
      .ofType("azure-native:privatedns:PrivateZone")
      .find((z) => z.inputs.privateZoneName === "privatelink.blob.core.windows.net")!;
    const groups = mocks.ofType("azure-native:network:PrivateDnsZoneGroup").map((r) => mocks.props(r));
    expect(groups.filter((g) => JSON.stringify(g).includes(blobZone.id!))).to.have.length(1);
  });

  it("budgets the resource group and keeps the webhook out of the state in plain text", () => {
    expect(mocks.props(mocks.one("azure-native:consumption:Budget")).scope).to.equal(
      mocks.one("azure-native:resources:ResourceGroup").id,
    );
    const everything = JSON.stringify(
      mocks.recorder.registrations.map((r) => fromWire({ inputs: r.inputs, outputs: r.outputs }, "redact")),
    );
    expect(everything).to.not.contain("pagerduty");
  });

  it("refuses search without the vault or on a WordPress stack", () => {
    expect(() => checkAzureStorefrontArgs({ ...ARGS, profile: "wordpress", search: OPS.search })).to.throw(
      "AzureStorefront: search: needs secrets (its admin password and CA seed live in Key Vault); search: only a magento stack has a search tier",
    );
  });
});

/** The web, edge and access tiers as a prod WordPress stack would give them. */
const WEB: Pick<AzureStorefrontArgs, "web" | "edge" | "access"> = {
  web: {
    servers: {
      vmSize: "Standard_D4as_v5",
      image: { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "24.04.202511040" },
      adminUsername: "storefront",
      sshPublicKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJxyz operator@acme"],
    },
    capacity: { minSize: 3, maxSize: 12, desiredCapacity: 3 },
    campaigns: [
      {
        name: "bf",
        start: "2027-11-25T21:30:00Z",
        end: "2027-11-29T22:59:00Z",
        minSize: 10,
        maxSize: 40,
        desiredCapacity: 12,
      },
    ],
    rateLimit: 2000,
    certificateSecretId: "https://kv-acme.vault.azure.net/secrets/site-cert",
    healthCheckPath: "/storefront-health.txt",
    webRoot: "/var/www/html",
    staticMaxAgeSeconds: 604800,
    mediaDirectories: [{ path: "/var/www/html/wp-content/uploads", directory: "uploads" }],
    siteUrl: "https://shop.acme.example",
  },
  edge: {
    hostnames: ["shop.acme.example"],
    paths: {
      static: ["/wp-content/*", "/wp-includes/*"],
      neverCache: ["/wp-admin/*", "/cart*", "/checkout*"],
    },
    staticTtlSeconds: 604800,
    securityHeaders: {
      hstsMaxAgeSeconds: 31536000,
      frameOptions: "SAMEORIGIN",
      referrerPolicy: "strict-origin-when-cross-origin",
    },
    waf: { rateLimit: 2000 },
    geoRestriction: { mode: "allow", countries: ["DE", "AT", "CH"] },
  },
  access: { sku: "Standard" },
};

describe("components/azure/storefront/storefront: the web, edge and access tiers", () => {
  let mocks: MockSession;
  let storefront: AzureStorefront;

  before(async () => {
    mocks = await useMockCloud("prod");
    storefront = new AzureStorefront("acme-prod", {
      ...ARGS,
      profile: "wordpress",
      ...DATA,
      ...WEB,
      operations: OPS.operations,
    });
    await valueOf(storefront.web!.autoscaleSettingId);
    await valueOf(storefront.edge!.wafPolicyId);
    await valueOf(storefront.bastion!.bastionId);
    await mocks.settle();
  });

  it("builds the gateway and scale set in the network's subnets, Front Door and Bastion, without a refusal", async () => {
    expect(mocks.rejections).to.deep.equal([]);
    const gw = mocks.props(mocks.one("azure-native:network:ApplicationGateway"));
    const [ipConfig] = gw.gatewayIPConfigurations as { subnet: { id: string } }[];
    expect(ipConfig.subnet.id).to.equal(await valueOf(storefront.network.subnetIds.gateway));
    const vmss = mocks.props(mocks.one("azure-native:compute:VirtualMachineScaleSet"));
    const nic = JSON.stringify((vmss.virtualMachineProfile as Record<string, unknown>).networkProfile);
    expect(nic).to.include(await valueOf(storefront.network.subnetIds.web));
    expect(nic).to.include(await valueOf(storefront.network.webSecurityGroupId));
    const bastion = mocks.props(mocks.one("azure-native:network:BastionHost"));
    expect(JSON.stringify(bastion.ipConfigurations)).to.include(
      await valueOf(storefront.network.subnetIds.bastion!),
    );
  });

  it("locks the gateway to this Front Door: its id in the gateway's WAF, the origin at the gateway's address", () => {
    const profile = mocks.props(mocks.one("azure-native:cdn:Profile"));
    const waf = mocks.props(mocks.one("azure-native:network:WebApplicationFirewallPolicy"));
    expect(JSON.stringify(waf.customRules)).to.include(`"matchValues":["${String(profile.frontDoorId)}"]`);
    const ip = mocks
      .ofType("azure-native:network:PublicIPAddress")
      .find((r) => r.name === "acme-prod-web-gw-ip")!;
    const gw = mocks.props(mocks.one("azure-native:network:ApplicationGateway"));
    expect(JSON.stringify(gw.frontendIPConfigurations)).to.include(String(ip.id));
    expect(mocks.one("azure-native:cdn:AFDOrigin").propertyDependencies.hostName).to.include(ip.urn);
  });

  it("boots servers with the stack's vault, database, cache and share, as the servers' own identity", async () => {
    const vmss = mocks.props(mocks.one("azure-native:compute:VirtualMachineScaleSet"));
    const os = (vmss.virtualMachineProfile as { osProfile: { customData: string } }).osProfile;
    const script = Buffer.from(os.customData, "base64").toString();
    expect(script).to.include(
      `${await valueOf(storefront.keyVault!.vaultUri)}`.replace(/\/$/, "") + "/secrets/$1",
    );
    expect(script).to.include(`client_id=${await valueOf(storefront.web!.serverIdentityClientId)}`);
    expect(script).to.include(await valueOf(storefront.database!.host));
    expect(script).to.include(`tls://${await valueOf(storefront.sessions!.host)}:10000`);
    const mount = await valueOf(storefront.media!.mount);
    expect(script).to.include(`${mount.host}:${mount.exportPath} /mnt/storefront-media aznfs`);
    expect(script).to.include(`kv_secret 'redis-access-key'`);
  });

  it("sends the gateway's, the servers', Front Door's and Bastion's logs to the workspace", async () => {
    const targets = mocks
      .ofType("azure-native:monitor:DiagnosticSetting")
      .map((d) => String(mocks.props(d).resourceUri));
    for (const id of [
      await valueOf(storefront.web!.gatewayId),
      await valueOf(storefront.web!.scaleSetId),
      await valueOf(storefront.edge!.serviceId),
      await valueOf(storefront.bastion!.bastionId),
    ]) {
      expect(targets).to.include(id);
    }
  });

  it("refuses a web tier without its data tiers, and Front Door without a certificate on the gateway", () => {
    const { certificateSecretId: _cert, ...plain } = WEB.web!;
    expect(() => checkAzureStorefrontArgs({ ...ARGS, web: WEB.web })).to.throw(
      "AzureStorefront: web: needs secrets, database, cache, media (first boot reads them)",
    );
    expect(() => checkAzureStorefrontArgs({ ...ARGS, ...DATA, web: plain, edge: WEB.edge })).to.throw(
      "AzureStorefront: edge: needs web.certificateSecretId with host names (Front Door reaches the gateway over HTTPS); web: needs certificateSecretId in prod (plain HTTP to the gateway is for dev only)",
    );
    // Dev without a domain: Front Door's own name, plain HTTP to the gateway behind it.
    const dev = { ...ARGS, environment: "dev", ...DATA, web: plain, edge: { ...WEB.edge!, hostnames: [] } };
    expect(() => checkAzureStorefrontArgs(dev)).to.not.throw();
    expect(() =>
      checkAzureStorefrontArgs({
        ...dev,
        web: { ...plain, certificateVaultId: "/subscriptions/s/vaults/v" },
      }),
    ).to.throw("AzureStorefront: web: certificateVaultId without certificateSecretId");
    expect(() => checkAzureStorefrontArgs({ ...ARGS, edge: WEB.edge })).to.throw(
      "edge: needs web (Front Door's origin is the web tier's gateway)",
    );
  });
});

describe("components/azure/storefront/storefront: a Magento web tier and its search cluster", () => {
  let mocks: MockSession;
  let storefront: AzureStorefront;
  let script: string;

  before(async () => {
    mocks = await useMockCloud("prod");
    storefront = new AzureStorefront("acme-prod", {
      ...ARGS,
      ...DATA,
      ...OPS,
      web: {
        ...WEB.web!,
        webRoot: "/var/www/magento",
        mediaDirectories: [{ path: "/var/www/magento/pub/media", directory: "media" }],
      },
    });
    await valueOf(storefront.web!.autoscaleSettingId);
    await valueOf(storefront.search!.scaleSetId);
    await mocks.settle();
    const vmss = mocks
      .ofType("azure-native:compute:VirtualMachineScaleSet")
      .map((r) => mocks.props(r))
      .find((p) => String(p.vmScaleSetName).includes("web"))!;
    const os = (vmss.virtualMachineProfile as { osProfile: { customData: string } }).osProfile;
    script = Buffer.from(os.customData, "base64").toString();
  });

  it("plans without a refusal", () => {
    expect(mocks.rejections).to.deep.equal([]);
  });

  it("points Magento at the cluster's load balancer on 9200 as the cluster's own user", () => {
    const lines = script.split("\n");
    const settings = JSON.parse(lines[lines.indexOf(`cat > "$conf/settings.json" <<'JSON'`) + 1]);
    const search = storefront.search!;
    // The cluster's endpoint, as the SearchCluster publishes it, is where Magento connects.
    expect(`https://${settings.search.host}:${settings.search.port}`).to.equal(search.endpoint);
    expect(settings.search.port).to.equal(9200);
    expect(settings.search.username).to.equal("storefront_admin");
    // The load balancer's frontend is the address its rule listens on.
    const lb = mocks.props(mocks.one("azure-native:network:LoadBalancer"));
    const [frontend] = lb.frontendIPConfigurations as { privateIPAddress: string }[];
    expect(settings.search.host).to.equal(frontend.privateIPAddress);
  });

  it("reads the cluster's password and CA certificate secrets by name, from the vault the servers may read", async () => {
    const search = storefront.search!;
    const names = mocks.ofType("azure-native:keyvault:Secret").map((r) => String(mocks.props(r).secretName));
    expect(names).to.include.members([search.passwordSecretName, search.caCertificateSecretName]);
    expect(script).to.include(`kv_secret '${search.caCertificateSecretName}' | openssl x509`);
    expect(script).to.include(`secret_file "$conf/search-password" kv_secret '${search.passwordSecretName}'`);
    const vaultId = await valueOf(storefront.keyVault!.vaultId);
    const serverPrincipal = await valueOf(storefront.web!.serverIdentityPrincipalId);
    const grants = mocks
      .ofType("azure-native:authorization:RoleAssignment")
      .map((r) => mocks.props(r))
      .filter((p) => p.principalId === serverPrincipal);
    expect(grants.map((g) => g.scope)).to.include(vaultId);
  });

  it("never carries the search password or the CA certificate in the servers' custom data", async () => {
    const password = mocks
      .ofType("random:index/randomPassword:RandomPassword")
      .map((r) => String(mocks.props(r).result))
      .filter((v) => v && v !== "undefined");
    expect(password.length).to.be.greaterThan(0);
    for (const value of password) expect(script).to.not.include(value);
    expect(script).to.not.include("BEGIN CERTIFICATE");
  });
});
