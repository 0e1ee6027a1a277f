import type { Rule } from "../lib/rule";
import * as alb from "./alb";
import * as bastion from "./bastion";
import * as cloudfront from "./cloudfront";
import * as cloudwatch from "./cloudwatch";
import * as dataTier from "./data-tier";
import * as delivery from "./delivery";
import * as dns from "./dns";
import * as ec2 from "./ec2";
import * as efs from "./efs";
import * as elasticache from "./elasticache";
import * as fastly from "./fastly";
import * as iam from "./iam";
import * as kms from "./kms";
import * as network from "./network";
import * as opensearch from "./opensearch";
import * as operations from "./operations";
import * as rds from "./rds";
import * as route53 from "./route53";
import * as s3 from "./s3";
import * as scaling from "./scaling";
import * as secrets from "./secrets";
import * as sns from "./sns";
import * as wafv2 from "./wafv2";
import * as azureApplicationGateway from "./azure/application-gateway";
import * as azureAuthorization from "./azure/authorization";
import * as azureCompute from "./azure/compute";
import * as azureDataTier from "./azure/data-tier";
import * as azureDns from "./azure/dns";
import * as azureFrontDoor from "./azure/front-door";
import * as azureKeyVault from "./azure/key-vault";
import * as azureLogic from "./azure/logic";
import * as azureMonitor from "./azure/monitor";
import * as azureMysql from "./azure/mysql";
import * as azureNetwork from "./azure/network";
import * as azureRedis from "./azure/redis";
import * as azureResources from "./azure/resources";
import * as azureStorage from "./azure/storage";

const rulesOf = (modules: readonly object[]): Rule[] =>
  modules.flatMap((module) => Object.values(module).filter(isRule));

/** The AWS rules (aws:, awsx:, and the Fastly and random resources of AWS stacks), grouped by service in the order a reviewer reads them. */
export const AWS_RULES: readonly Rule[] = rulesOf([
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
  fastly,
  dns,
  wafv2,
  s3,
  iam,
  secrets,
  kms,
  sns,
  cloudwatch,
  route53,
  operations,
  scaling,
  delivery,
]);

/** The Azure rules (azure-native tokens only, so never on an AWS resource and the other way round). */
export const AZURE_RULES: readonly Rule[] = rulesOf([
  azureNetwork,
  azureCompute,
  azureApplicationGateway,
  azureFrontDoor,
  azureDns,
  azureDataTier,
  azureMysql,
  azureRedis,
  azureStorage,
  azureKeyVault,
  azureMonitor,
  azureResources,
  azureAuthorization,
  azureLogic,
]);

/** Every rule of the pack: AWS's, then Azure's. */
export const RULES: readonly Rule[] = [...AWS_RULES, ...AZURE_RULES];

function isRule(value: unknown): value is Rule {
  return typeof value === "object" && value !== null && "kind" in value && "check" in value;
}
