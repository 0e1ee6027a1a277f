import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { AzureStorefront } from "../../components/azure/storefront/storefront";
import { renderReport } from "../../cli/report";
import { azureFlows, privateEndpointRows } from "../../cli/report-azure";
import { planStack, PlanResult } from "../../runtime/plan-runner";
import type { RegisteredResource } from "../../runtime/recording-monitor";
import { readStackSettings } from "../../runtime/stack-files";
import { POLICIES } from "../../policy/pack";
import { AZURE_MAGENTO_PROD_ARGS } from "../fixtures/azure-storefront-args";
import { withChange } from "../plan-edits";

describe("cli/report: the Azure diagram", () => {
  let plan: PlanResult;
  let report: string;
  let dir: string;
  before(async () => {
    // Every Azure tier, web, Front Door and Bastion included, from the composition root's args.
    dir = mkdtempSync(path.join(tmpdir(), "report-azure-"));
    writeFileSync(path.join(dir, "Pulumi.yaml"), "name: storefront\nruntime: nodejs\n");
    writeFileSync(path.join(dir, "Pulumi.acme-prod.yaml"), "config: {}\n");
    plan = await planStack(
      readStackSettings(dir, "acme-prod"),
      () => {
        new AzureStorefront("acme-prod", AZURE_MAGENTO_PROD_ARGS);
        return { client: "acme" };
      },
      { policies: POLICIES },
    );
    report = renderReport(plan, {
      client: "acme",
      environment: "prod",
      profile: "magento",
      region: "westeurope",
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("draws Front Door's origin to the gateway, the gateway to the scale set, the scale set to every data tier", () => {
    expect(azureFlows(plan)).to.deep.include.members([
      ["cdn", "gateway", 443],
      ["gateway", "web", 80],
      ["web", "db", 3306],
      ["web", "cache", 10000],
      ["web", "media", 2049],
      ["web", "vault", 443],
      ["web", "search", 9200],
      ["bastion", "web", 22],
      ["operators", "bastion", 443],
    ]);
    expect(report).to.contain("```mermaid\nflowchart LR\n");
    expect(report).to.contain("  cdn[Front Door + WAF]");
    expect(report).to.contain("  cdn -->|443| gateway");
    expect(report).to.contain("  web -->|3306| db");
    // Only the gateway faces Front Door; the shoppers never reach a tier behind it directly.
    expect(azureFlows(plan).filter(([from]) => from === "cdn" || from === "internet")).to.deep.equal([
      ["cdn", "gateway", 443],
    ]);
  });

  it("evaluates a NIC's NSG after the subnet's: both must allow", () => {
    // The search subnet's NSG and the nodes' own NSG both admit SSH from the Bastion subnet.
    const subnetRule = plan.registrations.find(
      (r) =>
        r.type === "azure-native:network:SecurityRule" &&
        String(r.inputs.networkSecurityGroupName).includes("search") &&
        JSON.stringify(r.inputs.destinationPortRanges) === '["22"]',
    );
    expect(subnetRule?.inputs.access).to.equal("Allow");
    expect(azureFlows(plan)).to.deep.include(["bastion", "search", 22]);
    // Without the nodes' own rule, the subnet's alone does not let Bastion in.
    const isNodesNsg = (r: RegisteredResource) =>
      r.type === "azure-native:network:NetworkSecurityGroup" && Array.isArray(r.inputs.securityRules);
    const nicClosed = withChange(plan, isNodesNsg, (i) => ({
      ...i,
      securityRules: (i.securityRules as { name: string }[]).filter((r) => r.name !== "ssh-from-bastion"),
    }));
    expect(azureFlows(nicClosed)).not.to.deep.include(["bastion", "search", 22]);
  });

  it("lets the first matching rule by priority decide", () => {
    const denyFirst = withChange(
      plan,
      () => false,
      (i) => i,
      [
        {
          ...plan.registrations.find((r) => r.name === "acme-prod-network-mysql-allow-from-web")!,
          urn: "urn:pulumi:acme-prod::storefront::azure-native:network:SecurityRule::deny-web-first",
          name: "deny-web-first",
          id: `${plan.registrations.find((r) => r.name === "acme-prod-network-mysql-nsg")!.id}/securityRules/deny-web-first`,
          inputs: {
            ...plan.registrations.find((r) => r.name === "acme-prod-network-mysql-allow-from-web")!.inputs,
            access: "Deny",
            priority: 50,
          },
        },
      ],
    );
    expect(azureFlows(plan)).to.deep.include(["web", "db", 3306]);
    expect(azureFlows(denyFirst)).not.to.deep.include(["web", "db", 3306]);
  });

  it("applies NSGs to private endpoints only where the subnet enables network policies for them", () => {
    const isData = (r: RegisteredResource) =>
      r.type === "azure-native:network:Subnet" && String(r.id).endsWith("/subnets/data");
    expect(plan.registrations.find(isData)?.inputs.privateEndpointNetworkPolicies).to.equal("Enabled");
    expect(azureFlows(plan)).not.to.deep.include(["gateway", "vault", 443]);
    const open = withChange(plan, isData, (i) => ({ ...i, privateEndpointNetworkPolicies: "Disabled" }));
    expect(azureFlows(open)).to.deep.include.members([
      ["gateway", "vault", 443],
      ["search", "vault", 443],
      ["search", "snapshots", 443],
    ]);
  });

  it("lists who may reach each private endpoint", () => {
    const rows = privateEndpointRows(plan);
    expect(rows.map(([, service]) => service.split(" (")[0]).sort()).to.deep.equal(
      // Two vaults: the stack's and the one holding MySQL's geo-backup key in the paired region.
      ["Azure Files", "Key Vault", "Key Vault", "Managed Redis", "Search snapshots"].sort(),
    );
    // Each endpoint admits the tiers that use it: Key Vault both fleets, the snapshots the search nodes only.
    const who = Object.fromEntries(rows.map(([, service, from]) => [service.split(" (")[0], from]));
    expect(who).to.deep.equal({
      "Azure Files": "web",
      "Key Vault": "web, search",
      "Managed Redis": "web",
      "Search snapshots": "search",
    });
    expect(report).to.contain("## Private endpoints");
  });

  it("tabulates the zones, the main resources, the capacity and the verdict of the stack it was given", () => {
    expect(report).to.contain("| Application Gateway | 1, 2, 3 |");
    expect(report).to.match(/\| MySQL \| writer 1 \(standby 2\), reader 3 \|/);
    expect(report).to.match(
      /\| Application Gateway \| acme-prod-web-gw \| WAF_v2, zones 1, 2, 3, AppGwSslPolicy20220101S, 2 to \d+ instances \|/,
    );
    expect(report).to.match(
      /\| Scale set \| acme-prod-web-vmss \| Standard_D4ps_v6 × 3, Flexible orchestration, zones 1, 2, 3, TrustedLaunch, encryption at host \|/,
    );
    // 16 servers of 4 vCPUs at 12 Magento page views per vCPU: 768 page views per second.
    expect(report).to.contain(
      "- Web servers: Standard_D4ps_v6 (4 vCPUs), 3 to 16, scaling out above 70% CPU.",
    );
    expect(report).to.contain("about 768 uncached page views per second");
    expect(report).to.contain("Site: https://shop.acme.example.");
    const mandatory = plan.violations.filter((v) => v.enforcement === "mandatory").length;
    expect(mandatory).to.equal(0);
    expect(report).to.contain(
      `${plan.violations.length} finding(s), 0 mandatory, from ${plan.policiesRun} security rules.`,
    );
  });
});
