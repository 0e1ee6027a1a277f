import { expect } from "chai";
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { POLICIES } from "../../policy/pack";
import { AZURE_RULES, RULES } from "../../policy/rules";

/** The security rule catalogue, as kept in the repository (policy/catalogue.json). */
const CATALOGUE = JSON.parse(readFileSync("policy/catalogue.json", "utf8")) as {
  rules: {
    id: string;
    area: string;
    core: boolean;
    severity: string;
    types: string[];
    cis: string | null;
    cisAzure?: string | null;
    pci: string | null;
  }[];
};

/** Rule ids declared in policy/rules/<module>.ts, read from the source so no list is copied here. */
function ruleIdsOf(module: string): string[] {
  const source = readFileSync(path.join("policy/rules", `${module}.ts`), "utf8");
  return [...source.matchAll(/^\s+id: "([a-z0-9-]+)",$/gm)].map((m) => m[1]);
}

describe("policy/pack", () => {
  it("has every core rule of the catalogue, and the catalogue's 70 core rows", () => {
    const core = CATALOGUE.rules.filter((r) => r.core).map((r) => r.id);
    expect(core).to.have.length(70);
    const names = POLICIES.map((p) => p.name);
    expect(core.filter((id) => !names.includes(id))).to.deep.equal([]);
  });

  it("gives each rule of the catalogue the catalogue's severity", () => {
    const wrong = POLICIES.flatMap((p) => {
      const row = CATALOGUE.rules.find((r) => r.id === p.name);
      return row && row.severity !== p.severity
        ? [`${p.name}: ${p.severity}, catalogue ${row.severity}`]
        : [];
    });
    expect(wrong).to.deep.equal([]);
  });

  it("gives every rule a unique kebab-case name and the metadata a reviewer needs", () => {
    expect(new Set(POLICIES.map((p) => p.name)).size).to.equal(POLICIES.length);
    for (const p of POLICIES) {
      expect(p.name, p.name).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(p.description, p.name).to.match(/^[A-Z].*\.$/);
      expect(p.remediationSteps, p.name).to.be.a("string").with.length.greaterThan(10);
      expect(["low", "medium", "high", "critical"], p.name).to.include(p.severity);
    }
  });

  it("references CIS or PCI DSS wherever the catalogue maps the rule", () => {
    for (const p of POLICIES) {
      const row = CATALOGUE.rules.find((r) => r.id === p.name);
      if (!row?.cis && !row?.pci && !row?.cisAzure) continue;
      expect(p.framework?.name, p.name).to.match(
        /^(PCI DSS|CIS AWS Foundations Benchmark|CIS Microsoft Azure Foundations Benchmark)$/,
      );
      if (row.cis)
        expect(
          p.tags?.some((t) => t.startsWith("CIS AWS Foundations ")),
          p.name,
        ).to.equal(true);
      if (row.cisAzure) {
        expect(p.framework?.name, p.name).to.equal("CIS Microsoft Azure Foundations Benchmark");
        expect(p.tags, p.name).to.include(`CIS Microsoft Azure Foundations ${row.cisAzure}`);
      }
      if (row.pci)
        expect(
          p.tags?.some((t) => t.startsWith("PCI DSS ")),
          p.name,
        ).to.equal(true);
    }
  });

  it("has an Azure row in the catalogue for every Azure rule, with the types it judges, and no AWS CIS id", () => {
    const azureRows = CATALOGUE.rules.filter((r) => r.area.startsWith("Azure"));
    const ids = AZURE_RULES.map((r) => r.id);
    expect(ids.filter((id) => !azureRows.some((r) => r.id === id))).to.deep.equal([]);
    expect(azureRows.map((r) => r.id).filter((id) => !ids.includes(id))).to.deep.equal([]);
    for (const row of azureRows) {
      expect(row.cis, row.id).to.equal(null);
      expect(
        row.types.filter((t) => !t.startsWith("azure-native:")),
        row.id,
      ).to.deep.equal([]);
      // A resource rule judges exactly the catalogue's types.
      const rule = AZURE_RULES.find((r) => r.id === row.id)!;
      if (rule.kind === "resource")
        expect([...rule.types].sort(), row.id).to.deep.equal([...row.types].sort());
    }
    // And no AWS row names an Azure type.
    expect(
      CATALOGUE.rules.filter(
        (r) => !r.area.startsWith("Azure") && r.types.some((t) => t.startsWith("azure-native:")),
      ),
    ).to.deep.equal([]);
  });

  it("makes critical and high rules mandatory and the rest advisory by default, opt-in rules disabled", () => {
    const expected = { critical: "mandatory", high: "mandatory", medium: "advisory", low: "advisory" };
    for (const p of POLICIES) {
      const optIn = RULES.find((r) => r.id === p.name)!.optIn === true;
      expect(p.enforcementLevel, p.name).to.equal(optIn ? "disabled" : expected[p.severity!]);
    }
    // Opt-in is for costly hardening beyond the baseline, never for critical or high rules.
    expect(RULES.filter((r) => r.optIn && ["critical", "high"].includes(r.severity))).to.deep.equal([]);
  });

  it("has one spec per rule module, naming every rule of the module", () => {
    // Modules of both clouds: policy/rules/<module>.ts and policy/rules/azure/<module>.ts.
    const sources = (dir: string, suffix: string) =>
      readdirSync(dir)
        .filter((f) => f.endsWith(suffix) && f !== "index.ts")
        .map((f) => f.slice(0, -suffix.length));
    const modules = [
      ...sources("policy/rules", ".ts"),
      ...sources("policy/rules/azure", ".ts").map((m) => `azure/${m}`),
    ];
    const specs = [
      ...sources("test/policy/rules", ".test.ts"),
      ...sources("test/policy/rules/azure", ".test.ts").map((m) => `azure/${m}`),
    ];
    expect(specs.sort()).to.deep.equal([...modules].sort());
    const unnamed = modules.flatMap((m) => {
      const spec = readFileSync(path.join("test/policy/rules", `${m}.test.ts`), "utf8");
      return ruleIdsOf(m).filter((id) => !spec.includes(`"${id}"`));
    });
    expect(unnamed).to.deep.equal([]);
    expect(modules.flatMap(ruleIdsOf).sort()).to.deep.equal(RULES.map((r) => r.id).sort());
  });

  it("starts as a CrossGuard analyzer from its own directory", async function () {
    // The analyzer announces the port it listens on; the engine would connect there. Compiling the pack
    // takes ~11 s alone and more while the suite's other worker runs: a minute before calling it stuck.
    this.timeout(90000);
    const child = spawn(process.execPath, ["-r", path.resolve("runtime/ts-register.cjs"), "index.ts"], {
      cwd: path.resolve("policy"),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let timer: NodeJS.Timeout | undefined;
    const firstLine = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) resolve(out.split("\n")[0]);
      });
      child.on("exit", (code) => reject(new Error(`the pack exited with ${code} before listening`)));
      timer = setTimeout(() => reject(new Error("the pack did not announce a port")), 60000);
    }).finally(() => {
      // A pending timer would keep a lone `mocha` run of this file alive for the rest of the minute.
      clearTimeout(timer);
      child.kill();
    });
    expect(firstLine.trim()).to.match(/^\d+$/);
  });
});
