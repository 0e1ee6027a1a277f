import { z } from "zod";
import { wholeNumber } from "./fields";

const UUID_RULE = "a UUID in braces, as Bitbucket shows it, e.g. {0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0}";
const bitbucketUuid = z
  .string({ error: UUID_RULE })
  .regex(/^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i, { error: UUID_RULE });
const BRANCH_RULE = "a branch name such as main or release/2026";
const common = {
  /** Create the account-wide OIDC provider of the CI service (only the account's first stack does). */
  createOidcProvider: z.boolean({ error: "true or false" }).optional(),
  /** Share of the fleet that keeps serving while a deployment runs. */
  minimumHealthyPercent: wholeNumber(50, 99).optional(),
};

/** How the client's CI deploys: GitHub Actions or Bitbucket Pipelines through OIDC. */
export const deliverySchema = z.discriminatedUnion(
  "provider",
  [
    z.strictObject(
      {
        provider: z.literal("github"),
        repository: z
          .string({ error: "a GitHub repository as owner/name" })
          .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: "a GitHub repository as owner/name" }),
        branch: z
          .string({ error: BRANCH_RULE })
          .regex(/^[A-Za-z0-9._/-]{1,100}$/, { error: BRANCH_RULE })
          .optional(),
        ...common,
      },
      { error: "with provider github: repository, branch, createOidcProvider, minimumHealthyPercent" },
    ),
    z.strictObject(
      {
        provider: z.literal("bitbucket"),
        workspace: z
          .string({ error: "the Bitbucket workspace's slug" })
          .regex(/^[a-z0-9_-]{1,62}$/, { error: "the Bitbucket workspace's slug" }),
        workspaceUuid: bitbucketUuid,
        repositoryUuid: bitbucketUuid,
        deploymentEnvironmentUuid: bitbucketUuid,
        ...common,
      },
      {
        error:
          "with provider bitbucket: workspace, workspaceUuid, repositoryUuid, deploymentEnvironmentUuid, " +
          "createOidcProvider, minimumHealthyPercent",
      },
    ),
  ],
  { error: "a map whose provider is github or bitbucket" },
);
