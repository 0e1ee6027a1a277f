import { expect } from "chai";
import { checkStack, Node, patch, remove, resourceRuleCases, stackRuleCases } from "../../harness";

const DIAGNOSTIC = "azure-native:monitor:DiagnosticSetting";
const WORKSPACE = "azure-native:operationalinsights:Workspace";
const GATEWAY = "azure-native:network:ApplicationGateway";
const ACCOUNT = "azure-native:storage:StorageAccount";
const VAULT = "azure-native:keyvault:Vault";
const ALERT = "azure-native:monitor:MetricAlert";
const LOG_ALERT = "azure-native:monitor:ScheduledQueryRule";
const ACTION_GROUP = "azure-native:monitor:ActionGroup";
const BUDGET = "azure-native:consumption:Budget";
const GROUP = "azure-native:resources:ResourceGroup";

const ACCOUNT_ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/media";
const allLogs = { logs: [{ categoryGroup: "allLogs", enabled: true }] };

describe("policy/rules/azure/monitor", () => {
  const diagGraph: Node[] = [
    { type: WORKSPACE, name: "logs" },
    { type: GATEWAY, name: "gw" },
    { type: VAULT, name: "kv" },
    { type: ACCOUNT, name: "media", props: { id: ACCOUNT_ID } },
    {
      type: DIAGNOSTIC,
      name: "gw-diag",
      props: allLogs,
      deps: { resourceUri: ["gw"], workspaceId: ["logs"] },
    },
    {
      type: DIAGNOSTIC,
      name: "kv-diag",
      props: allLogs,
      deps: { resourceUri: ["kv"], workspaceId: ["logs"] },
    },
    {
      type: DIAGNOSTIC,
      name: "media-diag",
      // A storage account's logs come from its file service, named by a child id.
      props: { ...allLogs, resourceUri: `${ACCOUNT_ID}/fileServices/default` },
      deps: { workspaceId: ["logs"] },
    },
  ];
  stackRuleCases("diagnostics-for-every-tier", diagGraph, [
    [
      "no setting for the vault",
      remove("kv-diag"),
      ["kv: No diagnostic setting sends the key vault's logs to Log Analytics."],
    ],
    [
      "a setting with every log off",
      patch("gw-diag", { logs: [{ categoryGroup: "allLogs", enabled: false }] }),
      ["gw: No diagnostic setting sends the application gateway's logs to Log Analytics."],
    ],
    [
      "a setting to a storage account only",
      (nodes) => nodes.map((n) => (n.name === "gw-diag" ? { ...n, deps: { resourceUri: ["gw"] } } : n)),
      ["gw: No diagnostic setting sends the application gateway's logs to Log Analytics."],
    ],
    [
      "the storage account's service not logged",
      remove("media-diag"),
      ["media: No diagnostic setting sends the storage account's logs to Log Analytics."],
    ],
  ]);

  resourceRuleCases(
    "log-analytics-retention",
    WORKSPACE,
    { retentionInDays: 90, sku: { name: "PerGB2018" } },
    [
      [
        "the 30-day default",
        { sku: { name: "PerGB2018" } },
        ["The workspace keeps 30 day(s) of logs; at least 90 required."],
      ],
    ],
  );
  resourceRuleCases(
    "log-analytics-retention",
    WORKSPACE,
    { retentionInDays: 365 },
    [
      [
        "90 days when 365 are configured",
        { retentionInDays: 90 },
        ["The workspace keeps 90 day(s) of logs; at least 365 required."],
      ],
    ],
    { minimumDays: 365 },
  );

  const alert = { enabled: true, autoMitigate: true, actions: [{ actionGroupId: "/ag" }] };
  resourceRuleCases("metric-alerts-have-action-group", ALERT, alert, [
    ["no action group", { ...alert, actions: [] }, ["The alert notifies no action group."]],
    [
      "no recovery notice",
      { ...alert, autoMitigate: false },
      ["The alert does not resolve (and notify) on recovery."],
    ],
  ]);
  resourceRuleCases(
    "metric-alerts-have-action-group",
    LOG_ALERT,
    { enabled: true, actions: { actionGroups: ["/ag"] } },
    [
      [
        "a log alert without action groups",
        { enabled: true, actions: {} },
        ["The alert notifies no action group."],
      ],
    ],
  );
  resourceRuleCases(
    "metric-alerts-have-action-group",
    ACTION_GROUP,
    {
      enabled: true,
      groupShortName: "shop",
      emailReceivers: [{ name: "ops", emailAddress: "ops@example.com" }],
    },
    [
      ["no receivers", { enabled: true, groupShortName: "shop" }, ["The action group reaches no one."]],
      [
        "a disabled group",
        {
          enabled: false,
          groupShortName: "shop",
          webhookReceivers: [{ name: "oncall", serviceUri: "https://x" }],
        },
        ["The action group reaches no one."],
      ],
    ],
  );

  const budgetGraph: Node[] = [
    { type: GROUP, name: "rg" },
    {
      type: BUDGET,
      name: "budget",
      props: {
        notifications: {
          actual80: {
            enabled: true,
            threshold: 80,
            operator: "GreaterThan",
            contactEmails: ["ops@example.com"],
          },
        },
      },
      deps: { scope: ["rg"] },
    },
  ];
  stackRuleCases("budget-present", budgetGraph, [
    ["no budget", remove("budget"), ["rg: No budget watches the resource group's spending."]],
    [
      "a budget that tells no one",
      patch("budget", {
        notifications: { actual80: { enabled: false, threshold: 80, contactEmails: ["ops@example.com"] } },
      }),
      ["budget: The budget notifies no one."],
    ],
  ]);
  it("budget-present knows the resource group by its literal id", () => {
    const id = "/subscriptions/s/resourceGroups/rg-shop";
    const literal = budgetGraph.map((n) =>
      n.name === "rg" ? { ...n, props: { id } } : { ...n, props: { ...n.props, scope: id }, deps: {} },
    );
    expect(checkStack("budget-present", literal)).to.deep.equal([]);
  });

  const SAVED_SEARCH = "azure-native:operationalinsights:SavedSearch";
  const search = {
    category: "Storefront incidents",
    displayName: "Responses with status 5xx by path today",
    query:
      "AGWAccessLogs\n| where TimeGenerated > ago(1d)\n| where HttpStatus >= 500\n| summarize count() by RequestUri",
  };
  const searchGraph: Node[] = [
    { type: WORKSPACE, name: "logs", props: { workspaceName: "shop-logs", retentionInDays: 90 } },
    { type: SAVED_SEARCH, name: "errors", props: search, deps: { workspaceName: ["logs"] } },
  ];
  stackRuleCases("saved-search-in-stack-workspace", searchGraph, [
    [
      "a search saved in a workspace the stack does not hold",
      (nodes) =>
        remove("logs")(nodes).map((n) =>
          n.name === "errors" ? { ...n, props: { ...n.props, workspaceName: "central-logs" } } : n,
        ),
      ["errors: The search is saved in central-logs, not a workspace of the stack."],
    ],
    [
      "a query reading another workspace",
      patch("errors", {
        query: 'union AGWAccessLogs, workspace("00000000-0000-0000-0000-000000000001").AGWAccessLogs | count',
      }),
      ["errors: The query reads data outside the workspace it is saved in."],
    ],
    [
      "a query reading another resource's logs",
      patch("errors", {
        query: 'resource ("/subscriptions/s/resourceGroups/other").AzureDiagnostics | count',
      }),
      ["errors: The query reads data outside the workspace it is saved in."],
    ],
    [
      "nothing for the workspace named literally",
      (nodes) =>
        nodes.map((n) =>
          n.name === "errors" ? { ...n, props: { ...n.props, workspaceName: "shop-logs" }, deps: {} } : n,
        ),
      [],
    ],
  ]);

  resourceRuleCases("saved-search-categorised", SAVED_SEARCH, search, [
    ["a blank category", { ...search, category: " " }, ["The search has no category."]],
    ["no display name", { ...search, displayName: "" }, ["The search has no display name."]],
  ]);
});
