import type { ConfigProblem } from "../config-error";
import { problem, Check, RawCheck } from "./check";

/** A CDN serves the shop's own host names over HTTPS: without a domain it would front nothing. */
export const edgeNeedsDomain: RawCheck = (raw) =>
  raw.edge?.enabled === true && !raw.domain
    ? [
        problem(
          "edge.enabled",
          true,
          "false, or a domain.name: the CDN serves the shop's own host names over HTTPS",
        ),
      ]
    : [];

export const prodNeedsEdge: Check = (c) =>
  c.base === "prod" && !c.edge && c.domain
    ? [
        problem(
          "edge.enabled",
          false,
          "true in a prod environment: the CDN and its WAF stand between shoppers and the servers",
        ),
      ]
    : [];

export const edgeCertificate: Check = ({ edge, domain }) => {
  if (!edge || !domain || edge.provider !== "cloudfront") return [];
  if (edge.certificateArn || domain.hostedZoneId) return [];
  const names = [domain.name, ...(domain.aliases ?? [])].join(", ");
  return [
    problem(
      "edge.certificateArn",
      undefined,
      `a us-east-1 certificate covering ${names}, or domain.hostedZoneId so that the kit issues one`,
    ),
  ];
};

export const originHostname: Check = ({ edge, domain }) => {
  if (!edge || !domain) return [];
  const siteNames = [domain.name, ...(domain.aliases ?? [])];
  return siteNames.includes(edge.originHostname)
    ? [
        problem(
          "edge.originHostname",
          edge.originHostname,
          "a host name of its own: the shop's names point at the CDN, this one at the load balancer",
        ),
      ]
    : [];
};

export const fastlySettings: Check = ({ edge }) => {
  const fastly = edge?.fastly;
  if (!fastly) return [];
  const problems: ConfigProblem[] = [];
  if (!fastly.shieldPop) {
    problems.push(
      problem(
        "edge.fastly.shieldPop",
        undefined,
        "the Fastly POP that shields the origin, e.g. frankfurt-de (the kit has no default for this region)",
      ),
    );
  }
  if (fastly.apiKey === "missing") {
    problems.push({
      key: "fastly:apiKey",
      got: "nothing",
      expected:
        "a Fastly API token, in the stack (pulumi config set --secret fastly:apiKey <token>) " +
        "or in the FASTLY_API_KEY environment variable",
    });
  } else if (fastly.apiKey === "plain") {
    problems.push({
      key: "fastly:apiKey",
      got: "a plain-text value",
      expected: "a secret: pulumi config set --secret fastly:apiKey <token>",
    });
  }
  return problems;
};
