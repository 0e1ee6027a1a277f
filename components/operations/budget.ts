import * as budgets from "@pulumi/aws/budgets";
import * as pulumi from "@pulumi/pulumi";

export interface CostBudgetArgs {
  readonly monthlyAmount: number;
  /** AWS Budgets accepts only "USD" (stacks/schema/operations.ts cites the source). */
  readonly currency: string;
  /** Cost allocation tags the budget counts: the stack's client and environment. */
  readonly tags: Readonly<Record<string, string>>;
  readonly emails: readonly string[];
}

/** Every contradiction in the arguments, thrown at once before any resource is created. */
export function checkCostBudgetArgs(args: CostBudgetArgs): void {
  const problems: string[] = [];
  if (args.currency !== "USD") problems.push(`currency ${args.currency}: AWS Budgets accepts only USD`);
  if (!(args.monthlyAmount > 0)) problems.push(`monthlyAmount ${args.monthlyAmount}: must be positive`);
  if (problems.length > 0) throw new Error(`CostBudget: ${problems.join("; ")}`);
}

/**
 * A monthly cost budget for the stack, counting only costs tagged with the stack's client and environment
 * (activate those tags as cost allocation tags once per account), with alerts at 80% of actual spend and
 * 100% of forecast spend.
 */
export class CostBudget extends pulumi.ComponentResource {
  readonly budgetName: pulumi.Output<string>;

  constructor(name: string, args: CostBudgetArgs, opts?: pulumi.ComponentResourceOptions) {
    checkCostBudgetArgs(args);
    super("storefront:operations:CostBudget", name, {}, opts);
    const notify = (threshold: number, notificationType: string) => ({
      comparisonOperator: "GREATER_THAN",
      threshold,
      thresholdType: "PERCENTAGE",
      notificationType,
      subscriberEmailAddresses: [...args.emails],
    });
    const budget = new budgets.Budget(
      name,
      {
        budgetType: "COST",
        timeUnit: "MONTHLY",
        limitAmount: args.monthlyAmount.toFixed(2),
        limitUnit: args.currency,
        // Every tag must match: the stack's client AND its environment (cost filters could only OR them).
        filterExpression: {
          ands: Object.entries(args.tags).map(([key, value]) => ({
            tags: { key, values: [value], matchOptions: ["EQUALS"] },
          })),
        },
        notifications: args.emails.length > 0 ? [notify(80, "ACTUAL"), notify(100, "FORECASTED")] : [],
        tags: { Name: name },
      },
      { parent: this },
    );
    this.budgetName = budget.name;
    this.registerOutputs({ budgetName: this.budgetName });
  }
}
