import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { main, REPORT_MARKER } from "../../cli/report";
import { capture } from "../capture";

describe("cli/report: files and errors", () => {
  let dir: string;
  const run = async (argv: string[], cwd = dir) => {
    const out = capture();
    const err = capture();
    const status = await main(argv, { stdout: out.stream, stderr: err.stream, cwd });
    return { status, stdout: out.text(), stderr: err.text() };
  };

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "storefront-report-"));
    writeFileSync(path.join(dir, "Pulumi.yaml"), "name: storefront\nruntime: nodejs\n");
    writeFileSync(
      path.join(dir, "Pulumi.dev.yaml"),
      "config:\n  storefront:client: acme\n  storefront:environment: dev\n  storefront:profile: wordpress\n" +
        "  storefront:region: eu-west-1\n",
    );
    writeFileSync(path.join(dir, "Pulumi.bad.yaml"), "config:\n  storefront:client: Acme!\n");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses to overwrite the stack file it reads, even with --force", async () => {
    const stackFile = path.join(dir, "Pulumi.dev.yaml");
    const before = readFileSync(stackFile, "utf8");
    for (const extra of [[], ["--force"]]) {
      const r = await run(["--stack", "dev", "--out", stackFile, ...extra]);
      expect(r.status).to.equal(2);
      expect(r.stderr).to.match(/^error: --out .*Pulumi\.dev\.yaml: a Pulumi project or stack file/);
    }
    expect(readFileSync(stackFile, "utf8")).to.equal(before);
  });

  it("refuses to overwrite a file it did not write unless --force, and overwrites its own report", async () => {
    const notes = path.join(dir, "notes.md");
    writeFileSync(notes, "# my notes\n");
    const refused = await run(["--stack", "dev", "--out", notes]);
    expect([refused.status, readFileSync(notes, "utf8")]).to.deep.equal([2, "# my notes\n"]);
    expect(refused.stderr).to.match(/exists and is not a report this command wrote; --force overwrites it/);
    expect((await run(["--stack", "dev", "--out", notes, "--force"])).status).to.equal(0);
    expect(readFileSync(notes, "utf8").split("\n")[0]).to.equal(REPORT_MARKER);
    expect((await run(["--stack", "dev", "--out", notes])).status).to.equal(0);
  });

  it("answers an invalid stack with one line per problem and exit 2, no trace", async () => {
    const r = await run(["--stack", "bad"]);
    expect(r.status).to.equal(2);
    expect(r.stderr.split("\n")[0]).to.equal('error: invalid configuration for stack "bad":');
    expect(r.stderr).not.to.match(/\n\s+at /);
  });
});
