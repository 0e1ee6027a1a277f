/*
 * What the SSM agent on a server needs for Session Manager, Run Command and Patch Manager: the
 * actions of AWS's AmazonSSMManagedInstanceCore (v2, AWS Managed Policy Reference,
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSSMManagedInstanceCore.html)
 * without its `ssm:GetParameter` and `ssm:GetParameters` on `Resource: "*"`, which would let any server
 * read every parameter of the account (another stack's cache AUTH token or search password). A server
 * reads its own stack's parameters through SiteSecrets' statement, scoped to the stack's path.
 */

/** The agent's actions; none of them reads a parameter or a secret. */
export const SSM_AGENT_ACTIONS = [
  "ssm:DescribeAssociation",
  "ssm:GetDeployablePatchSnapshotForInstance",
  "ssm:GetDocument",
  "ssm:DescribeDocument",
  "ssm:GetManifest",
  "ssm:ListAssociations",
  "ssm:ListInstanceAssociations",
  "ssm:PutInventory",
  "ssm:PutComplianceItems",
  "ssm:PutConfigurePackageResult",
  "ssm:UpdateAssociationStatus",
  "ssm:UpdateInstanceAssociationStatus",
  "ssm:UpdateInstanceInformation",
] as const;

/** Session Manager's channels (Systems Manager User Guide, "Create a custom IAM role for Session Manager"). */
export const SESSION_MANAGER_ACTIONS = [
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
] as const;

/** Run Command's message delivery to the agent. */
export const EC2_MESSAGES_ACTIONS = [
  "ec2messages:AcknowledgeMessage",
  "ec2messages:DeleteMessage",
  "ec2messages:FailMessage",
  "ec2messages:GetEndpoint",
  "ec2messages:GetMessages",
  "ec2messages:SendReply",
] as const;

/** The policy document: these actions have no resource-level scope in IAM, hence `*`. */
export function sessionManagerPolicy(): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "SsmAgent", Effect: "Allow", Action: [...SSM_AGENT_ACTIONS], Resource: "*" },
      { Sid: "SessionManager", Effect: "Allow", Action: [...SESSION_MANAGER_ACTIONS], Resource: "*" },
      { Sid: "RunCommand", Effect: "Allow", Action: [...EC2_MESSAGES_ACTIONS], Resource: "*" },
    ],
  };
}
