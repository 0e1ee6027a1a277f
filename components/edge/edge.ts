import type * as pulumi from "@pulumi/pulumi";

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
