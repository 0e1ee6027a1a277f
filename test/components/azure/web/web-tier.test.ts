import { expect } from "chai";
import {
  AzureWebTier,
  AzureWebTierArgs,
  checkAzureWebTierArgs,
} from "../../../../components/azure/web/web-tier";
import { MockSession, useMockCloud, valueOf } from "../../../mocks";

const SUB = "00000000-1111-2222-3333-444444444444";
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg-acme-prod/providers/Microsoft.KeyVault/vaults/kv-acme`;
const CERT = "https://kv-acme.vault.azure.net/secrets/site-cert";
const FDID = "11111111-2222-3333-4444-555555555555";
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJxyz operator@acme";

function args(overrides: Partial<AzureWebTierArgs> = {}): AzureWebTierArgs {
  return {
    resourceGroupName: "rg-acme-prod",
    location: "westeurope",
    subscriptionId: SUB,
    gatewaySubnetId: "/subnets/gateway",
    webSubnetId: "/subnets/web",
    webApplicationSecurityGroupId: "/asg/web",
    https: { certificateSecretId: CERT, keyVaultId: VAULT },
    frontDoorId: FDID,
    gateway: { minCapacity: 2, maxCapacity: 8 },
    waf: { rateLimit: 2000 },
    healthCheckPath: "/storefront-health.txt",
    servers: {
      vmSize: "Standard_D4as_v5",
      image: { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "24.04.202511040" },
      adminUsername: "storefront",
      sshPublicKeys: [KEY],
      customData: "#!/bin/bash\necho hello\n",
      keyVaultId: VAULT,
    },
    capacity: { minSize: 3, maxSize: 12, desiredCapacity: 3 },
    campaigns: [
      {
        name: "bf",
        start: "2027-11-25T22:30:00Z",
        end: "2027-11-29T22:59:00Z",
        minSize: 10,
        maxSize: 40,
        desiredCapacity: 12,
      },
    ],
    ...overrides,
  };
}

async function build(stack: string, a: AzureWebTierArgs): Promise<MockSession> {
  const mocks = await useMockCloud(stack);
  const tier = new AzureWebTier(`${stack}-web`, a);
  await valueOf(tier.autoscaleSettingId);
  await mocks.settle();
  // Nothing ARM would refuse: names, tags, duplicate ids.
  expect(mocks.rejections).to.deep.equal([]);
  return mocks;
}

type Obj = Record<string, unknown>;

describe("components/azure/web/web-tier", () => {
  describe("behind Front Door, with HTTPS (prod)", () => {
    let mocks: MockSession;
    let gw: Obj;
    before(async () => {
      mocks = await build("prod", args());
      gw = mocks.props(mocks.one("azure-native:network:ApplicationGateway"));
    });

    it("runs the gateway as WAF_v2 across zones 1-3, autoscaling from two instances", () => {
      expect(gw.sku).to.deep.equal({ name: "WAF_v2", tier: "WAF_v2" });
      expect(gw.zones).to.deep.equal(["1", "2", "3"]);
      expect(gw.autoscaleConfiguration).to.deep.equal({ minCapacity: 2, maxCapacity: 8 });
      const ip = mocks.props(mocks.one("azure-native:network:PublicIPAddress"));
      expect(ip.zones).to.deep.equal(["1", "2", "3"]);
      expect(ip.sku).to.deep.include({ name: "Standard" });
    });

    it("holds TLS to 1.2 and up with the 2022 predefined policy", () => {
      expect(gw.sslPolicy).to.deep.equal({ policyType: "Predefined", policyName: "AppGwSslPolicy20220101S" });
    });

    it("serves HTTPS with the Key Vault certificate, read by the gateway's own identity", () => {
      const certificates = gw.sslCertificates as Obj[];
      expect(certificates).to.have.length(1);
      expect(certificates[0]).to.deep.include({ name: "site", keyVaultSecretId: CERT });
      const identity = gw.identity as Obj;
      expect(identity.type).to.equal("UserAssigned");
      expect(identity.userAssignedIdentities as unknown[]).to.have.length(1);
      const grants = mocks.ofType("azure-native:authorization:RoleAssignment").map((r) => mocks.props(r));
      // The servers read the stack's vault; the gateway only the certificate's secret (it may live in a
      // vault shared with other certificates).
      expect(grants.map((r) => r.scope).sort()).to.deep.equal([VAULT, `${VAULT}/secrets/site-cert`]);
      for (const r of grants) {
        expect(r.roleDefinitionId).to.equal(
          `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6`,
        );
        expect(r.roleAssignmentName).to.match(
          /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
        );
      }
    });

    it("lets the HTTP listener only redirect, permanently, to the HTTPS listener", () => {
      const rules = gw.requestRoutingRules as Obj[];
      const http = rules.find((r) => String((r.httpListener as Obj).id).endsWith("/httpListeners/http"))!;
      expect(http).to.not.have.property("backendAddressPool");
      expect(String((http.redirectConfiguration as Obj).id)).to.match(/\/redirectConfigurations\/to-https$/);
      const [redirect] = gw.redirectConfigurations as Obj[];
      expect(redirect).to.deep.include({
        redirectType: "Permanent",
        includePath: true,
        includeQueryString: true,
      });
      expect(String((redirect.targetListener as Obj).id)).to.match(/\/httpListeners\/https$/);
      const https = rules.find((r) => String((r.httpListener as Obj).id).endsWith("/httpListeners/https"))!;
      expect(String((https.backendAddressPool as Obj).id)).to.match(/\/backendAddressPools\/web$/);
    });

    it("probes the static health file, without affinity, draining connections", () => {
      const [probe] = gw.probes as Obj[];
      expect(probe).to.deep.include({ protocol: "Http", path: "/storefront-health.txt" });
      const [settings] = gw.backendHttpSettingsCollection as Obj[];
      expect(settings).to.deep.include({ cookieBasedAffinity: "Disabled", port: 80 });
      expect(settings.connectionDraining).to.deep.equal({ enabled: true, drainTimeoutInSec: 30 });
      expect(String((settings.probe as Obj).id)).to.match(/\/probes\/health$/);
    });

    it("attaches a WAF policy in prevention with DRS 2.1 and the bot manager, locked to this Front Door", () => {
      const waf = mocks.props(mocks.one("azure-native:network:WebApplicationFirewallPolicy"));
      expect(waf.policySettings).to.deep.include({
        state: "Enabled",
        mode: "Prevention",
        requestBodyCheck: true,
      });
      expect((waf.managedRules as Obj).managedRuleSets).to.deep.equal([
        { ruleSetType: "Microsoft_DefaultRuleSet", ruleSetVersion: "2.1" },
        { ruleSetType: "Microsoft_BotManagerRuleSet", ruleSetVersion: "1.1" },
      ]);
      const [lock] = waf.customRules as Obj[];
      expect(lock).to.deep.include({ ruleType: "MatchRule", action: "Block", priority: 1 });
      expect(lock.matchConditions).to.deep.equal([
        {
          matchVariables: [{ variableName: "RequestHeaders", selector: "X-Azure-FDID" }],
          operator: "Equal",
          negationConditon: true,
          matchValues: [FDID],
        },
      ]);
      expect(gw.firewallPolicy).to.deep.equal({
        id: mocks.one("azure-native:network:WebApplicationFirewallPolicy").id,
      });
    });

    it("spreads a Flexible scale set evenly over the zones, behind the gateway's pool, without public addresses", () => {
      const vmss = mocks.props(mocks.one("azure-native:compute:VirtualMachineScaleSet"));
      expect(vmss).to.deep.include({
        orchestrationMode: "Flexible",
        zoneBalance: true,
        platformFaultDomainCount: 1,
      });
      expect(vmss.zones).to.deep.equal(["1", "2", "3"]);
      const profile = vmss.virtualMachineProfile as Obj;
      const [nic] = (profile.networkProfile as Obj).networkInterfaceConfigurations as Obj[];
      const [ipConfig] = nic.ipConfigurations as Obj[];
      expect(ipConfig).to.not.have.property("publicIPAddressConfiguration");
      expect(ipConfig.subnet).to.deep.equal({ id: "/subnets/web" });
      const pools = ipConfig.applicationGatewayBackendAddressPools as Obj[];
      expect(String(pools[0].id)).to.equal(
        `${mocks.one("azure-native:network:ApplicationGateway").id}/backendAddressPools/web`,
      );
    });

    it("boots Trusted Launch with encryption at host, SSH keys only, from a pinned image", () => {
      const vmss = mocks.props(mocks.one("azure-native:compute:VirtualMachineScaleSet"));
      const profile = vmss.virtualMachineProfile as Obj;
      expect(profile.securityProfile).to.deep.equal({
        encryptionAtHost: true,
        securityType: "TrustedLaunch",
        uefiSettings: { secureBootEnabled: true, vTpmEnabled: true },
      });
      const os = profile.osProfile as Obj;
      const linux = os.linuxConfiguration as Obj;
      expect(linux.disablePasswordAuthentication).to.equal(true);
      expect(os).to.not.have.property("adminPassword");
      expect((linux.ssh as Obj).publicKeys).to.deep.equal([
        { path: "/home/storefront/.ssh/authorized_keys", keyData: KEY },
      ]);
      expect(Buffer.from(String(os.customData), "base64").toString()).to.equal("#!/bin/bash\necho hello\n");
      const storage = profile.storageProfile as Obj;
      expect((storage.imageReference as Obj).version).to.equal("24.04.202511040");
      expect((storage.osDisk as Obj).managedDisk).to.deep.equal({ storageAccountType: "Premium_ZRS" });
      expect(vmss.identity).to.have.property("type", "UserAssigned");
    });

    it("rolls upgrades in batches and repairs servers the health extension reports", () => {
      const vmss = mocks.props(mocks.one("azure-native:compute:VirtualMachineScaleSet"));
      expect((vmss.upgradePolicy as Obj).mode).to.equal("Rolling");
      expect((vmss.upgradePolicy as Obj).rollingUpgradePolicy).to.deep.include({
        maxBatchInstancePercent: 20,
        maxUnhealthyInstancePercent: 20,
      });
      expect(vmss.automaticRepairsPolicy).to.deep.equal({
        enabled: true,
        gracePeriod: "PT30M",
        repairAction: "Replace",
      });
      const [health] = ((vmss.virtualMachineProfile as Obj).extensionProfile as Obj).extensions as Obj[];
      expect(health).to.deep.include({
        publisher: "Microsoft.ManagedServices",
        type: "ApplicationHealthLinux",
      });
      expect(health.settings).to.deep.include({
        protocol: "http",
        port: 80,
        requestPath: "/storefront-health.txt",
      });
    });

    it("scales on CPU and raises capacity for each campaign in a fixed-date profile in UTC", () => {
      const autoscale = mocks.props(mocks.one("azure-native:monitor:AutoscaleSetting"));
      const vmssId = mocks.one("azure-native:compute:VirtualMachineScaleSet").id;
      expect(autoscale.targetResourceUri).to.equal(vmssId);
      const [normal, campaign] = autoscale.profiles as Obj[];
      expect(normal.capacity).to.deep.equal({ minimum: "3", maximum: "12", default: "3" });
      expect(normal).to.not.have.property("fixedDate");
      const [out, inward] = normal.rules as Obj[];
      expect(out.metricTrigger).to.deep.include({
        metricName: "Percentage CPU",
        operator: "GreaterThan",
        threshold: 70,
      });
      expect(out.scaleAction).to.deep.include({ direction: "Increase", cooldown: "PT5M" });
      expect(inward.metricTrigger).to.deep.include({ operator: "LessThan", threshold: 40 });
      expect(inward.scaleAction).to.deep.include({ direction: "Decrease", cooldown: "PT10M" });
      expect(campaign.capacity).to.deep.equal({ minimum: "10", maximum: "40", default: "12" });
      expect(campaign.fixedDate).to.deep.equal({
        timeZone: "UTC",
        start: "2027-11-25T22:30:00Z",
        end: "2027-11-29T22:59:00Z",
      });
      expect(campaign.rules).to.deep.equal(normal.rules);
    });
  });

  describe("without Front Door", () => {
    it("limits each client address over five minutes with the kit's rate limit", async () => {
      const mocks = await build("direct", args({ frontDoorId: undefined }));
      const waf = mocks.props(mocks.one("azure-native:network:WebApplicationFirewallPolicy"));
      const [rule] = waf.customRules as Obj[];
      expect(rule).to.deep.include({
        ruleType: "RateLimitRule",
        action: "Block",
        rateLimitDuration: "FiveMins",
        rateLimitThreshold: 2000,
      });
      expect(rule.groupByUserSession).to.deep.equal([{ groupByVariables: [{ variableName: "ClientAddr" }] }]);
    });
  });

  describe("without a domain (dev)", () => {
    it("serves plain HTTP to the servers and says why", async () => {
      const mocks = await build("dev", args({ https: undefined, frontDoorId: undefined }));
      const gw = mocks.props(mocks.one("azure-native:network:ApplicationGateway"));
      expect(gw.tags).to.deep.include({ "plain-http": "no-domain" });
      expect(gw).to.not.have.property("sslCertificates");
      expect(gw.redirectConfigurations ?? []).to.deep.equal([]);
      const [rule] = gw.requestRoutingRules as Obj[];
      expect(String((rule.backendAddressPool as Obj).id)).to.match(/\/backendAddressPools\/web$/);
    });

    it("places the gateway, its address and one server regionally when the stack has no zones", async () => {
      const mocks = await build(
        "dev",
        args({
          https: undefined,
          zones: [],
          gateway: { minCapacity: 1, maxCapacity: 2 },
          capacity: { minSize: 1, maxSize: 3, desiredCapacity: 1 },
        }),
      );
      const gw = mocks.props(mocks.one("azure-native:network:ApplicationGateway"));
      expect(gw).to.not.have.property("zones");
      expect(mocks.props(mocks.one("azure-native:network:PublicIPAddress"))).to.not.have.property("zones");
      const vmss = mocks.props(mocks.one("azure-native:compute:VirtualMachineScaleSet"));
      expect(vmss).to.not.have.property("zones");
      expect(vmss).to.not.have.property("zoneBalance");
      expect(vmss.platformFaultDomainCount).to.equal(1);
    });
  });

  describe("checkAzureWebTierArgs", () => {
    it("accepts the prod args", () => {
      expect(() => checkAzureWebTierArgs(args())).to.not.throw();
    });

    // "Trusted Launch for Azure virtual machines": the Dpsv5 series is "currently not supported".
    it("refuses a size Trusted Launch does not support, since the scale set sets it", () => {
      const bad = args({ servers: { ...args().servers, vmSize: "Standard_D4ps_v5" } });
      expect(() => checkAzureWebTierArgs(bad)).to.throw(
        "AzureWebTier: servers.vmSize Standard_D4ps_v5: the Dpsv5 series does not support Trusted Launch, which the scale set sets",
      );
      const arm = args({ servers: { ...args().servers, vmSize: "Standard_D4ps_v6" } });
      expect(() => checkAzureWebTierArgs(arm)).to.not.throw();
    });

    it("reports every contradiction at once, each on its own line", () => {
      const bad = args({
        zones: ["1", "4"],
        gateway: { minCapacity: 5, maxCapacity: 3, sslPolicy: "AppGwSslPolicy20150501" },
        waf: { rateLimit: 5 },
        servers: {
          ...args().servers,
          image: { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" },
          sshPublicKeys: [],
          adminUsername: "admin",
        },
        capacity: { minSize: 1, maxSize: 4, desiredCapacity: 6 },
        scaling: { inPercent: 80, outPercent: 70 },
        campaigns: [
          {
            name: "bf",
            start: "2027-11-29T00:00:00Z",
            end: "2027-11-25T00:00:00Z",
            minSize: 2,
            maxSize: 4,
            desiredCapacity: 3,
          },
          {
            name: "bf",
            start: "2027-12-01T00:00:00Z",
            end: "2027-12-02T00:00:00Z",
            minSize: 2,
            maxSize: 4,
            desiredCapacity: 3,
          },
        ],
      });
      let message = "";
      try {
        checkAzureWebTierArgs(bad);
      } catch (e) {
        message = (e as Error).message;
      }
      const lines = message.replace(/^AzureWebTier: /, "").split("; ");
      expect(lines).to.deep.equal([
        'zones ["1","4"]: expected distinct zones among "1", "2" and "3" (none: regional)',
        "gateway.maxCapacity 3 is below gateway.minCapacity 5",
        "gateway.sslPolicy AppGwSslPolicy20150501: expected a predefined policy whose minimum is TLS 1.2 (AppGwSslPolicy20220101S)",
        "waf.rateLimit 5: expected a whole number from 10",
        "servers.sshPublicKeys is empty: expected at least one key (there is no password)",
        "servers.adminUsername admin: expected a lowercase Linux user name, not a reserved one",
        'servers.image.version latest: expected an exact version such as 24.04.202511040, not "latest" (the fleet must not move by itself)',
        "capacity.desiredCapacity 6 is outside 1-4",
        "capacity.minSize 1 is below the 2 zones: zone balance needs a server per zone",
        "scaling.inPercent 80 is not below scaling.outPercent 70: the fleet would flap",
        "campaign bf: start 2027-11-29T00:00:00Z is not before end 2027-11-25T00:00:00Z",
        "campaigns: bf named more than once",
      ]);
    });

    it("refuses more campaigns than an autoscale setting holds profiles", () => {
      const campaigns = Array.from({ length: 20 }, (_, i) => ({
        name: `c${i}`,
        start: `2027-01-${String(i + 1).padStart(2, "0")}T00:00:00Z`,
        end: `2027-01-${String(i + 1).padStart(2, "0")}T12:00:00Z`,
        minSize: 3,
        maxSize: 6,
        desiredCapacity: 3,
      }));
      expect(() => checkAzureWebTierArgs(args({ campaigns }))).to.throw(
        "campaigns: 20 windows; an autoscale setting holds at most 20 profiles, the default one included",
      );
    });

    it("holds rolling upgrades and repairs to what the Compute API accepts", () => {
      const servers = { ...args().servers, repairGraceMinutes: 5 };
      expect(() =>
        checkAzureWebTierArgs(args({ servers, upgrade: { maxBatchPercent: 50, maxUnhealthyPercent: 30 } })),
      ).to.throw(
        "AzureWebTier: upgrade.maxBatchPercent 50 is above upgrade.maxUnhealthyPercent 30; servers.repairGraceMinutes 5: expected a whole number from 10 to 90",
      );
    });

    it("refuses a gallery image definition instead of a version", () => {
      const servers = { ...args().servers, image: { galleryImageVersionId: "/galleries/g/images/web" } };
      expect(() => checkAzureWebTierArgs(args({ servers }))).to.throw("/versions/<x.y.z>");
    });
  });
});
