import type * as pulumi from "@pulumi/pulumi";
import { repeated } from "../shared/check-args";

/*
 * The interface both CDN implementations share. Storefront hands either one the same EdgeArgs and reads
 * the same outputs, so a stack switches CDN by configuration alone.
 */

/** A secret header the CDN adds to every origin request and the load balancer insists on. */
export interface OriginLock {
  readonly headerName: string;
  readonly headerValue: pulumi.Input<string>;
}

export interface SecurityHeaders {
  readonly hstsMaxAgeSeconds: number;
  readonly frameOptions: "DENY" | "SAMEORIGIN";
  readonly referrerPolicy: string;
}

export interface EdgePaths {
  /** Static files and media: cached long at the edge. */
  readonly static: readonly string[];
  /** Cart, checkout, account, admin and API paths: never cached, whatever else matches. */
  readonly neverCache: readonly string[];
}

export interface EdgeArgs {
  /** Host names shoppers use; the first is the primary one. */
  readonly hostnames: readonly string[];
  /** Host name the CDN reaches the load balancer by (its certificate covers it). */
  readonly originHostname: string;
  readonly originLock: OriginLock;
  readonly paths: EdgePaths;
  readonly staticTtlSeconds: number;
  readonly securityHeaders: SecurityHeaders;
  /** Path the CDN probes on the origin where it health-checks (Fastly). */
  readonly healthCheckPath: string;
  /** Route 53 zone of the host names: certificates are validated and site records written there. */
  readonly hostedZoneId?: string;
}

/** What every implementation exposes. */
export interface Edge {
  readonly implementation: "cloudfront" | "fastly";
  /** `https://<primary host name>` */
  readonly url: pulumi.Output<string>;
  /** The CDN's own host name that the site's DNS points at. */
  readonly cdnHostname: pulumi.Output<string>;
  /** The distribution's or service's id. */
  readonly serviceId: pulumi.Output<string>;
}

/** Security headers every storefront sends: a year of HSTS, no framing by other sites, no MIME sniffing. */
export const SECURITY_HEADERS: SecurityHeaders = {
  hstsMaxAgeSeconds: 31536000,
  frameOptions: "SAMEORIGIN",
  referrerPolicy: "strict-origin-when-cross-origin",
};

export const ORIGIN_LOCK_HEADER = "X-Origin-Verify";

/**
 * The contradictions both CDNs refuse, as lines for the implementation's own check: host names once each,
 * the origin's name apart from the shop's (the shop's names point at the CDN, the origin's at the load
 * balancer: one name cannot do both), and no path both cached and never cached.
 */
export function edgeArgsProblems(args: EdgeArgs): (string | false)[] {
  const both = args.paths.static.filter((path) => args.paths.neverCache.includes(path));
  return [
    args.hostnames.length === 0 && "hostnames []: one host name or more",
    repeated(args.hostnames).length > 0 &&
      `hostnames ${JSON.stringify(repeated(args.hostnames))}: each name once`,
    args.hostnames.includes(args.originHostname) &&
      `originHostname ${args.originHostname}: a name other than the shop's host names`,
    both.length > 0 && `paths ${JSON.stringify(both)}: either static or neverCache, not both`,
    !(args.staticTtlSeconds >= 0) && `staticTtlSeconds ${args.staticTtlSeconds}: 0 or more`,
  ];
}
