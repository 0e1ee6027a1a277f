import type { EdgePaths, SecurityHeaders } from "./edge";

/*
 * The Fastly service's VCL snippets, rendered from the same path classes and headers CloudFront gets.
 * Pure functions: what they return is exactly what the service receives.
 */

/** A CloudFront-style path pattern (`/cart*`, `/wp-content/*`) as an anchored VCL regular expression. */
export function pathPatternToRegex(pattern: string): string {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return `^${escaped}$`;
}

/** A VCL condition true when the request path matches any of the patterns. */
function matchAny(patterns: readonly string[]): string {
  const alternatives = patterns.map((p) => pathPatternToRegex(p).slice(1, -1));
  return `req.url.path ~ "^(${alternatives.join("|")})$"`;
}

/** The request header the recv snippet classifies a request into; every request gets it, set by us. */
export const ROUTE_HEADER = "X-Storefront-Route";
/** The request condition true for requests that must bypass the cache. */
export const PASS_CONDITION = `req.http.${ROUTE_HEADER} == "pass"`;

/**
 * vcl_recv: classify the request, never decide it. Fastly places snippets in the subroutine before its
 * generated code (force TLS, backend and shield selection, request settings and conditions; "About VCL
 * snippets", Fastly documentation), so a `return` here would skip all of that. The pass decision is a
 * request setting conditioned on the class the snippet sets; static files fall through to Fastly's own
 * `return(lookup)` at the end of vcl_recv.
 */
export function recvSnippet(paths: EdgePaths): string {
  return [
    "# The shopper's address, set once at the edge (a client-sent value is overwritten): the origin's WAF",
    "# rate-limits on it, since the source address the load balancer sees is Fastly's.",
    "if (fastly.ff.visits_this_service == 0 && req.restarts == 0) {",
    "  set req.http.Fastly-Client-IP = client.ip;",
    "}",
    "# Cart, checkout, account, admin and API paths are never cached.",
    `if (${matchAny(paths.neverCache)}) {`,
    `  set req.http.${ROUTE_HEADER} = "pass";`,
    "# Static files and media are cached; cookies would only split the cache.",
    `} elsif (${matchAny(paths.static)}) {`,
    `  set req.http.${ROUTE_HEADER} = "static";`,
    "  unset req.http.Cookie;",
    "# Everything else is the shop's dynamic pages: straight to the origin.",
    "} else {",
    `  set req.http.${ROUTE_HEADER} = "pass";`,
    "}",
  ].join("\n");
}

/**
 * vcl_miss and vcl_pass: the origin-lock header on the request to the backend (`bereq`), the only request
 * the origin sees, whether it comes from a cache miss or a pass, at the edge or at the shield.
 */
export function originLockSnippet(headerName: string, headerValue: string): string {
  return `set bereq.http.${headerName} = "${headerValue}";`;
}

/** vcl_fetch: static responses are kept for the configured time and never set cookies. */
export function fetchSnippet(paths: EdgePaths, staticTtlSeconds: number): string {
  return [
    `if (${matchAny(paths.static)}) {`,
    "  unset beresp.http.Set-Cookie;",
    `  set beresp.ttl = ${staticTtlSeconds}s;`,
    "}",
  ].join("\n");
}

/** vcl_deliver: the security headers every response carries. */
export function deliverSnippet(headers: SecurityHeaders): string {
  return [
    `set resp.http.Strict-Transport-Security = "max-age=${headers.hstsMaxAgeSeconds}; includeSubDomains";`,
    'set resp.http.X-Content-Type-Options = "nosniff";',
    `set resp.http.X-Frame-Options = "${headers.frameOptions}";`,
    `set resp.http.Referrer-Policy = "${headers.referrerPolicy}";`,
  ].join("\n");
}
