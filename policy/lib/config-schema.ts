import type { PolicyConfigSchema } from "@pulumi/policy";
import { z } from "zod";
import type { Rule } from "./rule";

/**
 * A rule's policy configuration schema, derived from its zod settings: the JSON schema the engine
 * validates `--policy-pack-config` against (draft 7, which the CLI's validator, gojsonschema, supports),
 * with each setting's default. Settings with a default are optional in the input.
 */
export function configSchemaOf(rule: Rule): PolicyConfigSchema | undefined {
  if (!rule.config) return undefined;
  const json = z.toJSONSchema(rule.config, { io: "input", target: "draft-7" }) as {
    properties?: PolicyConfigSchema["properties"];
    required?: string[];
  };
  return {
    properties: json.properties ?? {},
    ...(json.required && json.required.length > 0 ? { required: json.required } : {}),
  };
}
