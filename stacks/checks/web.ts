import { architectureOf } from "../../components/compute/image";
import { campaignProblems } from "./campaigns";
import type { ConfigProblem } from "../config-error";
import { problem, Check } from "./check";

export const webCapacity: Check = ({ web, base }) => {
  const problems: ConfigProblem[] = [];
  if (web.minSize > web.maxSize) {
    problems.push(problem("web.minSize", web.minSize, `at most web.maxSize (${web.maxSize})`));
  } else if (web.desiredCapacity < web.minSize || web.desiredCapacity > web.maxSize) {
    problems.push(
      problem(
        "web.desiredCapacity",
        web.desiredCapacity,
        `from web.minSize (${web.minSize}) to web.maxSize (${web.maxSize})`,
      ),
    );
  }
  if (base === "prod" && web.minSize < 2) {
    problems.push(
      problem("web.minSize", web.minSize, "2 or more in a prod environment (servers in two AZs at least)"),
    );
  }
  if (base === "prod" && web.spot) {
    problems.push(
      problem(
        "web.spot.enabled",
        true,
        "false in a prod environment (Spot servers can be reclaimed at two minutes' notice)",
      ),
    );
  }
  const arch = architectureOf(web.instanceType);
  const foreign = web.spot?.instanceTypes.filter((t) => architectureOf(t) !== arch) ?? [];
  if (foreign.length > 0) {
    problems.push(
      problem(
        "web.spot.instanceTypes",
        foreign,
        `${arch} instance types like web.instanceType (${web.instanceType}): all servers boot the same image`,
      ),
    );
  }
  return problems;
};

export const campaignsValid: Check = ({ web }) => campaignProblems(web);

export const domainUsable: Check = (c) => {
  if (!c.domain) {
    return c.base === "prod"
      ? [problem("domain", undefined, "a domain in a prod environment: its load balancer must serve HTTPS")]
      : [];
  }
  const problems: ConfigProblem[] = [];
  if (!c.domain.hostedZoneId && !c.domain.certificateArn) {
    problems.push(
      problem(
        "domain",
        c.domain,
        "hostedZoneId (the kit issues and validates the certificate in Route 53) or certificateArn (an issued ACM certificate)",
      ),
    );
  }
  const certRegion = c.domain.certificateArn?.split(":")[3];
  if (certRegion && c.region && certRegion !== c.region) {
    problems.push(
      problem(
        "domain.certificateArn",
        c.domain.certificateArn,
        `a certificate in ${c.region}, the load balancer's region`,
      ),
    );
  }
  return problems;
};
