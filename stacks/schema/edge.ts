import { z } from "zod";
import { ISO_COUNTRY_CODES } from "./countries";
import { hostname, oneOf, wholeNumber } from "./fields";

export const EDGE_PROVIDERS = ["cloudfront", "fastly"] as const;
export type EdgeProvider = (typeof EDGE_PROVIDERS)[number];
export const PRICE_CLASSES = ["PriceClass_100", "PriceClass_200", "PriceClass_All"] as const;
export type PriceClass = (typeof PRICE_CLASSES)[number];

const US_EAST_1_CERT_RULE = "the ARN of an issued ACM certificate in us-east-1 (CloudFront only uses those)";
const COUNTRY_RULE =
  "an ISO 3166-1 alpha-2 country code such as DE, FR, GB or US (CloudFront's geo restriction takes only assigned codes: not UK, EU or XX)";
const POP_RULE = "a Fastly shield POP code such as frankfurt-de or iad-va-us";

export const edgeSchema = z.strictObject(
  {
    enabled: z.boolean({ error: "true or false" }).optional(),
    provider: oneOf(EDGE_PROVIDERS).optional(),
    originHostname: hostname.optional(),
    certificateArn: z
      .string({ error: US_EAST_1_CERT_RULE })
      .regex(/^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/, { error: US_EAST_1_CERT_RULE })
      .optional(),
    priceClass: oneOf(PRICE_CLASSES).optional(),
    staticTtlSeconds: wholeNumber(60, 31536000).optional(),
    geoRestriction: z
      .strictObject(
        {
          mode: oneOf(["allow", "deny"] as const),
          countries: z
            .array(
              z
                .string({ error: COUNTRY_RULE })
                .refine((c) => ISO_COUNTRY_CODES.has(c), { error: COUNTRY_RULE }),
              { error: COUNTRY_RULE },
            )
            .min(1, { error: COUNTRY_RULE }),
        },
        { error: "a map with mode (allow or deny) and countries" },
      )
      .optional(),
    waf: z
      .strictObject(
        {
          // AWS WAF accepts 10 to 2,000,000,000 requests per evaluation window for a rate-based rule.
          rateLimit: wholeNumber(10, 2000000000).optional(),
          botControl: z.boolean({ error: "true or false" }).optional(),
        },
        { error: "a map with rateLimit and botControl" },
      )
      .optional(),
    fastly: z
      .strictObject(
        {
          shieldPop: z
            .string({ error: POP_RULE })
            .regex(/^[a-z]{3,}(-[a-z0-9]+)+$/, { error: POP_RULE })
            .optional(),
          ngwafWorkspaceId: z
            .string({ error: "a Next-Gen WAF workspace id" })
            .min(1, { error: "a Next-Gen WAF workspace id" })
            .optional(),
        },
        { error: "a map with shieldPop and ngwafWorkspaceId" },
      )
      .optional(),
  },
  { error: "a map of CDN settings" },
);
