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

/** vcl_recv: pass never-cache paths and everything dynamic; look up static files without cookies. */
export function recvSnippet(paths: EdgePaths): string {
  return [
    "# Cart, checkout, account, admin and API paths are never cached.",
    `if (${matchAny(paths.neverCache)}) {`,
    "  return(pass);",
    "}",
    "# Static files and media are cached; cookies would only split the cache.",
    `if (${matchAny(paths.static)}) {`,
    "  unset req.http.Cookie;",
    "  return(lookup);",
    "}",
    "# Everything else is the shop's dynamic pages: straight to the origin.",
    "return(pass);",
  ].join("\n");
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
