import * as cdn from "@pulumi/azure-native/cdn";
import * as dns from "@pulumi/azure-native/dns";
import * as frontdoor from "@pulumi/azure-native/frontdoor";
import * as pulumi from "@pulumi/pulumi";
import type { EdgePaths, SecurityHeaders } from "../../edge/edge";
import { azureName, globalName } from "../shared/names";
import { edgeRules } from "./path-rules";
import { frontDoorCustomRules, GeoRestriction, wafRuleProblems } from "./waf-rules";

/** Front Door's origin groups probe every 1 to 255 seconds (Microsoft.Cdn REST API, probeIntervalInSeconds). */
const PROBE_INTERVAL_RANGE = [1, 255] as const;

export interface FrontDoorEdgeArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  /** Hash seed for the endpoint's name, which becomes a public host name (`<name>-<hash>.z01.azurefd.net`). */
  readonly stackKey: string;
  /** Host names shoppers use; the first is the primary one. Each gets a custom domain with a managed certificate. */
  readonly hostnames: readonly string[];
  /**
   * The Application Gateway as Front Door reaches it: a host name resolving to its public address, which
   * its certificate covers (Front Door checks the name), or the address itself with `originHostHeader`.
   */
  readonly origin: {
    readonly hostName: pulumi.Input<string>;
    /** @default none: Front Door sends the request's own host name (an origin reached over plain HTTP only) */
    readonly hostHeader?: string;
    /**
     * How Front Door reaches the origin; @default "Https". "Http" only for an edge without custom domains
     * (a dev stack without a domain, whose gateway has no certificate: Front Door takes no self-signed
     * origin certificate, "End-to-end TLS with Azure Front Door", Supported certificates).
     */
    readonly protocol?: "Https" | "Http";
  };
  /**
   * The Azure DNS zone holding the host names: the kit writes each name's `_dnsauth` TXT record (the managed
   * certificate's domain validation) and its CNAME to the endpoint (an alias A record at the zone apex).
   * @default none: the records are made by hand from the `validationTokens` and `cdnHostname` outputs
   */
  readonly dnsZone?: {
    readonly subscriptionId: pulumi.Input<string>;
    readonly resourceGroupName: string;
    readonly zoneName: string;
  };
  readonly paths: EdgePaths;
  readonly staticTtlSeconds: number;
  readonly securityHeaders: SecurityHeaders;
  /** The static health file the origin group probes. */
  readonly healthCheckPath: string;
  /** Seconds between probes from each Front Door location; @default 30 */
  readonly probeIntervalSeconds?: number;
  readonly waf: { readonly rateLimit: number };
  readonly geoRestriction?: GeoRestriction;
  /** Seconds Front Door waits for the origin; @default 60 */
  readonly originTimeoutSeconds?: number;
}

/** Every contradiction in the edge's args, each on its own line; throws once before the first child. */
export function checkFrontDoorEdgeArgs(args: FrontDoorEdgeArgs): void {
  const problems: string[] = [];
  const hostname = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
  for (const h of args.hostnames) {
    if (!hostname.test(h)) problems.push(`hostnames: ${h} is not a lowercase DNS name`);
  }
  if (new Set(args.hostnames).size !== args.hostnames.length) problems.push("hostnames repeats a name");
  const protocol = args.origin.protocol ?? "Https";
  if (args.origin.hostHeader !== undefined && !hostname.test(args.origin.hostHeader))
    problems.push(`origin.hostHeader ${args.origin.hostHeader} is not a DNS name`);
  // Over HTTPS Front Door checks the origin certificate against the host header: it must be a name.
  if (protocol === "Https" && args.origin.hostHeader === undefined)
    problems.push("origin.hostHeader: expected the name the origin's certificate covers (origin over HTTPS)");
  if (protocol === "Http" && args.hostnames.length > 0) {
    problems.push(
      `origin.protocol Http: expected Https with custom domains (${args.hostnames.join(", ")}); plain HTTP to the origin is for a dev stack without a domain only`,
    );
  }
  const zone = args.dnsZone?.zoneName.toLowerCase();
  if (zone !== undefined) {
    const outside = args.hostnames.filter((h) => relativeName(h, zone) === undefined);
    if (outside.length > 0) problems.push(`hostnames: ${outside.join(", ")} not in the DNS zone ${zone}`);
  }
  if (!args.healthCheckPath.startsWith("/"))
    problems.push(`healthCheckPath ${args.healthCheckPath}: expected a path starting with /`);
  const interval = args.probeIntervalSeconds ?? 30;
  if (
    !Number.isInteger(interval) ||
    interval < PROBE_INTERVAL_RANGE[0] ||
    interval > PROBE_INTERVAL_RANGE[1]
  ) {
    problems.push(`probeIntervalSeconds ${interval}: expected a whole number from 1 to 255`);
  }
  // Front Door's origin response timeout: 16 to 240 seconds (Microsoft.Cdn REST API, Profiles,
  // originResponseTimeoutSeconds minimum 16).
  const timeout = args.originTimeoutSeconds ?? 60;
  if (!Number.isInteger(timeout) || timeout < 16 || timeout > 240) {
    problems.push(`originTimeoutSeconds ${timeout}: expected a whole number from 16 to 240`);
  }
  if (args.paths.static.length === 0) problems.push("paths.static is empty: nothing would be cached");
  for (const p of [...args.paths.static, ...args.paths.neverCache]) {
    if (!p.startsWith("/")) problems.push(`paths: ${p} does not start with /`);
  }
  const overlap = args.paths.static.filter((p) => args.paths.neverCache.includes(p));
  if (overlap.length > 0) problems.push(`paths: ${overlap.join(", ")} both static and never cached`);
  if (
    !Number.isInteger(args.staticTtlSeconds) ||
    args.staticTtlSeconds < 1 ||
    args.staticTtlSeconds > 366 * 86400
  ) {
    problems.push(
      `staticTtlSeconds ${args.staticTtlSeconds}: expected a whole number from 1 to 31622400 (366 days)`,
    );
  }
  problems.push(...wafRuleProblems(args.waf.rateLimit, args.geoRestriction));
  if (problems.length > 0) throw new Error(`FrontDoorEdge: ${problems.join("; ")}`);
}

/** A host name relative to its zone: "@" at the apex, undefined outside it. */
export function relativeName(host: string, zone: string): string | undefined {
  const h = host.toLowerCase();
  const z = zone.toLowerCase().replace(/\.$/, "");
  if (h === z) return "@";
  return h.endsWith(`.${z}`) ? h.slice(0, -(z.length + 1)) : undefined;
}

/** Seconds resolvers keep the kit's DNS records ("Add a custom domain to Azure Front Door": TTL 1 hour). */
export const DNS_RECORD_TTL_SECONDS = 3600;

/**
 * Front Door Premium in front of the Application Gateway. Shoppers reach it over HTTPS only (HTTP is
 * redirected) on custom domains with Front Door's managed certificates and TLS 1.2 at least; it reaches
 * the gateway over HTTPS only, checking the certificate's name, and probes the static health file. A
 * rule set caches static paths for the kit's TTL, never the cart, checkout, account or admin paths (the
 * route caches nothing), and sets the security headers on every response. A WAF policy in prevention mode
 * (Microsoft's default rule set 2.1, the bot manager 1.1, a per-IP rate limit and the geo restriction)
 * covers the endpoint and every custom domain through a security policy. The profile's id
 * (`frontDoorId`) is what the gateway's WAF insists on in `X-Azure-FDID`.
 */
export class FrontDoorEdge extends pulumi.ComponentResource {
  readonly implementation = "frontdoor" as const;
  /** `https://<primary host name>` */
  readonly url: pulumi.Output<string>;
  /** The endpoint's host name the site's DNS points at (CNAME). */
  readonly cdnHostname: pulumi.Output<string>;
  readonly serviceId: pulumi.Output<string>;
  /** The profile's Front Door id: every origin request carries it in `X-Azure-FDID`. */
  readonly frontDoorId: pulumi.Output<string>;
  readonly wafPolicyId: pulumi.Output<string>;
  /** Per host name, the TXT value `_dnsauth.<host name>` must hold for the managed certificate. */
  readonly validationTokens: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: FrontDoorEdgeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:azure/edge:FrontDoorEdge", name, {}, opts);
    checkFrontDoorEdgeArgs(args);
    const child = { parent: this };
    const rg = args.resourceGroupName;
    const protocol = args.origin.protocol ?? "Https";
    const zone = args.dnsZone;
    const zoneId = zone
      ? pulumi.interpolate`/subscriptions/${zone.subscriptionId}/resourceGroups/${zone.resourceGroupName}/providers/Microsoft.Network/dnsZones/${zone.zoneName}`
      : undefined;

    const profile = new cdn.Profile(
      `${name}-profile`,
      {
        resourceGroupName: rg,
        profileName: azureName("azure-native:cdn:Profile", `${name}-profile`),
        location: "Global",
        sku: { name: "Premium_AzureFrontDoor" },
        originResponseTimeoutSeconds: args.originTimeoutSeconds ?? 60,
      },
      child,
    );
    const inProfile = { resourceGroupName: rg, profileName: profile.name };

    const endpoint = new cdn.AFDEndpoint(
      `${name}-endpoint`,
      {
        ...inProfile,
        endpointName: globalName("azure-native:cdn:AFDEndpoint", `${name}-endpoint`, args.stackKey),
        location: "Global",
        enabledState: "Enabled",
      },
      child,
    );

    const originGroup = new cdn.AFDOriginGroup(
      `${name}-origins`,
      {
        ...inProfile,
        originGroupName: azureName("azure-native:cdn:AFDOriginGroup", `${name}-origins`),
        healthProbeSettings: {
          probePath: args.healthCheckPath,
          probeProtocol: protocol,
          probeRequestType: "HEAD",
          probeIntervalInSeconds: args.probeIntervalSeconds ?? 30,
        },
        loadBalancingSettings: {
          sampleSize: 4,
          successfulSamplesRequired: 3,
          additionalLatencyInMilliseconds: 50,
        },
        // Sessions live in Redis: no affinity.
        sessionAffinityState: "Disabled",
      },
      child,
    );
    const origin = new cdn.AFDOrigin(
      `${name}-origin`,
      {
        ...inProfile,
        originGroupName: originGroup.name,
        originName: azureName("azure-native:cdn:AFDOrigin", `${name}-origin`),
        hostName: args.origin.hostName,
        // Left out, Front Door sends the request's host name ("originHostHeader ... If you leave this
        // blank, the request hostname determines this value", Microsoft.Cdn REST API, AFD Origins).
        ...(args.origin.hostHeader !== undefined ? { originHostHeader: args.origin.hostHeader } : {}),
        httpsPort: 443,
        httpPort: 80,
        enforceCertificateNameCheck: true,
        priority: 1,
        weight: 1000,
        enabledState: "Enabled",
      },
      child,
    );

    const domains = args.hostnames.map(
      (hostName, i) =>
        new cdn.AFDCustomDomain(
          `${name}-domain-${i}`,
          {
            ...inProfile,
            customDomainName: azureName("azure-native:cdn:AFDCustomDomain", `${name}-domain-${i}`),
            hostName,
            tlsSettings: { certificateType: "ManagedCertificate", minimumTlsVersion: "TLS12" },
            ...(zoneId ? { azureDnsZone: { id: zoneId } } : {}),
          },
          child,
        ),
    );

    const ruleSet = new cdn.RuleSet(
      `${name}-rules`,
      { ...inProfile, ruleSetName: azureName("azure-native:cdn:RuleSet", `${name}rules`) },
      child,
    );
    const rules = edgeRules(args.paths, args.staticTtlSeconds, args.securityHeaders).map(
      (spec) =>
        new cdn.Rule(
          `${name}-rule-${spec.name}`,
          {
            ...inProfile,
            ruleSetName: ruleSet.name,
            ruleName: azureName("azure-native:cdn:Rule", spec.name),
            order: spec.order,
            conditions: spec.conditions,
            actions: spec.actions,
            matchProcessingBehavior: "Continue",
          },
          child,
        ),
    );

    const route = new cdn.Route(
      `${name}-route`,
      {
        ...inProfile,
        endpointName: endpoint.name,
        routeName: azureName("azure-native:cdn:Route", `${name}-route`),
        originGroup: { id: originGroup.id },
        customDomains: domains.map((d) => ({ id: d.id })),
        ruleSets: [{ id: ruleSet.id }],
        patternsToMatch: ["/*"],
        supportedProtocols: ["Http", "Https"],
        httpsRedirect: "Enabled",
        // Shoppers always speak HTTPS to Front Door; Front Door speaks HTTPS to the gateway, except for a
        // dev stack without a domain (its gateway has no certificate and admits only this profile).
        forwardingProtocol: protocol === "Https" ? "HttpsOnly" : "HttpOnly",
        // With custom domains the shop answers only on them; the endpoint's own name stays for a stack without.
        linkToDefaultDomain: domains.length > 0 ? "Disabled" : "Enabled",
        // No cacheConfiguration: the route caches nothing; the rule set caches static paths only.
        enabledState: "Enabled",
      },
      // Front Door refuses a route whose origin group has no origin yet, or whose rules are incomplete.
      { parent: this, dependsOn: [origin, ...rules] },
    );

    const waf = new frontdoor.Policy(
      `${name}-waf`,
      {
        resourceGroupName: rg,
        policyName: azureName("azure-native:frontdoor:Policy", `${name}waf`),
        location: "Global",
        sku: { name: "Premium_AzureFrontDoor" },
        policySettings: {
          enabledState: "Enabled",
          mode: "Prevention",
          requestBodyCheck: "Enabled",
          customBlockResponseStatusCode: 403,
        },
        managedRules: {
          managedRuleSets: [
            { ruleSetType: "Microsoft_DefaultRuleSet", ruleSetVersion: "2.1", ruleSetAction: "Block" },
            { ruleSetType: "Microsoft_BotManagerRuleSet", ruleSetVersion: "1.1" },
          ],
        },
        customRules: { rules: frontDoorCustomRules(args.waf.rateLimit, args.geoRestriction) },
      },
      child,
    );
    new cdn.SecurityPolicy(
      `${name}-waf`,
      {
        ...inProfile,
        securityPolicyName: azureName("azure-native:cdn:SecurityPolicy", `${name}-waf`),
        parameters: {
          type: "WebApplicationFirewall",
          wafPolicy: { id: waf.id },
          associations: [
            {
              domains: [{ id: endpoint.id }, ...domains.map((d) => ({ id: d.id }))],
              patternsToMatch: ["/*"],
            },
          ],
        },
      },
      { parent: this, dependsOn: [route] },
    );

    // DNS in the stack's zone: the managed certificate's validation record for every name, then the name
    // itself to the endpoint once the route serves it. Front Door validates "_dnsauth.<subdomain>" TXT
    // records ("Domains in Azure Front Door", TXT record validation); the apex cannot be a CNAME (RFC 1034
    // 3.6.2), so it is an Azure DNS alias record on the endpoint ("Onboard a root or apex domain to Azure
    // Front Door").
    if (zone) {
      const inZone = { resourceGroupName: zone.resourceGroupName, zoneName: zone.zoneName };
      args.hostnames.forEach((host, i) => {
        const relative = relativeName(host, zone.zoneName)!;
        new dns.RecordSet(
          `${name}-dns-${i}-validation`,
          {
            ...inZone,
            relativeRecordSetName: relative === "@" ? "_dnsauth" : `_dnsauth.${relative}`,
            recordType: "TXT",
            ttl: DNS_RECORD_TTL_SECONDS,
            txtRecords: [{ value: [domains[i].validationProperties.apply((v) => v?.validationToken ?? "")] }],
          },
          child,
        );
        new dns.RecordSet(
          `${name}-dns-${i}`,
          relative === "@"
            ? {
                ...inZone,
                relativeRecordSetName: "@",
                recordType: "A",
                ttl: DNS_RECORD_TTL_SECONDS,
                targetResource: { id: endpoint.id },
              }
            : {
                ...inZone,
                relativeRecordSetName: relative,
                recordType: "CNAME",
                ttl: DNS_RECORD_TTL_SECONDS,
                cnameRecord: { cname: endpoint.hostName },
              },
          { parent: this, dependsOn: [route] },
        );
      });
    }

    this.url =
      args.hostnames.length > 0
        ? pulumi.output(`https://${args.hostnames[0]}`)
        : endpoint.hostName.apply((h) => `https://${h}`);
    this.cdnHostname = endpoint.hostName;
    this.serviceId = profile.id;
    this.frontDoorId = profile.frontDoorId;
    this.wafPolicyId = waf.id;
    this.validationTokens = pulumi
      .all(domains.map((d) => d.validationProperties.apply((v) => v?.validationToken ?? "")))
      .apply((tokens) => Object.fromEntries(args.hostnames.map((h, i) => [h, tokens[i]])));
    this.registerOutputs({
      url: this.url,
      cdnHostname: this.cdnHostname,
      frontDoorId: this.frontDoorId,
      wafPolicyId: this.wafPolicyId,
    });
  }
}
