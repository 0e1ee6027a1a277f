import { snapshotWorkflowDefinition } from "../../../../components/azure/storage/snapshot-schedule";
import { resourceRuleCases } from "../../harness";

const WORKFLOW = "azure-native:logic:Workflow";

/** The media share's snapshot schedule, as the kit defines it. */
const definition = snapshotWorkflowDefinition({ retentionDays: 30, hourUtc: 2, minuteUtc: 30 }) as {
  actions: Record<string, Record<string, unknown>>;
};
const workflow = { state: "Enabled", identity: { type: "UserAssigned" }, definition };

/** The definition with one action's authentication replaced. */
function withAuth(action: string, authentication: Record<string, unknown>): Record<string, unknown> {
  const actions = JSON.parse(JSON.stringify(definition.actions)) as Record<string, Record<string, unknown>>;
  const target = action.includes("/")
    ? ((actions[action.split("/")[0]].actions as Record<string, Record<string, unknown>>)[
        action.split("/")[1]
      ] as {
        inputs: Record<string, unknown>;
      })
    : (actions[action] as { inputs: Record<string, unknown> });
  target.inputs = { ...target.inputs, authentication };
  return { ...workflow, definition: { ...definition, actions } };
}

describe("policy/rules/azure/logic", () => {
  resourceRuleCases("logic-workflow-managed-identity", WORKFLOW, workflow, [
    [
      "a basic-auth password",
      withAuth("Take_snapshot", { type: "Basic", username: "u", password: "p" }),
      ["Action Take_snapshot authenticates with Basic, a secret kept in the workflow definition."],
    ],
    [
      "a client secret inside a loop",
      withAuth("Delete_expired/Delete_snapshot", {
        type: "ActiveDirectoryOAuth",
        tenant: "t",
        clientId: "c",
        secret: "s",
      }),
      [
        "Action Delete_snapshot authenticates with ActiveDirectoryOAuth, a secret kept in the workflow definition.",
      ],
    ],
    ["nothing for a workflow without HTTP actions", { ...workflow, definition: { actions: {} } }, []],
  ]);
});
