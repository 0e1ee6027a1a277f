import { expect } from "chai";
import { stableGuid } from "../../../../components/azure/web/guid";

describe("components/azure/web/guid", () => {
  it("gives a GUID that depends on every part and only on them", () => {
    const a = stableGuid("acme-prod-web", "acme-prod-web-vm-kv");
    expect(a).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(stableGuid("acme-prod-web", "acme-prod-web-vm-kv")).to.equal(a);
    expect(stableGuid("acme-prod-web", "acme-prod-web-gw-kv")).to.not.equal(a);
    expect(stableGuid("acme-prod-webacme-prod-web-vm-kv")).to.not.equal(a);
  });
});
