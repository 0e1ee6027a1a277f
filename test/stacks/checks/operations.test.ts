import { expect } from "chai";
import { DEV, problems } from "../config-fixtures";

describe("stacks/checks/operations", () => {
  it("rejects log retention shorter than its transitions", () => {
    expect(
      problems({ ...DEV, logs: { infrequentAccessDays: 60, glacierDays: 70, expireDays: 50 } }),
    ).to.deep.equal([
      "logs.glacierDays: got 70; expected at least logs.infrequentAccessDays + 30 (90)",
      "logs.expireDays: got 50; expected more than logs.glacierDays (70): logs expire after their last transition",
    ]);
  });

  it("requires someone to alert in prod", () => {
    const prod = {
      ...DEV,
      environment: "prod",
      domain: { name: "shop.acme.example", hostedZoneId: "Z0ACMEEXAMPLE" },
    };
    expect(problems(prod)).to.deep.equal([
      "alerts.emails: got []; expected at least one address (or alerts.webhookUrl) in a prod environment: alarms must reach someone",
    ]);
  });

  it("rejects a backup copy to the stack's own region", () => {
    expect(problems({ ...DEV, backups: { copyToRegion: "eu-west-1" } })).to.deep.equal([
      `backups.copyToRegion: got "eu-west-1"; expected a region other than the stack's own (eu-west-1)`,
    ]);
  });
});
