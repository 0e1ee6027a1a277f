import * as ec2 from "@pulumi/aws/ec2";
import * as pulumi from "@pulumi/pulumi";

/*
 * Where a CDN's requests to the origin come from, as a managed prefix list the load balancer's security
 * group admits on 443 and nothing else: with the origin-lock header, nobody can go around the CDN.
 */

/** AWS maintains this list of CloudFront's origin-facing addresses. */
export const CLOUDFRONT_ORIGIN_FACING = "com.amazonaws.global.cloudfront.origin-facing";

export function cloudFrontOriginPrefixList(opts: pulumi.InvokeOutputOptions): pulumi.Output<string> {
  return ec2.getManagedPrefixListOutput({ name: CLOUDFRONT_ORIGIN_FACING }, opts).id;
}

/** Fastly's SDK, loaded only by a stack that uses Fastly. */
function fastlyIpRanges(): typeof import("@pulumi/fastly/getFastlyIpRanges") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("@pulumi/fastly/getFastlyIpRanges");
}

/** Room for Fastly's address blocks to grow; the size counts against the security group's rule quota. */
const FASTLY_MAX_ENTRIES = 40;

/** Fastly publishes its address blocks; this keeps a prefix list in step with them on every update. */
export class FastlyOriginPrefixList extends pulumi.ComponentResource {
  readonly prefixListId: pulumi.Output<string>;

  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:edge:FastlyOriginPrefixList", name, {}, opts);
    const ranges = fastlyIpRanges().getFastlyIpRangesOutput({ parent: this });
    const list = new ec2.ManagedPrefixList(
      name,
      {
        addressFamily: "IPv4",
        maxEntries: FASTLY_MAX_ENTRIES,
        entries: ranges.cidrBlocks.apply((blocks) => blocks.map((cidr) => ({ cidr, description: "Fastly" }))),
        tags: { Name: name },
      },
      { parent: this },
    );
    this.prefixListId = list.id;
    this.registerOutputs({ prefixListId: this.prefixListId });
  }
}
