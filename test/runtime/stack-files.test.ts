import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { readStackSettings, UsageError } from "../../runtime/stack-files";

describe("runtime/stack-files", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "storefront-stack-files-"));
    writeFileSync(path.join(dir, "Pulumi.yaml"), "name: storefront\nruntime: nodejs\n");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const refusal = (stack: string, configFile?: string): string => {
    try {
      readStackSettings(dir, stack, configFile);
    } catch (e) {
      expect(e).to.be.instanceOf(UsageError);
      return (e as Error).message;
    }
    throw new Error("expected a UsageError");
  };

  it("refuses stack names Pulumi refuses, so no name escapes the project directory", () => {
    expect(refusal("x/../../../elsewhere/evil")).to.match(/may only contain alphanumeric/);
    expect(refusal("my stack")).to.match(/may only contain alphanumeric/);
    expect(refusal("a:b")).to.match(/may only contain alphanumeric/);
    expect(refusal("a".repeat(101))).to.match(/1 to 100/);
  });

  it("reads only regular files: a directory, a FIFO or a device is refused at once", () => {
    mkdirSync(path.join(dir, "Pulumi.dir.yaml"));
    expect(refusal("dir")).to.match(/not a regular file/);
    expect(refusal("dev", "/dev/zero")).to.match(/not a regular file/);
    const fifo = path.join(dir, "Pulumi.fifo.yaml");
    execFileSync("mkfifo", [fifo]);
    expect(refusal("fifo")).to.match(/not a regular file/);
  });

  it("bounds the size of a file and the aliases of a YAML document", () => {
    writeFileSync(
      path.join(dir, "Pulumi.big.yaml"),
      `config:\n  storefront:x: "${"a".repeat(1024 * 1024)}"\n`,
    );
    expect(refusal("big")).to.match(/at most 1048576/);
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (const [prev, next] of [
      ["a", "b"],
      ["b", "c"],
      ["c", "d"],
      ["d", "e"],
      ["e", "f"],
    ]) {
      levels.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    }
    writeFileSync(path.join(dir, "Pulumi.bomb.yaml"), `${levels.join("\n")}\nconfig: { storefront:x: *f }\n`);
    expect(refusal("bomb")).to.match(/aliases/);
  });

  it("does not take a list for a stack file with missing keys", () => {
    writeFileSync(path.join(dir, "Pulumi.list.yaml"), "- client: acme\n- environment: dev\n");
    expect(refusal("list")).to.match(/a stack file is a map with a "config" key, not a list/);
  });

  it("keeps YAML's .nan as written instead of JSON's null", () => {
    writeFileSync(path.join(dir, "Pulumi.nan.yaml"), "config:\n  storefront:web: { minSize: .nan }\n");
    expect(readStackSettings(dir, "nan").config["storefront:web"]).to.equal('{"minSize":".nan"}');
  });
});
