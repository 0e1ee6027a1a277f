import { expect } from "chai";
import * as fc from "fast-check";
import { AZURE_NAME_RULES, azureNameProblems } from "../../../../components/azure/shared/name-rules";
import {
  actionGroupShortName,
  azureName,
  computerNamePrefix,
  globalName,
} from "../../../../components/azure/shared/names";

/** Types named by azureName: not singletons, GUIDs (role assignments) or DNS zone names. */
const TYPES = Object.keys(AZURE_NAME_RULES).filter(
  (t) =>
    AZURE_NAME_RULES[t].requiredValue === undefined &&
    t !== "azure-native:authorization:RoleAssignment" &&
    t !== "azure-native:authorization:RoleDefinition" &&
    t !== "azure-native:privatedns:PrivateZone",
);
/** Bases as the kit builds them: client and environment names (letters, digits, '-') plus a role. */
const base = fc
  .tuple(
    fc.stringMatching(/^[a-z][a-z0-9-]{0,39}$/),
    fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/),
    fc.constantFrom("web", "kv", "media", "db"),
  )
  .map(([client, env, role]) => `${client}-${env}-${role}`);

describe("components/azure/shared/names", () => {
  it("azureName fits every type's rule, for any client and environment name", () => {
    fc.assert(
      fc.property(base, fc.constantFrom(...TYPES), (b, type) => {
        expect(azureNameProblems(AZURE_NAME_RULES[type], azureName(type, b)), `${type} ${b}`).to.deep.equal(
          [],
        );
      }),
      { numRuns: 400 },
    );
  });

  it("globalName fits the rule and differs between stacks with the same client and environment", () => {
    fc.assert(
      fc.property(
        base,
        fc.constantFrom(
          "azure-native:storage:StorageAccount",
          "azure-native:keyvault:Vault",
          "azure-native:dbformysql:Server",
          "azure-native:redisenterprise:RedisEnterprise",
          "azure-native:cdn:AFDEndpoint",
        ),
        (b, type) => {
          const a = globalName(type, b, "sub-a/rg/prod");
          const other = globalName(type, b, "sub-b/rg/prod");
          expect(azureNameProblems(AZURE_NAME_RULES[type], a), `${type} ${a}`).to.deep.equal([]);
          expect(a).to.not.equal(other);
          expect(globalName(type, b, "sub-a/rg/prod")).to.equal(a);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("keeps a name that fits, and cuts one that does not with a hash so cut names still differ", () => {
    expect(azureName("azure-native:network:VirtualNetwork", "acme-prod-network-vnet")).to.equal(
      "acme-prod-network-vnet",
    );
    const long = "a".repeat(70);
    const a = azureName("azure-native:operationalinsights:Workspace", `${long}-x`);
    const b = azureName("azure-native:operationalinsights:Workspace", `${long}-y`);
    expect(a).to.have.length(63);
    expect(a).to.not.equal(b);
  });

  it("lowers and strips what a storage account refuses; gives singletons their fixed name", () => {
    expect(globalName("azure-native:storage:StorageAccount", "Acme-Prod-Media", "k")).to.match(
      /^acmeprodmedia[0-9a-f]{6}$/,
    );
    expect(azureName("azure-native:storage:ManagementPolicy", "acme-lifecycle")).to.equal("default");
  });

  it("starts Key Vault and Front Door WAF names with a letter", () => {
    expect(globalName("azure-native:keyvault:Vault", "9lives-prod-kv", "k")).to.match(/^[a-z]/);
    expect(azureName("azure-native:frontdoor:Policy", "9lives-prod-waf")).to.match(/^[A-Za-z][A-Za-z0-9]*$/);
  });

  it("computer name prefixes stay within 15 characters and action group short names within 12", () => {
    fc.assert(
      fc.property(base, (b) => {
        expect(computerNamePrefix(b).length).to.be.within(1, 15);
        expect(computerNamePrefix(b)).to.match(/^[a-z0-9-]*[a-z0-9]$/);
        expect(actionGroupShortName(b).length).to.be.within(1, 12);
      }),
    );
  });
});
