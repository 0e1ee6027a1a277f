import * as consumption from "@pulumi/azure-native/consumption";
import * as pulumi from "@pulumi/pulumi";
import { azureName } from "../shared/names";

/*
 * Consumption budgets ("Budgets - Create Or Update", Azure Consumption REST API reference, BudgetTimePeriod
 * and Notification): the start date is the first day of a month, not before 2017-06-01, and (for a past
 * date) within the current time grain, i.e. this month; a budget has at most 5 notifications; a threshold
 * is a percentage from 0 (exclusive) to 1000; `thresholdType` Actual or Forecasted.
 */
const MAX_THRESHOLD_PERCENT = 1000;

export interface ResourceGroupBudgetArgs {
  /** The resource group's id (`/subscriptions/.../resourceGroups/<name>`): the budget counts what it holds. */
  readonly resourceGroupId: pulumi.Input<string>;
  /** Monthly amount, in the billing currency of the subscription (Azure budgets carry no currency). */
  readonly monthlyAmount: number;
  /** Addresses notified at 80% of actual spend and 100% of forecast spend; none: no notifications. */
  readonly emails: readonly string[];
  /**
   * The budget's first month, `YYYY-MM-01`, from the kit's clock (the current month when the stack is
   * created). Azure refuses a past start outside the current month, so the value is kept after creation
   * (a later month's plan does not move it).
   */
  readonly startDate: string;
}

/** Every contradiction in the arguments, thrown at once before any resource is created. */
export function checkResourceGroupBudgetArgs(args: ResourceGroupBudgetArgs): void {
  const problems: string[] = [];
  if (!(args.monthlyAmount > 0)) problems.push(`monthlyAmount ${args.monthlyAmount}: must be positive`);
  const start = /^(\d{4})-(\d{2})-(\d{2})$/.exec(args.startDate);
  if (!start || start[3] !== "01" || Number(start[2]) < 1 || Number(start[2]) > 12) {
    problems.push(`startDate ${args.startDate}: the first day of a month, YYYY-MM-01`);
  } else if (args.startDate < "2017-06-01") {
    problems.push(`startDate ${args.startDate}: Azure budgets start on 2017-06-01 or later`);
  }
  for (const email of args.emails) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      problems.push(`emails: "${email}" is not an email address`);
  }
  if (problems.length > 0) throw new Error(`ResourceGroupBudget: ${problems.join("; ")}`);
}

/**
 * A monthly cost budget on the stack's resource group (everything the stack creates), alerting the alert
 * emails at 80% of actual spend and at 100% of forecast spend.
 */
export class ResourceGroupBudget extends pulumi.ComponentResource {
  readonly budgetName: pulumi.Output<string>;

  constructor(name: string, args: ResourceGroupBudgetArgs, opts?: pulumi.ComponentResourceOptions) {
    checkResourceGroupBudgetArgs(args);
    super("storefront:azure/operations:ResourceGroupBudget", name, {}, opts);
    const notify = (threshold: number, thresholdType: "Actual" | "Forecasted") => {
      if (threshold > MAX_THRESHOLD_PERCENT)
        throw new Error(`threshold ${threshold} above ${MAX_THRESHOLD_PERCENT}`);
      return {
        enabled: true,
        operator: "GreaterThan",
        threshold,
        thresholdType,
        contactEmails: [...args.emails],
      };
    };
    const budget = new consumption.Budget(
      `${name}-budget`,
      {
        budgetName: azureName("azure-native:consumption:Budget", `${name}-monthly`),
        scope: args.resourceGroupId,
        amount: args.monthlyAmount,
        category: "Cost",
        timeGrain: "Monthly",
        timePeriod: { startDate: `${args.startDate}T00:00:00Z` },
        notifications:
          args.emails.length > 0
            ? { "actual-80-percent": notify(80, "Actual"), "forecast-100-percent": notify(100, "Forecasted") }
            : {},
      },
      // The start date is fixed at creation (see startDate).
      { parent: this, ignoreChanges: ["timePeriod"] },
    );
    this.budgetName = budget.name;
    this.registerOutputs({ budgetName: this.budgetName });
  }
}
