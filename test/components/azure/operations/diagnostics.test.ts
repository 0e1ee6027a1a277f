import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
  DIAGNOSTIC_PROFILES,
  DIAGNOSTIC_SETTING_NAME,
  diagnosticSetting,
} from "../../../../components/azure/operations/diagnostics";
import { useMockCloud } from "../../../mocks";

const WS = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs";

describe("components/azure/operations/diagnostics", () => {
  it("sends a tier's log categories and metrics to the workspace under the kit's setting name", async () => {
    const mocks = await useMockCloud("azure-diagnostics");
    const setting = diagnosticSetting(
      "acme-prod",
      {
        role: "vault",
        kind: "keyVault",
        resourceId: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv",
      },
      WS,
      {},
    );
    await new Promise((resolve) => setting.urn.apply(resolve));
    await mocks.settle();
    const r = mocks.one("azure-native:monitor:DiagnosticSetting");
    expect(r.name).to.equal("acme-prod-vault-diagnostics");
    expect(mocks.props(r)).to.deep.include({
      name: DIAGNOSTIC_SETTING_NAME,
      workspaceId: WS,
      logs: [{ category: "AuditEvent", enabled: true }],
      metrics: [{ category: "AllMetrics", enabled: true }],
    });
    expect(pulumi.Output.isInstance(setting.id)).to.equal(true);
  });

  it("has a profile for every tier of the storefront, each sending logs or metrics", () => {
    for (const [kind, profile] of Object.entries(DIAGNOSTIC_PROFILES)) {
      expect(profile.logs.length > 0 || profile.metrics !== undefined, kind).to.equal(true);
    }
    // The WAF logs of both places a WAF can run.
    expect(DIAGNOSTIC_PROFILES.applicationGateway.logs).to.include("ApplicationGatewayFirewallLog");
    expect(DIAGNOSTIC_PROFILES.frontDoor.logs).to.include("FrontDoorWebApplicationFirewallLog");
  });
});
