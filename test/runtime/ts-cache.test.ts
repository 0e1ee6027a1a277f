import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";

/*
 * The transpile cache behind runtime/ts-register.cjs, and the warm-up mocha runs before its workers
 * (test/warm-transpile-cache.cjs). What matters: the warm-up covers every file the compiler would, what it
 * stores is what the require hook then runs, and an edit is never served from the cache.
 */

interface Entry {
  readonly fileName: string;
  readonly code: string;
  readonly file: string;
}
interface TsCache {
  projectFiles(): string[];
  missing(fileNames: readonly string[]): Entry[];
  warm(entries: readonly Entry[]): void;
  cacheFile(code: string, fileName: string): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cache = require("../../runtime/ts-cache.cjs") as TsCache;

const ROOT = path.resolve(__dirname, "..", "..");

describe("runtime/ts-cache", () => {
  let dir: string;
  const written: string[] = [];

  beforeEach(() => {
    // Its real path: Node's loader hands the hook real paths (os.tmpdir() is a symbolic link on some systems).
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "ts-cache-")));
  });
  afterEach(() => {
    for (const file of written.splice(0)) fs.rmSync(file, { force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A .ts file of the test's own, and forgets its cache entry afterwards. */
  function source(name: string, code: string): string {
    const fileName = path.join(dir, name);
    fs.writeFileSync(fileName, code);
    written.push(cache.cacheFile(code, fileName));
    return fileName;
  }

  it("lists exactly the files the TypeScript compiler takes from tsconfig.json, but its declarations", () => {
    const config = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), (p) => ts.sys.readFile(p));
    const compiler = ts
      .parseJsonConfigFileContent(config.config, ts.sys, ROOT)
      .fileNames.filter((f) => !f.endsWith(".d.ts"))
      .map((f) => fs.realpathSync(f));
    expect(cache.projectFiles().sort()).to.deep.equal(compiler.sort());
  });

  it("warms a file once; the require hook then runs what the warm-up stored", () => {
    const fileName = source("answer.ts", "const answer: number = 6 * 7;\nexport default answer;\n");
    const [entry] = cache.missing([fileName]);
    expect(entry?.fileName).to.equal(fileName);

    cache.warm([entry!]);
    expect(cache.missing([fileName])).to.deep.equal([]);
    const stored = fs.readFileSync(entry!.file, "utf8");
    expect(stored).to.include("const answer = 6 * 7;").and.not.include(": number");

    // Replace the stored output: if the hook (this process runs under runtime/ts-register.cjs) looked the
    // file up under another key, it would transpile the source and load 42.
    fs.writeFileSync(entry!.file, 'exports.default = "from the cache";\n');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect((require(fileName) as { default: unknown }).default).to.equal("from the cache");
    delete require.cache[fileName];
  });

  it("never serves an edited file from the cache", () => {
    const fileName = source("edited.ts", "export const n: number = 1;\n");
    cache.warm(cache.missing([fileName]));
    expect(cache.missing([fileName])).to.deep.equal([]);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect((require(fileName) as { n: number }).n).to.equal(1);
    delete require.cache[fileName];

    const edited = "export const n: number = 2;\n";
    fs.writeFileSync(fileName, edited);
    written.push(cache.cacheFile(edited, fileName));
    expect(cache.missing([fileName]).map((e) => e.code)).to.deep.equal([edited]);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect((require(fileName) as { n: number }).n).to.equal(2);
    delete require.cache[fileName];
  });

  it("leaves a file it cannot read (a dangling link, an editor's lock file) to the process that loads it", () => {
    const fine = source("fine.ts", "export const ok: boolean = true;\n");
    const dangling = path.join(dir, "dangling.ts");
    fs.symlinkSync(path.join(dir, "gone.ts"), dangling);
    expect(cache.missing([dangling, fine]).map((e) => e.fileName)).to.deep.equal([fine]);
  });

  it("leaves a file that does not transpile to the process that loads it, and warms the others", () => {
    const broken = source("broken.ts", "export const = ;\n");
    const fine = source("fine.ts", "export const ok: boolean = true;\n");
    cache.warm(cache.missing([broken, fine]));
    expect(cache.missing([broken, fine]).map((e) => e.fileName)).to.deep.equal([broken]);
  });
});
