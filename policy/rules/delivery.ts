import { z } from "zod";
import { resourceRule, stackRule } from "../lib/define";
import { list } from "../lib/props";
import {
  CODEDEPLOY_APPLICATION,
  CODEDEPLOY_CONFIG,
  CODEDEPLOY_GROUP,
  IMAGEBUILDER_DISTRIBUTION,
  IMAGEBUILDER_IMAGE,
  IMAGEBUILDER_PIPELINE,
} from "../lib/types";

/** Code deployments (CodeDeploy) and image builds (EC2 Image Builder). */

export const codedeployAutoRollback = resourceRule({
  id: "codedeploy-auto-rollback",
  description: "Deployment groups roll back on their own when a deployment fails.",
  severity: "medium",
  remediation:
    "Set autoRollbackConfiguration { enabled: true, events: [DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_ALARM] }.",
  pci: "4.0: 6.5.1",
  types: [CODEDEPLOY_GROUP],
  check(r, report) {
    const rollback = r.props.autoRollbackConfiguration as { enabled?: boolean; events?: unknown } | undefined;
    if (rollback?.enabled !== true || !list<string>(rollback.events).includes("DEPLOYMENT_FAILURE"))
      report("A failed deployment is not rolled back automatically.");
  },
});

/** CodeDeploy's predefined server configurations, by the share of hosts they keep in service. */
const PREDEFINED_KEEP: Record<string, number> = {
  "CodeDeployDefault.AllAtOnce": 0,
  "CodeDeployDefault.HalfAtATime": 50,
  "CodeDeployDefault.OneAtATime": 100,
};

export const codedeployKeepsCapacity = resourceRule({
  id: "codedeploy-keeps-capacity",
  description: "In-place deployments keep enough servers in service to carry the shop's traffic.",
  severity: "medium",
  remediation:
    "Use a deployment configuration whose minimumHealthyHosts keeps at least the configured share " +
    "(FLEET_PERCENT) or one host (HOST_COUNT) in service; never CodeDeployDefault.AllAtOnce.",
  config: z.object({
    minimumHealthyPercent: z
      .number()
      .int()
      .min(0)
      .max(100)
      .default(50)
      .describe("The smallest FLEET_PERCENT of healthy hosts a deployment may keep."),
  }),
  types: [CODEDEPLOY_CONFIG, CODEDEPLOY_GROUP],
  check(r, report, config) {
    // CodeDeploy: minimum healthy hosts is "the number or percentage of instances that must remain
    // available at any time during a deployment" (CodeDeploy User Guide, "Working with deployment
    // configurations"); AllAtOnce takes every instance out at once.
    if (r.type === CODEDEPLOY_GROUP) {
      const keep = PREDEFINED_KEEP[String(r.props.deploymentConfigName)];
      if (keep !== undefined && keep < config.minimumHealthyPercent)
        report(`${String(r.props.deploymentConfigName)} keeps ${keep}% of the servers in service.`);
      return;
    }
    if (r.props.computePlatform !== undefined && r.props.computePlatform !== "Server") return;
    const min = r.props.minimumHealthyHosts as { type?: string; value?: number } | undefined;
    const value = Number(min?.value ?? 0);
    const enough = min?.type === "HOST_COUNT" ? value >= 1 : value >= config.minimumHealthyPercent;
    if (!enough) report(`The configuration keeps ${min?.type ?? "FLEET_PERCENT"} ${value} in service.`);
  },
});

export const codedeployTrafficControl = stackRule({
  id: "codedeploy-traffic-control",
  description:
    "Deployment groups of server applications take each server out of its load balancer while it is updated.",
  severity: "medium",
  remediation:
    "Set deploymentStyle.deploymentOption WITH_TRAFFIC_CONTROL and loadBalancerInfo with the target group.",
  types: [CODEDEPLOY_APPLICATION, CODEDEPLOY_GROUP],
  check(graph, report) {
    // Without traffic control, shoppers reach a server while its code is half replaced.
    for (const app of graph.ofTypes([CODEDEPLOY_APPLICATION])) {
      if ((app.props.computePlatform ?? "Server") !== "Server") continue;
      for (const group of graph.ofTypes([CODEDEPLOY_GROUP])) {
        if (!graph.referenced(group, "appName", [CODEDEPLOY_APPLICATION]).includes(app)) continue;
        const style = group.props.deploymentStyle as { deploymentOption?: string } | undefined;
        const lb = group.props.loadBalancerInfo as Record<string, unknown> | undefined;
        const targets = list(lb?.targetGroupInfos).length + list(lb?.elbInfos).length;
        if (style?.deploymentOption !== "WITH_TRAFFIC_CONTROL" || targets === 0)
          report("Servers keep receiving traffic while they are deployed to.", group.urn);
      }
    }
  },
});

export const imagebuilderAmiPrivate = resourceRule({
  id: "imagebuilder-ami-private",
  description: "Image Builder never shares the images it builds with everyone.",
  severity: "high",
  remediation:
    "Remove the group `all` from amiDistributionConfiguration.launchPermission; share with named accounts " +
    "or organizations only.",
  pci: "3.2.1: 7.2.1; 4.0: 7.2.1",
  types: [IMAGEBUILDER_DISTRIBUTION],
  check(r, report) {
    // A public AMI carries the baked web server (configuration, agents, any file left in the image).
    const shared = list(r.props.distributions).some((d) => {
      const permission = (d.amiDistributionConfiguration as { launchPermission?: { userGroups?: unknown } })
        ?.launchPermission;
      return list<string>(permission?.userGroups).includes("all");
    });
    if (shared) report("Built images are shared with every AWS account (launch permission group all).");
  },
});

export const imagebuilderImageTests = resourceRule({
  id: "imagebuilder-image-tests",
  description: "Images are tested before Image Builder publishes them.",
  severity: "medium",
  remediation: "Leave imageTestsConfiguration.imageTestsEnabled on (the default).",
  types: [IMAGEBUILDER_IMAGE, IMAGEBUILDER_PIPELINE],
  check(r, report) {
    const tests = r.props.imageTestsConfiguration as { imageTestsEnabled?: boolean } | undefined;
    if (tests?.imageTestsEnabled === false) report("Images are published without running their tests.");
  },
});
