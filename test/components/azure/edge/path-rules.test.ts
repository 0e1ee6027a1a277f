import { expect } from "chai";
import { cacheDuration, edgeRules, wildcard } from "../../../../components/azure/edge/path-rules";

describe("components/azure/edge/path-rules", () => {
  it("drops the leading slash Front Door's path conditions do not take", () => {
    expect(["/wp-admin/*", "/cart*", "/xmlrpc.php"].map(wildcard)).to.deep.equal([
      "wp-admin/*",
      "cart*",
      "xmlrpc.php",
    ]);
  });

  it("writes seconds as d.hh:mm:ss", () => {
    expect(cacheDuration(86400)).to.equal("1.00:00:00");
    expect(cacheDuration(604800)).to.equal("7.00:00:00");
    expect(cacheDuration(3661)).to.equal("0.01:01:01");
  });

  it("orders the security headers first (no condition) and the static cache after", () => {
    const rules = edgeRules(
      { static: ["/static/*", "/media/*"], neverCache: ["/checkout*", "/admin*"] },
      86400,
      { hstsMaxAgeSeconds: 63072000, frameOptions: "DENY", referrerPolicy: "no-referrer" },
    );
    expect(rules.map((r) => [r.name, r.order, r.conditions.length])).to.deep.equal([
      ["SecurityHeaders", 0, 0],
      ["CacheStaticPaths", 1, 2],
    ]);
    expect(JSON.stringify(rules[0].actions))
      .to.include("max-age=63072000; includeSubDomains")
      .and.include('"DENY"');
  });
});
