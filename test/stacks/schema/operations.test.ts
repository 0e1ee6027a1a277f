import { expect } from "chai";
import { DEV, PROD, problems } from "../config-fixtures";

describe("stacks/schema/operations", () => {
  it("rejects an invalid email address", () => {
    expect(problems({ ...DEV, alerts: { emails: ["ops@acme.example", "not-an-address"] } })).to.deep.equal([
      'alerts.emails[1]: got "not-an-address"; expected an email address such as ops@example.com, at most 254 ' +
        "characters with at most 64 before the @ (RFC 5321)",
    ]);
  });

  it("rejects addresses SMTP cannot carry, and more addresses than AWS Budgets notifies", () => {
    const long = `${"a".repeat(65)}@acme.example`;
    expect(problems({ ...DEV, alerts: { emails: [long] } })).to.have.length(1);
    expect(problems({ ...DEV, alerts: { emails: [`${"a".repeat(64)}@acme.example`] } })).to.deep.equal([]);
    const eleven = Array.from({ length: 11 }, (_, i) => `ops${i}@acme.example`);
    expect(problems({ ...DEV, alerts: { emails: eleven } })).to.deep.equal([
      "alerts.emails: got " +
        JSON.stringify(eleven).slice(0, 157) +
        "...; expected a list of 1 to 10 email addresses (AWS Budgets notifies at most 10 email subscribers)",
    ]);
  });

  it("does not call a list of malformed addresses empty", () => {
    const lines = problems({ ...PROD, alerts: { emails: ["ops@acme.example", "nobody"] } });
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^alerts\.emails\[1\]: got "nobody"/);
  });

  it("rejects a webhook that is not HTTPS, without printing it, plain or secret", () => {
    expect(problems({ ...DEV, alerts: { webhookUrl: "http://oncall.example/hook" } })).to.deep.equal([
      "alerts.webhookUrl: got [secret]; expected an https:// URL of the on-call service's webhook",
    ]);
    expect(
      problems({ ...DEV, alerts: { webhookUrl: "http://oncall.example/hook?token=abc" } }, ["alerts"]),
    ).to.deep.equal([
      "alerts.webhookUrl: got [secret]; expected an https:// URL of the on-call service's webhook",
    ]);
  });

  it("rejects a negative budget and an unknown currency", () => {
    expect(problems({ ...DEV, budget: { monthlyAmount: -100, currency: "XYZ" } })).to.deep.equal([
      "budget.monthlyAmount: got -100; expected a positive amount of money per month, such as 1500",
      'budget.currency: got "XYZ"; expected "USD": AWS Budgets accepts amounts in US dollars only (state the amount in USD)',
    ]);
  });

  it("rejects a budget in euros: AWS Budgets only counts in US dollars", () => {
    expect(problems({ ...DEV, budget: { monthlyAmount: 4500, currency: "EUR" } })).to.deep.equal([
      'budget.currency: got "EUR"; expected "USD": AWS Budgets accepts amounts in US dollars only (state the amount in USD)',
    ]);
    expect(problems({ ...DEV, budget: { monthlyAmount: 4500, currency: "USD" } })).to.deep.equal([]);
  });

  it("rejects retention periods AWS Backup rules do not use", () => {
    expect(problems({ ...DEV, backups: { weeklyRetentionDays: 30 } })).to.deep.equal([
      "backups.weeklyRetentionDays: got 30; expected one of the weekly retention periods in days (0 turns weekly off): 0, 28, 35, 42, 56, 90, 180",
    ]);
  });
});
