import type { ConfigProblem } from "../config-error";
import { problem, Check } from "./check";

export const logLifecycle: Check = ({ logs }) => {
  const problems: ConfigProblem[] = [];
  // S3 keeps objects 30 days in Infrequent Access before they may move on.
  if (logs.glacierDays < logs.infrequentAccessDays + 30) {
    problems.push(
      problem(
        "logs.glacierDays",
        logs.glacierDays,
        `at least logs.infrequentAccessDays + 30 (${logs.infrequentAccessDays + 30})`,
      ),
    );
  }
  if (logs.expireDays <= logs.glacierDays) {
    problems.push(
      problem(
        "logs.expireDays",
        logs.expireDays,
        `more than logs.glacierDays (${logs.glacierDays}): logs expire after their last transition`,
      ),
    );
  }
  return problems;
};

export const prodAlerts: Check = (c) =>
  c.base === "prod" && c.alerts.emails.length === 0 && !c.alerts.webhookUrl
    ? [
        problem(
          "alerts.emails",
          [],
          "at least one address (or alerts.webhookUrl) in a prod environment: alarms must reach someone",
        ),
      ]
    : [];

export const backupCopyRegion: Check = (c) =>
  c.backups.copyToRegion && c.backups.copyToRegion === c.region
    ? [
        problem(
          "backups.copyToRegion",
          c.backups.copyToRegion,
          `a region other than the stack's own (${c.region})`,
        ),
      ]
    : [];
