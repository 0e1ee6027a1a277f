import type { Rule } from "../lib/rule";
import * as alb from "./alb";
import * as bastion from "./bastion";
import * as cloudfront from "./cloudfront";
import * as cloudwatch from "./cloudwatch";
import * as dataTier from "./data-tier";
import * as ec2 from "./ec2";
import * as efs from "./efs";
import * as elasticache from "./elasticache";
import * as iam from "./iam";
import * as kms from "./kms";
import * as network from "./network";
import * as opensearch from "./opensearch";
import * as operations from "./operations";
import * as rds from "./rds";
import * as s3 from "./s3";
import * as secrets from "./secrets";
import * as sns from "./sns";
import * as wafv2 from "./wafv2";

/** Every rule of the pack, grouped by service in the order a reviewer reads them. */
export const RULES: readonly Rule[] = [
  network,
  ec2,
  bastion,
  alb,
  efs,
  elasticache,
  rds,
  dataTier,
  opensearch,
  cloudfront,
  wafv2,
  s3,
  iam,
  secrets,
  kms,
  sns,
  cloudwatch,
  operations,
].flatMap((module) => Object.values(module).filter(isRule));

function isRule(value: unknown): value is Rule {
  return typeof value === "object" && value !== null && "kind" in value && "check" in value;
}
