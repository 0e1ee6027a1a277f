import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { AZURE_NAME_RULES } from "../../../../components/azure/shared/name-rules";
import { azureTagProblems, isTaggable, UNTAGGABLE_TYPES } from "../../../../components/azure/shared/tags";

const SDK = path.resolve(__dirname, "..", "..", "..", "..", "node_modules", "@pulumi", "azure-native");

/** Whether the SDK's args for a type take a `tags` map (not SavedSearch's list of name/value pairs). */
function hasTagMap(type: string): boolean {
  const [, module, resource] = type.split(":");
  const file = readdirSync(path.join(SDK, module)).find(
    (f) => f.toLowerCase() === `${resource.toLowerCase()}.d.ts`,
  );
  if (!file) throw new Error(`no SDK declaration for ${type}`);
  const dts = readFileSync(path.join(SDK, module, file), "utf8");
  const args = dts.slice(dts.indexOf(`export interface ${resource}Args`));
  return /\n {4}tags\?: pulumi\.Input<\{/.test(args);
}

describe("components/azure/shared/tags", () => {
  it("lists as untaggable exactly the kit's types whose SDK args have no tags map", () => {
    const types = new Set([...Object.keys(AZURE_NAME_RULES), ...UNTAGGABLE_TYPES]);
    const wrong = [...types].filter((t) => hasTagMap(t) === UNTAGGABLE_TYPES.has(t));
    expect(wrong).to.deep.equal([]);
  });

  it("tags azure-native resources only", () => {
    expect(isTaggable("azure-native:network:VirtualNetwork")).to.equal(true);
    expect(isTaggable("azure-native:network:Subnet")).to.equal(false);
    expect(isTaggable("aws:s3/bucket:Bucket")).to.equal(false);
  });

  it("accepts the example tags and refuses what Azure refuses, one line each", () => {
    expect(
      azureTagProblems({ "cost-center": "shop", owner: "platform-team@northwind.example" }, ["client"]),
    ).to.deep.equal([]);
    const problems = azureTagProblems(
      {
        "a/b": "x",
        "50%": "x",
        long: "v".repeat(257),
        ["n".repeat(513)]: "x",
        Owner: "a",
        owner: "b",
        Client: "me",
      },
      ["client"],
    );
    expect(problems.map((p) => p.problem)).to.deep.equal([
      "tag name holds /",
      "tag name holds %",
      "tag value has 257 characters (at most 256)",
      "tag name has 513 characters (1 to 512)",
      'tag name is the same as "Owner" (Azure ignores case in tag names)',
      "tag name is one the kit sets itself",
    ]);
  });

  it("counts the kit's own tags against Azure's 50", () => {
    const tags = Object.fromEntries(Array.from({ length: 46 }, (_, i) => [`t${i}`, "x"]));
    expect(azureTagProblems(tags, ["client", "environment", "profile", "managed-by"])).to.have.length(0);
    expect(
      azureTagProblems(tags, ["client", "environment", "profile", "managed-by", "pulumi-stack"]),
    ).to.have.length(1);
  });
});
