import { expect } from "chai";
import type { RegisteredResource } from "../../runtime/recording-monitor";
import { syntheticGraph } from "../../runtime/synthetic-graph";

const resource = (urn: string, parent?: string, deps: string[] = []): RegisteredResource =>
  ({
    urn,
    type: "test:index:Thing",
    name: urn,
    id: `id-${urn}`,
    inputs: { ref: "id-a" },
    ...(parent ? { parent } : {}),
    dependencies: deps,
    propertyDependencies: { ref: deps },
  }) as unknown as RegisteredResource;

describe("runtime/synthetic-graph", () => {
  const base = [resource("a"), resource("b", "a", ["a"])];

  it("copies the registrations up to exactly the size asked, each copy's URNs its own", () => {
    const graph = syntheticGraph(base, 5);
    expect(graph.map((r) => r.urn)).to.deep.equal(["a-0", "b-0", "a-1", "b-1", "a-2"]);
  });

  it("renames parents and dependencies within their copy, and keeps ids and inputs as they are", () => {
    const b1 = syntheticGraph(base, 4)[3];
    expect(b1.parent).to.equal("a-1");
    expect(b1.dependencies).to.deep.equal(["a-1"]);
    expect(b1.propertyDependencies).to.deep.equal({ ref: ["a-1"] });
    expect(b1.id).to.equal("id-b");
    expect(b1.inputs).to.deep.equal({ ref: "id-a" });
    expect(base[1].dependencies, "the base is left as it was").to.deep.equal(["a"]);
  });
});
