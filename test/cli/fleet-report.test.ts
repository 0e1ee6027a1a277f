import { expect } from "chai";
import { PlanResult } from "../../runtime/plan-runner";
import { flows, renderReport } from "../../cli/report";
import { POLICIES } from "../../policy/pack";
import { cachedStackPlan } from "../plan-cache";

describe("cli/report", () => {
  let plan: PlanResult;
  let report: string;
  before(async () => {
    plan = await cachedStackPlan("harbor-prod");
    report = renderReport(plan, {
      client: "harbor",
      environment: "prod",
      profile: "magento",
      region: "eu-central-1",
    });
  });

  it("draws the flows between tiers from the firewall's actual rules", () => {
    expect(flows(plan)).to.deep.include.members([
      ["cdn", "alb", 443],
      ["alb", "web", 80],
      ["web", "db", 3306],
      ["web", "cache", 6379],
      ["web", "search", 443],
      ["web", "efs", 2049],
      ["operators", "bastion", 22],
      ["bastion", "web", 22],
    ]);
    expect(report).to.contain("```mermaid\nflowchart LR\n");
    expect(report).to.contain("  web -->|3306| db");
    expect(report).to.contain("  cdn[CloudFront + WAF]");
  });

  it("tabulates the AZ spread, the main resources, the capacity and the outputs", () => {
    expect(report).to.contain(
      "| Network (public, private and isolated subnets) | eu-central-1a, eu-central-1b, eu-central-1c |",
    );
    expect(report).to.match(
      /\| Search \| harbor-prod-search-domain \| OpenSearch_2\.19, 3 × r7g\.large\.search, zone awareness on \|/,
    );
    expect(report).to.match(/- Web servers: c7g\.xlarge \(4 vCPUs\), 3 to 24/);
    expect(report).to.contain("| siteUrl | https://www.harbor.example |");
  });

  it("gives the policy verdict of the stack it was given", () => {
    expect(report).to.contain(
      `All ${POLICIES.filter((p) => p.enforcementLevel !== "disabled").length} security rules pass.`,
    );
  });
});
