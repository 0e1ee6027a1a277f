import { expect } from "chai";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  allInterfaces,
  componentFolders,
  componentReadmes,
  componentsIn,
  renderComponents,
} from "../../scripts/component-docs";

const COMPONENTS = path.resolve(__dirname, "..", "..", "components");

describe("scripts/component-docs", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "storefront-docs-"));
    mkdirSync(path.join(dir, "thing"));
    writeFileSync(
      path.join(dir, "thing", "thing.ts"),
      [
        'import * as pulumi from "@pulumi/pulumi";',
        "export interface BaseArgs {",
        "  /** Where it lives. */",
        "  readonly region: string;",
        "}",
        "export interface ThingArgs extends BaseArgs {",
        "  /** How many; @default 2 */",
        "  readonly count?: number;",
        "  /**",
        "   * Extra tags.",
        "   * @default none",
        "   */",
        "  readonly tags?: Readonly<Record<string, string>>;",
        "  readonly size: number;",
        "}",
        "/** Builds a thing. */",
        "export class Thing extends pulumi.ComponentResource {",
        "  constructor(name: string, args: ThingArgs, opts?: pulumi.ComponentResourceOptions) {",
        '    super("storefront:things:Thing", name, {}, opts);',
        "  }",
        "}",
      ].join("\n"),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the token, the summary and every Args field with inherited ones first", () => {
    const [doc] = componentsIn(path.join(dir, "thing"), allInterfaces(dir));
    expect(doc).to.deep.include({
      className: "Thing",
      token: "storefront:things:Thing",
      summary: "Builds a thing.",
    });
    expect(doc.fields.map((f) => [f.name, f.optional, f.defaultValue, f.description])).to.deep.equal([
      ["region", false, undefined, "Where it lives."],
      ["count", true, "2", "How many"],
      ["tags", true, "none", "Extra tags."],
      ["size", false, undefined, ""],
    ]);
  });

  it("renders a row per field, saying whether an undefaulted field is required", () => {
    const text = renderComponents(componentsIn(path.join(dir, "thing"), allInterfaces(dir)));
    expect(text).to.contain("| `region` | `string` | required | Where it lives. |");
    expect(text).to.contain("| `count` | `number` | 2 | How many |");
    expect(text).to.contain("| `tags` | `Readonly<Record<string, string>>` | none | Extra tags. |");
  });

  it("documents nested folders (components/azure/<module>) with their args tables", async () => {
    mkdirSync(path.join(dir, "cloud", "net"), { recursive: true });
    writeFileSync(
      path.join(dir, "cloud", "net", "net.ts"),
      [
        'import * as pulumi from "@pulumi/pulumi";',
        "export interface NetArgs {",
        "  /** The address space; @default 10.0.0.0/16 */",
        "  readonly cidr?: string;",
        "}",
        "export class Net extends pulumi.ComponentResource {",
        "  constructor(name: string, args: NetArgs, opts?: pulumi.ComponentResourceOptions) {",
        '    super("storefront:cloud/net:Net", name, {}, opts);',
        "  }",
        "}",
      ].join("\n"),
    );
    expect(componentFolders(dir)).to.include.members(["cloud", "cloud/net", "thing"]);
    const readmes = await componentReadmes(dir).catch((e: Error) => e.message);
    expect(readmes).to.match(/cloud\/README\.md: no generated section/);
    const net = renderComponents(componentsIn(path.join(dir, "cloud", "net"), allInterfaces(dir)));
    expect(net).to.contain("### `Net` (`storefront:cloud/net:Net`)");
    expect(net).to.contain("| `cidr` | `string` | 10.0.0.0/16 | The address space |");
    expect(renderComponents([], false)).to.contain("modules, one per subfolder");
  });

  it("gives every Azure component the token storefront:azure/<its folder>:<Type>", () => {
    const interfaces = allInterfaces(COMPONENTS);
    const azure = componentFolders(COMPONENTS).filter((f) => f.startsWith("azure/"));
    expect(azure).to.include("azure/network");
    for (const folder of azure) {
      for (const doc of componentsIn(path.join(COMPONENTS, folder), interfaces)) {
        expect(doc.token, `${folder}: ${doc.className}`).to.equal(`storefront:${folder}:${doc.className}`);
      }
    }
  });

  it("keeps every component folder's README in step with the code", async () => {
    const stale = (await componentReadmes(COMPONENTS))
      .filter((r) => r.current !== r.wanted)
      .map((r) => path.relative(COMPONENTS, r.file));
    expect(stale, "stale READMEs: run npm run docs:components").to.deep.equal([]);
  });
});
