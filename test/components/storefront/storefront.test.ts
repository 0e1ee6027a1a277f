import { expect } from "chai";
import { checkStorefrontArgs, Storefront } from "../../../components/storefront/storefront";
import { StorefrontArgs } from "../../../components/storefront/storefront-args";
import { loadStackConfig } from "../../../stacks/load-config";
import { storefrontArgs } from "../../../stacks/to-args";
import { useMockCloud } from "../../mocks";
import { DEV, PROD, source } from "../../stacks/config-fixtures";

const NOW = new Date("2026-11-30T12:00:00Z");
const argsOf = (values: Record<string, unknown>): StorefrontArgs =>
  storefrontArgs(loadStackConfig(source(values)), NOW).args;

describe("components/storefront/storefront: checkStorefrontArgs", () => {
  const prod = argsOf(PROD);

  it("accepts what the example presets produce, with and without a domain", () => {
    expect(() => checkStorefrontArgs(prod)).not.to.throw();
    expect(() => checkStorefrontArgs(argsOf(DEV))).not.to.throw();
  });

  it("refuses a CDN without a domain, a CDN without its settings, a domain without a certificate source", () => {
    const { domain: _domain, ...noDomain } = prod;
    expect(() => checkStorefrontArgs(noDomain)).to.throw(
      "Storefront: edge: a domain for the CDN to serve (or no edge)",
    );
    expect(() =>
      checkStorefrontArgs({
        ...prod,
        edge: { ...prod.edge!, implementation: "fastly" },
        domain: { name: "shop.acme.example", aliases: [] },
      }),
    ).to.throw(
      "Storefront: edge.fastly: its settings; domain shop.acme.example: hostedZoneId or certificateArn, so " +
        "that the load balancer serves HTTPS",
    );
  });

  it("refuses Magento without search", () => {
    const magento = argsOf({ ...DEV, profile: "magento" });
    const { search: _search, ...noSearch } = magento;
    expect(() => checkStorefrontArgs(magento)).not.to.throw();
    expect(() => checkStorefrontArgs(noSearch)).to.throw(
      "Storefront: search: Magento's catalogue search needs it",
    );
  });

  it("throws before the composition root registers anything", async () => {
    const session = await useMockCloud("storefront-check");
    const { domain: _domain, ...noDomain } = prod;
    expect(() => new Storefront("acme-prod", noDomain)).to.throw(/edge: a domain for the CDN/);
    await session.settle();
    expect(session.recorder.registrations).to.deep.equal([]);
  });
});
