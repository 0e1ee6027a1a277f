import * as ipaddr from "ipaddr.js";
import { z } from "zod";

/*
 * Field schemas shared by the sections of the stack configuration. Every error message states what is
 * accepted, because it is printed next to the bad value.
 */

export function oneOf<T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `one of: ${values.join(", ")}` });
}

export function wholeNumber(min: number, max: number) {
  const error = `a whole number from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

export function numberIn(allowed: readonly number[], what: string) {
  const error = `one of the ${what}: ${allowed.join(", ")}`;
  return z.number({ error }).refine((n) => allowed.includes(n), { error });
}

export const NAME_RULE = "2-24 characters: lowercase letters, digits and '-', starting with a letter";
export const name = z
  .string({ error: NAME_RULE })
  .regex(/^[a-z][a-z0-9-]{0,22}[a-z0-9]$/, { error: NAME_RULE });

/*
 * Every physical name of a stack is built from `<client>-<environment>`. With a '-' allowed in both,
 * `acme-shop`/`prod` and `acme`/`shop-prod` would name their dashboards, OpenSearch domains, log
 * deliveries and Glue databases alike, and CloudWatch's PutDashboard silently replaces a dashboard of the
 * same name. An environment without '-' makes the join unambiguous: the environment is what follows the
 * last '-'. Clients keep their hyphens (northwind-outfitters); the example environments (dev, prod) and
 * so every existing name stay as they are.
 */
export const ENVIRONMENT_RULE =
  "2-24 lowercase letters and digits, starting with a letter; no '-' (resources are named " +
  "client-environment: acme-shop/prod and acme/shop-prod would clash)";
export const environmentName = z
  .string({ error: ENVIRONMENT_RULE })
  .regex(/^[a-z][a-z0-9]{1,23}$/, { error: ENVIRONMENT_RULE });

const INSTANCE_TYPE_RULE = "an EC2 instance type such as t4g.medium, m7g.large or c7i.2xlarge";
/** Family, generation and options, a dot, then a size: `m7g.large`, `c6gn.16xlarge`, `m7i-flex.xlarge`. */
export const instanceType = z
  .string({ error: INSTANCE_TYPE_RULE })
  .regex(/^[a-z]+\d+[a-z]*(-flex)?\.(nano|micro|small|medium|large|\d*xlarge|metal(-\d+xl)?)$/, {
    error: INSTANCE_TYPE_RULE,
  });

const CIDR_RULE = "an IPv4 CIDR block such as 203.0.113.0/24, narrower than the whole internet (not /0)";
/**
 * A source network for an allow-list (the VPC is IPv4-only): never the whole address space, and written as
 * its network address. The AWS provider refuses a block with host bits set before calling EC2 ("must
 * contain a valid network CIDR", terraform-provider-aws issues #2651 and #4641), so `pulumi preview` would.
 */
export const sourceCidr = z.string({ error: CIDR_RULE }).superRefine((text, ctx) => {
  const [address] = text.split("/");
  if (!ipaddr.IPv4.isValidCIDR(text) || !ipaddr.IPv4.isValidFourPartDecimal(address)) {
    ctx.addIssue({ code: "custom", message: CIDR_RULE });
    return;
  }
  const [, prefix] = ipaddr.IPv4.parseCIDR(text);
  if (prefix === 0) {
    ctx.addIssue({ code: "custom", message: CIDR_RULE });
    return;
  }
  const network = `${ipaddr.IPv4.networkAddressFromCIDR(text).toString()}/${prefix}`;
  if (network !== text) {
    ctx.addIssue({
      code: "custom",
      message: `its network address ${network}: the AWS provider refuses a block with host bits set`,
    });
  }
});

/**
 * A list of source networks, each at most once: EC2 refuses a rule set in which the same permission
 * appears twice ("InvalidParameterValue: The same permission must not appear multiple times").
 */
export function sourceCidrList(what: string) {
  return z.array(sourceCidr, { error: what }).superRefine((cidrs, ctx) => {
    cidrs.forEach((cidr, i) => {
      if (cidrs.indexOf(cidr) !== i) {
        ctx.addIssue({
          code: "custom",
          path: [i],
          input: cidr,
          message: `a network not listed before (it is also item ${cidrs.indexOf(cidr)}): EC2 refuses the same permission twice`,
        });
      }
    });
  });
}

const HOSTNAME_RULE = "a fully qualified host name such as shop.example.com";
export const hostname = z
  .string({ error: HOSTNAME_RULE })
  .max(253, { error: HOSTNAME_RULE })
  .regex(/^(?!-)([a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$/, { error: HOSTNAME_RULE });
