import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import {
  AZURE_INNER_NAME_RULES,
  AZURE_NAME_RULES,
  azureNameProblems,
} from "../../../../components/azure/shared/name-rules";

const SDK = path.resolve(__dirname, "..", "..", "..", "..", "node_modules", "@pulumi", "azure-native");

/** The SDK module file of a token: azure-native:network:VirtualNetwork -> network/virtualNetwork.js. */
function sdkFile(type: string): string {
  const [, module, resource] = type.split(":");
  const file = readdirSync(path.join(SDK, module)).find(
    (f) => f.toLowerCase() === `${resource.toLowerCase()}.js`,
  );
  if (!file) throw new Error(`no SDK file for ${type}`);
  return readFileSync(path.join(SDK, module, file), "utf8");
}

describe("components/azure/shared/name-rules", () => {
  it("names the input that really carries each type's name in azure-native 3.28", () => {
    for (const [type, rule] of Object.entries(AZURE_NAME_RULES)) {
      const js = sdkFile(type);
      expect(js, `${type}: __pulumiType`).to.include(`'${type}'`);
      expect(js, `${type}: ${rule.property}`).to.include(
        `resourceInputs["${rule.property}"] = args?.${rule.property}`,
      );
    }
  });

  it("cites a source for every rule", () => {
    for (const rule of [
      ...Object.values(AZURE_NAME_RULES),
      ...Object.values(AZURE_INNER_NAME_RULES).flat(),
    ]) {
      expect(rule.source).to.match(/Naming rules and restrictions for Azure resources|API reference/);
    }
  });

  it("storage accounts: 3-24 lowercase letters and digits", () => {
    const rule = AZURE_NAME_RULES["azure-native:storage:StorageAccount"];
    expect(azureNameProblems(rule, "acmeprodmedia01")).to.deep.equal([]);
    expect(azureNameProblems(rule, "ab")).to.have.length(1);
    expect(azureNameProblems(rule, "acme-media")).to.have.length(1);
    expect(azureNameProblems(rule, "AcmeMedia")).to.have.length(1);
    expect(azureNameProblems(rule, "a".repeat(25))).to.have.length(1);
  });

  it("Key Vault: 3-24, a letter first, a letter or digit last, no '--'", () => {
    const rule = AZURE_NAME_RULES["azure-native:keyvault:Vault"];
    expect(azureNameProblems(rule, "acme-prod-kv")).to.deep.equal([]);
    for (const bad of ["1acme", "acme-", "ac--me", "a".repeat(25), "ab"]) {
      expect(azureNameProblems(rule, bad), bad).to.not.deep.equal([]);
    }
  });

  it("MySQL servers: 3-63 lowercase letters, digits and '-', no hyphen at either end", () => {
    const rule = AZURE_NAME_RULES["azure-native:dbformysql:Server"];
    expect(azureNameProblems(rule, "acme-prod-db")).to.deep.equal([]);
    for (const bad of ["-acme", "acme-", "Acme", "a".repeat(64), "ab"]) {
      expect(azureNameProblems(rule, bad), bad).to.not.deep.equal([]);
    }
  });

  it("Front Door WAF policies: letters and digits only, a letter first, up to 128", () => {
    const rule = AZURE_NAME_RULES["azure-native:frontdoor:Policy"];
    expect(azureNameProblems(rule, "acmeProdWaf1")).to.deep.equal([]);
    for (const bad of ["acme-waf", "1acme", "a".repeat(129)]) {
      expect(azureNameProblems(rule, bad), bad).to.not.deep.equal([]);
    }
  });

  it("Microsoft.Network names end with a letter, digit or '_', never '.' or '-'", () => {
    const rule = AZURE_NAME_RULES["azure-native:network:NetworkSecurityGroup"];
    expect(azureNameProblems(rule, "acme_web-nsg.1_")).to.deep.equal([]);
    expect(azureNameProblems(rule, "acme-web-")).to.have.length(1);
    expect(azureNameProblems(rule, "acme.")).to.have.length(1);
    expect(azureNameProblems(rule, "a".repeat(81))).to.have.length(1);
  });

  it("metric alerts refuse '#', '/' and a trailing period", () => {
    const rule = AZURE_NAME_RULES["azure-native:monitor:MetricAlert"];
    expect(azureNameProblems(rule, "acme prod: 5xx")).to.not.deep.equal([]);
    expect(azureNameProblems(rule, "acme prod 5xx rate")).to.deep.equal([]);
    for (const bad of ["a#b", "a/b", "alert."])
      expect(azureNameProblems(rule, bad), bad).to.not.deep.equal([]);
  });

  it("private DNS zones: 2 or more labels, at most 63 characters", () => {
    const rule = AZURE_NAME_RULES["azure-native:privatedns:PrivateZone"];
    expect(azureNameProblems(rule, "privatelink.vaultcore.azure.net")).to.deep.equal([]);
    expect(azureNameProblems(rule, "internal")).to.have.length(1);
    expect(azureNameProblems(rule, `${"a".repeat(40)}.private.mysql.database.azure.com`)).to.have.length(1);
  });
});
