import { expect } from "chai";
import {
  checkResourceGroupBudgetArgs,
  ResourceGroupBudget,
} from "../../../../components/azure/operations/budget";
import { useMockCloud, valueOf } from "../../../mocks";

const RG_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acme-prod";

describe("components/azure/operations/budget", () => {
  it("budgets the resource group monthly, alerting at 80% actual and 100% forecast spend", async () => {
    const mocks = await useMockCloud("azure-budget");
    const budget = new ResourceGroupBudget("acme-prod", {
      resourceGroupId: RG_ID,
      monthlyAmount: 4500,
      emails: ["ops@acme.example"],
      startDate: "2026-12-01",
    });
    await valueOf(budget.budgetName);
    await mocks.settle();
    const r = mocks.one("azure-native:consumption:Budget");
    const props = mocks.props(r);
    expect(props).to.deep.include({
      scope: RG_ID,
      amount: 4500,
      category: "Cost",
      timeGrain: "Monthly",
      timePeriod: { startDate: "2026-12-01T00:00:00Z" },
    });
    const notifications = Object.values(props.notifications as Record<string, Record<string, unknown>>);
    expect(
      notifications.map((n) => [n.threshold, n.thresholdType, n.operator, n.contactEmails]),
    ).to.deep.equal([
      [80, "Actual", "GreaterThan", ["ops@acme.example"]],
      [100, "Forecasted", "GreaterThan", ["ops@acme.example"]],
    ]);
    // A later month's plan must not move the start Azure accepted at creation.
    expect(r.ignoreChanges).to.include("timePeriod");
    expect(mocks.rejections).to.deep.equal([]);
  });
});

describe("components/azure/operations/budget: arguments", () => {
  it("refuses a start that is not a month's first day, a non-positive amount and a bad email, at once", () => {
    expect(() =>
      checkResourceGroupBudgetArgs({
        resourceGroupId: RG_ID,
        monthlyAmount: 0,
        emails: ["nobody"],
        startDate: "2026-12-15",
      }),
    ).to.throw(
      "ResourceGroupBudget: monthlyAmount 0: must be positive; startDate 2026-12-15: the first day of a month, YYYY-MM-01; " +
        'emails: "nobody" is not an email address',
    );
    expect(() =>
      checkResourceGroupBudgetArgs({
        resourceGroupId: RG_ID,
        monthlyAmount: 10,
        emails: [],
        startDate: "2017-05-01",
      }),
    ).to.throw("startDate 2017-05-01: Azure budgets start on 2017-06-01 or later");
  });
});
