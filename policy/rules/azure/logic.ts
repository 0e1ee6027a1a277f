import { resourceRule } from "../../lib/define";
import { obj } from "../../lib/azure";
import { LOGIC_WORKFLOW } from "../../lib/azure-types";

/** Logic App workflows (the media share's snapshot schedule). */

/** Every action of a workflow definition with its name, nested scopes, loops and branches included. */
function actionsOf(actions: unknown, out: [string, Record<string, unknown>][] = []): typeof out {
  for (const [name, raw] of Object.entries(obj(actions))) {
    const action = obj(raw);
    out.push([name, action]);
    actionsOf(action.actions, out);
    actionsOf(obj(action.else).actions, out);
    for (const branch of Object.values(obj(action.cases))) actionsOf(obj(branch).actions, out);
  }
  return out;
}

export const logicWorkflowManagedIdentity = resourceRule({
  id: "logic-workflow-managed-identity",
  description:
    "Workflow HTTP actions authenticate with a managed identity, never with a password, key or certificate written into the definition.",
  severity: "high",
  remediation:
    'Give the workflow a user-assigned identity, grant it the narrowest role, and set each HTTP action\'s authentication to { type: "ManagedServiceIdentity", identity: <identity id>, audience }.',
  references: "MCSB IM-3 (managed identities), DP-8",
  types: [LOGIC_WORKFLOW],
  check(r, report) {
    // The workflow definition language's authentication types: Basic, ClientCertificate,
    // ActiveDirectoryOAuth (a client secret or certificate), Raw (a header value), ManagedServiceIdentity
    // ("Add authentication to outbound calls", Azure Logic Apps).
    for (const [name, action] of actionsOf(obj(r.props.definition).actions)) {
      const auth = obj(obj(action.inputs).authentication);
      const type = typeof auth.type === "string" ? auth.type : undefined;
      if (type !== undefined && type.toLowerCase() !== "managedserviceidentity")
        report(`Action ${name} authenticates with ${type}, a secret kept in the workflow definition.`);
    }
  },
});
