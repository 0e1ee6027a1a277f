import { expect } from "chai";
import { planStack, PlanResult } from "../../runtime/plan-runner";
import { readStackSettings } from "../../runtime/stack-files";
import { UNTAGGABLE_TYPES } from "../../components/azure/shared/tags";
import { fromWire } from "../../runtime/wire";
import { runStack } from "../../stacks/program";
import { cachedStackPlan } from "../plan-cache";

type Obj = Record<string, unknown>;
const GATEWAY = "azure-native:network:ApplicationGateway";
const VMSS = "azure-native:compute:VirtualMachineScaleSet";
const RULE = "azure-native:network:SecurityRule";

/** The one resource of `type` whose name ends in `suffix`. */
function one(plan: PlanResult, type: string, suffix: string) {
  const found = plan.resources.filter((r) => r.type === type && r.name.endsWith(suffix));
  expect(found, `${type} *${suffix}`).to.have.length(1);
  return found[0];
}

/** Inbound rules that admit traffic, of the NSG whose name ends in `nsgSuffix`. */
function allowed(plan: PlanResult, nsgSuffix: string) {
  return plan.resources.filter(
    (r) =>
      r.type === RULE &&
      r.props.direction === "Inbound" &&
      r.props.access === "Allow" &&
      String(r.props.networkSecurityGroupName).endsWith(nsgSuffix),
  );
}

const ports = (r: { props: Obj }) => (r.props.destinationPortRanges as string[] | undefined) ?? [];

describe("stacks/azure-program", () => {
  const plans: Record<string, PlanResult> = {};
  before(async () => {
    for (const stack of ["azure-dev", "azure-prod"]) plans[stack] = await cachedStackPlan(stack);
  });

  for (const stack of ["azure-dev", "azure-prod"]) {
    describe(`the ${stack} stack`, () => {
      it("plans the Azure storefront through one azure-native provider for the stack's subscription", () => {
        const plan = plans[stack];
        const providers = plan.registrations.filter((r) => r.type.startsWith("pulumi:providers:"));
        expect(providers.map((p) => p.type)).to.deep.equal(["pulumi:providers:azure-native"]);
        expect(providers[0].inputs.location).to.equal("westeurope");
        expect(plan.resources.filter((r) => r.type.startsWith("aws:"))).to.deep.equal([]);
        expect(plan.resources.some((r) => r.type === "storefront:azure/storefront:AzureStorefront")).to.equal(
          true,
        );
      });

      it("has zero mandatory policy findings", () => {
        expect(plans[stack].violations.filter((v) => v.enforcement === "mandatory")).to.deep.equal([]);
      });

      it("runs the web servers in a Flexible scale set with keys only and no public address, behind the gateway", () => {
        const vmss = one(plans[stack], VMSS, "-web-vmss");
        const profile = vmss.props.virtualMachineProfile as Obj;
        const nic = JSON.stringify(profile.networkProfile);
        expect(nic).to.include("/applicationGateways/").and.to.include("/applicationSecurityGroups/");
        expect(nic).to.not.include("publicIPAddressConfiguration");
        expect(vmss.props.orchestrationMode).to.equal("Flexible");
        const linux = (profile.osProfile as Obj).linuxConfiguration as Obj;
        expect(linux.disablePasswordAuthentication).to.equal(true);
      });

      it("lets only Front Door reach the gateway: its subnet admits AzureFrontDoor.Backend, its WAF this profile's id", () => {
        const plan = plans[stack];
        const web = allowed(plan, "-gateway-nsg").filter((r) =>
          ports(r).some((p) => ["80", "443"].includes(p)),
        );
        expect(web.map((r) => r.props.sourceAddressPrefix)).to.deep.equal(["AzureFrontDoor.Backend"]);
        // Prod's gateway serves HTTPS; dev's (no domain, no certificate) plain HTTP to Front Door alone.
        expect(web.map(ports)).to.deep.equal([stack === "azure-prod" ? ["443"] : ["80"]]);
        const profile = one(plan, "azure-native:cdn:Profile", "-edge-profile");
        const lock = JSON.stringify(
          one(plan, "azure-native:network:WebApplicationFirewallPolicy", "-web-waf").props.customRules,
        );
        expect(lock).to.include("X-Azure-FDID").and.to.include(String(profile.props.frontDoorId));
      });

      it("tags every taggable Azure resource with the kit's and the stack file's tags", () => {
        for (const r of plans[stack].resources.filter((x) => x.type.startsWith("azure-native:"))) {
          if (UNTAGGABLE_TYPES.has(r.type)) continue;
          expect(r.props.tags, r.urn).to.include({
            client: "alpenglow",
            "managed-by": "pulumi",
            "cost-center": "8812",
          });
        }
      });

      it("exports ids and names, never a secret", () => {
        const plan = plans[stack];
        expect(plan.outputs).to.include({ cloud: "azure", client: "alpenglow", region: "westeurope" });
        expect(plan.outputs.resourceGroupName).to.match(/^alpenglow-(dev|prod)-rg$/);
        expect(JSON.stringify(plan.outputs)).to.not.match(/\[secret\]|password|key=/i);
      });
    });
  }

  describe("azure-prod: web, edge and access", () => {
    it("spreads the gateway, its address and the scale set over zones 1-3, two gateway instances at least", () => {
      const plan = plans["azure-prod"];
      const gw = one(plan, GATEWAY, "-web-gw");
      expect(gw.props.zones).to.deep.equal(["1", "2", "3"]);
      expect((gw.props.autoscaleConfiguration as Obj).minCapacity).to.equal(2);
      const ip = one(plan, "azure-native:network:PublicIPAddress", "-web-gw-ip");
      expect(ip.props.zones).to.deep.equal(["1", "2", "3"]);
      const vmss = one(plan, VMSS, "-web-vmss");
      expect(vmss.props.zones).to.deep.equal(["1", "2", "3"]);
      expect(vmss.props.zoneBalance).to.equal(true);
    });

    it("scales on CPU and raises capacity for the winter sale in a UTC window (Zurich 07:00 less an hour's lead)", () => {
      const setting = one(plans["azure-prod"], "azure-native:monitor:AutoscaleSetting", "-web-autoscale");
      const profiles = setting.props.profiles as Obj[];
      expect(profiles.map((p) => p.name)).to.deep.equal(["default", "campaign-winter-sale-2027"]);
      expect(profiles[0].capacity).to.deep.equal({ minimum: "3", maximum: "16", default: "3" });
      // 2027-01-08T07:00 and 2027-01-17T23:59 in Europe/Zurich are 06:00Z and 22:59Z (CET, UTC+1).
      expect(profiles[1].fixedDate).to.deep.equal({
        timeZone: "UTC",
        start: "2027-01-08T05:00:00Z",
        end: "2027-01-17T22:59:00Z",
      });
      expect(profiles[1].capacity).to.deep.equal({ minimum: "6", maximum: "24", default: "6" });
    });

    it("serves the shop's names on Front Door with managed certificates, its WAF limiting rates and countries", () => {
      const plan = plans["azure-prod"];
      const domains = plan.resources.filter((r) => r.type === "azure-native:cdn:AFDCustomDomain");
      expect(domains.map((d) => d.props.hostName)).to.deep.equal([
        "shop.alpenglow.example",
        "www.alpenglow.example",
      ]);
      expect(one(plan, "azure-native:cdn:Route", "-edge-route").props.forwardingProtocol).to.equal(
        "HttpsOnly",
      );
      const rules = JSON.stringify(one(plan, "azure-native:frontdoor:Policy", "-edge-waf").props.customRules);
      expect(rules).to.include("RateLimitRule").and.to.include('"rateLimitThreshold":2000');
      for (const country of ["AT", "CH", "DE", "FR", "IT", "LI", "SI"])
        expect(rules).to.include(`"${country}"`);
      expect(plan.outputs.siteUrl).to.equal("https://shop.alpenglow.example");
    });

    it("writes each name's _dnsauth TXT record and its CNAME to the endpoint in the stack's Azure DNS zone", () => {
      const plan = plans["azure-prod"];
      const records = plan.resources.filter((r) => r.type === "azure-native:dns:RecordSet");
      const zones = records.map((r) => `${String(r.props.resourceGroupName)}/${String(r.props.zoneName)}`);
      expect(new Set(zones)).to.deep.equal(new Set(["alpenglow-dns/alpenglow.example"]));
      const byName = Object.fromEntries(
        records.map((r) => [
          `${String(r.props.recordType)} ${String(r.props.relativeRecordSetName)}`,
          r.props,
        ]),
      );
      expect(Object.keys(byName).sort()).to.deep.equal([
        "CNAME shop",
        "CNAME www",
        "TXT _dnsauth.shop",
        "TXT _dnsauth.www",
      ]);
      const endpoint = String(plan.outputs.frontDoorHostname);
      expect(endpoint).to.match(/\.azurefd\.net$/);
      expect(byName["CNAME www"].cnameRecord).to.deep.equal({ cname: endpoint });
      const shop = plan.resources.find(
        (r) => r.type === "azure-native:cdn:AFDCustomDomain" && r.props.hostName === "shop.alpenglow.example",
      )!;
      const token = (shop.props.validationProperties as Obj).validationToken;
      expect(token).to.be.a("string").and.not.equal("");
      expect(byName["TXT _dnsauth.shop"].txtRecords).to.deep.equal([{ value: [token] }]);
      expect(JSON.stringify(shop.props.azureDnsZone)).to.include(
        "/resourceGroups/alpenglow-dns/providers/Microsoft.Network/dnsZones/alpenglow.example",
      );
    });

    it("lets the gateway read only the certificate's secret, in the client's certificate vault", () => {
      const plan = plans["azure-prod"];
      const gw = one(plan, GATEWAY, "-web-gw");
      expect((gw.props.sslCertificates as Obj[])[0].keyVaultSecretId).to.equal(
        "https://alpenglow-certs.vault.azure.net/secrets/shop-tls",
      );
      const grant = one(plan, "azure-native:authorization:RoleAssignment", "-web-gw-kv");
      expect(grant.props.scope).to.equal(
        "/subscriptions/3f2b8a41-5c7d-4e19-9a60-2d8e7b1c4f05/resourceGroups/alpenglow-shared/providers/Microsoft.KeyVault/vaults/alpenglow-certs/secrets/shop-tls",
      );
    });

    it("makes the stack file's DBA group the server's Entra administrator, read through its identity", () => {
      const plan = plans["azure-prod"];
      const identity =
        "/subscriptions/3f2b8a41-5c7d-4e19-9a60-2d8e7b1c4f05/resourceGroups/alpenglow-shared/providers/Microsoft.ManagedIdentity/userAssignedIdentities/alpenglow-mysql-directory-reader";
      const admin = one(plan, "azure-native:dbformysql:AzureADAdministrator", "-db-entra-admin");
      expect(admin.props).to.deep.include({
        administratorType: "ActiveDirectory",
        login: "alpenglow-dba",
        sid: "5e8d2c71-4a93-4b0f-8d26-1f7c9a3e6b42",
        identityResourceId: identity,
      });
      expect(admin.props.tenantId).to.match(/^[0-9a-f-]{36}$/);
      const servers = plan.resources.filter((r) => r.type === "azure-native:dbformysql:Server");
      for (const server of servers)
        expect(
          (server.props.identity as { userAssignedIdentities: string[] }).userAssignedIdentities,
        ).to.include(identity);
    });

    it("stamps every generated secret with the stack file's expiry, whatever the clock says", async () => {
      // azure.secretsExpireOn 2027-11-30: 00:00 UTC that day is 1827532800 s since 1970.
      // The secret's `properties` (value included) is a secret: read the attributes from the revealed inputs.
      const expiries = (plan: PlanResult) =>
        plan.registrations
          .filter((r) => r.type === "azure-native:keyvault:Secret")
          .map((r) => {
            const inputs = fromWire(r.inputs, "reveal") as { properties: { attributes?: Obj } };
            return [r.name, inputs.properties.attributes?.expires];
          });
      const now = expiries(plans["azure-prod"]);
      expect(now).to.have.length(5);
      for (const [name, expires] of now) expect(expires, String(name)).to.equal(1827532800);
      // A plan months later (the next `pulumi up`) asks for the same expiry: no diff, no churn.
      const later = await planStack(readStackSettings(process.cwd(), "azure-prod"), () =>
        runStack(new Date("2027-06-15T08:00:00Z")),
      );
      expect(expiries(later)).to.deep.equal(now);
    });

    it("refuses to plan once the secrets' date has passed: servers could not read an expired secret", async () => {
      let error: Error | undefined;
      await planStack(readStackSettings(process.cwd(), "azure-prod"), () =>
        runStack(new Date("2027-11-30T00:00:01Z")),
      ).catch((e: Error) => (error = e));
      expect(String(error)).to.contain(
        'azure.secretsExpireOn: got "2027-11-30"; expected a date after 2027-11-30: Key Vault refuses to return an expired secret',
      );
    });

    it("has Azure Bastion (Standard) in AzureBastionSubnet, the only source of SSH to the servers", () => {
      const plan = plans["azure-prod"];
      const bastion = one(plan, "azure-native:network:BastionHost", "-bastion-host");
      expect(bastion.props.sku).to.deep.equal({ name: "Standard" });
      expect(JSON.stringify(bastion.props.ipConfigurations)).to.include("/subnets/AzureBastionSubnet");
      const bastionSubnet = one(plan, "azure-native:network:Subnet", "-network-bastion");
      const ssh = plan.resources.filter(
        (r) => r.type === RULE && r.props.access === "Allow" && ports(r).includes("22"),
      );
      expect(ssh.map((r) => r.props.sourceAddressPrefix)).to.deep.equal([
        bastionSubnet.props.addressPrefix,
        bastionSubnet.props.addressPrefix,
      ]);
    });
  });

  describe("azure-prod without domain.dnsZone", () => {
    it("writes no DNS record and exports each name's _dnsauth value for the operator", async () => {
      const settings = readStackSettings(process.cwd(), "azure-prod");
      const domain = JSON.parse(settings.config["storefront:domain"]) as Obj;
      delete domain.dnsZone;
      const plan = await planStack(
        { ...settings, config: { ...settings.config, "storefront:domain": JSON.stringify(domain) } },
        runStack,
      );
      expect(plan.resources.filter((r) => r.type === "azure-native:dns:RecordSet")).to.deep.equal([]);
      const tokens = plan.outputs.dnsValidationTokens as Obj;
      expect(Object.keys(tokens)).to.deep.equal(["shop.alpenglow.example", "www.alpenglow.example"]);
      for (const t of Object.values(tokens)) expect(t).to.be.a("string").and.not.equal("");
      expect(plans["azure-prod"].outputs).to.not.have.property("dnsValidationTokens");
    });
  });

  describe("azure-dev: no domain", () => {
    it("serves Front Door's azurefd.net name over HTTPS, plain HTTP only behind it to the declared gateway", () => {
      const plan = plans["azure-dev"];
      expect(plan.resources.filter((r) => r.type === "azure-native:cdn:AFDCustomDomain")).to.deep.equal([]);
      const route = one(plan, "azure-native:cdn:Route", "-edge-route");
      expect(route.props).to.deep.include({
        httpsRedirect: "Enabled",
        forwardingProtocol: "HttpOnly",
        linkToDefaultDomain: "Enabled",
      });
      expect(plan.outputs.siteUrl).to.match(/^https:\/\/[a-z0-9-]+\.z01\.azurefd\.net$/);
      const gw = one(plan, GATEWAY, "-web-gw");
      expect((gw.props.tags as Obj)["plain-http"]).to.equal("no-domain");
      expect(gw.props).to.not.have.property("sslCertificates");
      const declared = plan.violations.filter((v) => v.policy === "appgw-plain-http-no-domain");
      expect(declared.map((v) => v.enforcement)).to.deep.equal(["advisory"]);
    });

    it("watches the dev resource group's spending with the stack file's budget, notifying the alert emails", () => {
      const plan = plans["azure-dev"];
      const budget = one(plan, "azure-native:consumption:Budget", "-budget");
      expect(budget.props.amount).to.equal(1200);
      const group = one(plan, "azure-native:resources:ResourceGroup", "-rg");
      expect(String(budget.props.scope).toLowerCase()).to.equal(
        `/subscriptions/7a4c2e90-1d3b-4f58-b6e7-0c9f8a2d5b31/resourcegroups/${String(group.props.resourceGroupName)}`.toLowerCase(),
      );
      const emails = Object.values(budget.props.notifications as Record<string, Obj>).map(
        (n) => n.contactEmails,
      );
      for (const e of emails) expect(e).to.deep.equal(["platform-team@alpenglow.example"]);
    });

    it("has no Bastion and no DNS records (the stack asks for neither)", () => {
      const plan = plans["azure-dev"];
      expect(plan.resources.filter((r) => r.type === "azure-native:network:BastionHost")).to.deep.equal([]);
      expect(plan.resources.filter((r) => r.type === "azure-native:dns:RecordSet")).to.deep.equal([]);
    });
  });
});
