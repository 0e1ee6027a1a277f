import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/*
 * stacks/program.ts loads only the chosen cloud's program: the offline plan of an AWS stack, in a process of
 * its own, must not load a module of @pulumi/azure-native, and an Azure stack's none of @pulumi/aws. The
 * plan command runs from its sources (runtime/ts-register.cjs, so the code as edited), with a hook that
 * lists require.cache at exit.
 */

const ROOT = path.resolve(__dirname, "..", "..");

function loadedModules(stack: string): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), "storefront-loading-"));
  try {
    const hook = path.join(dir, "hook.js");
    const out = path.join(dir, "loaded.json");
    writeFileSync(
      hook,
      `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.keys(require.cache))));\n`,
    );
    const run = spawnSync(
      process.execPath,
      [
        ...["--require", hook, "--require", "./runtime/ts-register.cjs", "cli/plan.ts"],
        ...["--stack", stack, "--json", "--now", "2026-11-30T12:00:00Z"],
      ],
      { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" },
    );
    // 0 clean, 1 mandatory findings: either way the program ran to the end.
    expect(run.status, run.stderr).to.be.oneOf([0, 1]);
    return JSON.parse(readFileSync(out, "utf8")) as string[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const of = (modules: string[], pkg: string) =>
  modules.filter((m) => m.includes(`/node_modules/@pulumi/${pkg}/`));

describe("stacks/program: only the chosen cloud's code is loaded", function () {
  this.timeout(120000);

  it("an AWS plan (dev) loads the AWS SDK and no module of azure-native", () => {
    const modules = loadedModules("dev");
    expect(of(modules, "aws").length).to.be.greaterThan(10);
    expect(of(modules, "azure-native")).to.deep.equal([]);
    expect(modules.some((m) => m.includes(`${path.sep}components${path.sep}azure${path.sep}`))).to.equal(
      false,
    );
  });

  it("an Azure plan (azure-dev) loads azure-native submodules only, and nothing of AWS", () => {
    const modules = loadedModules("azure-dev");
    const azure = of(modules, "azure-native");
    expect(azure.length).to.be.greaterThan(0);
    // The package root would require all 258 service indexes: never loaded.
    expect(azure).to.not.include(path.join(ROOT, "node_modules", "@pulumi", "azure-native", "index.js"));
    expect(of(modules, "aws")).to.deep.equal([]);
    expect(of(modules, "awsx")).to.deep.equal([]);
  });
});
