import { expect } from "chai";
import { checkCostBudgetArgs, CostBudget } from "../../../components/operations/budget";
import { useMockCloud, valueOf } from "../../mocks";

describe("components/operations/budget", () => {
  it("counts only the stack's client and environment, alerting at 80% actual and 100% forecast", async () => {
    const mocks = await useMockCloud("budget");
    const budget = new CostBudget("acme-budget", {
      monthlyAmount: 4500,
      currency: "USD",
      tags: { client: "acme", environment: "prod" },
      emails: ["ops@acme.example"],
    });
    await valueOf(budget.budgetName);
    await mocks.settle();
    const props = mocks.props(mocks.one("aws:budgets/budget:Budget"));
    expect(props).to.deep.include({
      budgetType: "COST",
      timeUnit: "MONTHLY",
      limitAmount: "4500.00",
      limitUnit: "USD",
    });
    expect(props.filterExpression).to.deep.equal({
      ands: [
        { tags: { key: "client", values: ["acme"], matchOptions: ["EQUALS"] } },
        { tags: { key: "environment", values: ["prod"], matchOptions: ["EQUALS"] } },
      ],
    });
    const notifications = props.notifications as Record<string, unknown>[];
    expect(
      notifications.map((n) => [n.threshold, n.notificationType, n.subscriberEmailAddresses]),
    ).to.deep.equal([
      [80, "ACTUAL", ["ops@acme.example"]],
      [100, "FORECASTED", ["ops@acme.example"]],
    ]);
  });
});

describe("components/operations/budget: arguments", () => {
  it("refuses a currency other than USD, which AWS Budgets rejects", () => {
    const args = { monthlyAmount: 100, tags: {}, emails: [] };
    expect(() => checkCostBudgetArgs({ ...args, currency: "EUR" })).to.throw(/only USD/);
    expect(() => checkCostBudgetArgs({ ...args, currency: "USD" })).not.to.throw();
  });
});
