import { expect } from "chai";
import { Command, runCommand } from "../../cli/command";
import { UsageError } from "../../runtime/stack-files";
import { ConfigError } from "../../stacks/config-error";
import { capture } from "../capture";

async function run(command: Command<{ what?: string }>, argv: string[], stdoutFails?: string) {
  const out = capture(stdoutFails);
  const err = capture();
  const status = await runCommand(command, argv, {
    stdout: out.stream,
    stderr: err.stream,
    env: { STOREFRONT_NOW: "2026-11-30T12:00:00Z" },
    cwd: process.cwd(),
  });
  return { status, stdout: out.text(), stderr: err.text() };
}

const echo: Command<{ what?: string }> = {
  usage: "usage: echo --what <x>",
  options: { what: { type: "string" } },
  async run({ options, now, out }) {
    if (options.what === "usage") throw new UsageError("--what: got usage");
    if (options.what === "config")
      throw new ConfigError("s", [{ key: "client", got: '"A"', expected: "a name" }]);
    if (options.what === "defect") throw new TypeError("x is undefined");
    await out(`${options.what} at ${now.toISOString()}\n`);
    return 0;
  },
};

describe("cli/command", () => {
  it("prints --help on stdout with exit 0", async () => {
    expect(await run(echo, ["--help"])).to.deep.equal({
      status: 0,
      stdout: "usage: echo --what <x>\n",
      stderr: "",
    });
  });

  it("answers an unknown option with the usage and exit 2", async () => {
    const r = await run(echo, ["--wat", "x"]);
    expect([r.status, r.stderr.split("\n")[1]]).to.deep.equal([2, "usage: echo --what <x>"]);
  });

  it("takes the time from --now, else STOREFRONT_NOW", async () => {
    expect((await run(echo, ["--what", "hi"])).stdout).to.equal("hi at 2026-11-30T12:00:00.000Z\n");
    expect((await run(echo, ["--what", "hi", "--now", "2030-01-01T00:00Z"])).stdout).to.equal(
      "hi at 2030-01-01T00:00:00.000Z\n",
    );
  });

  it("maps usage and config errors to exit 2 with one line each, defects to exit 3", async () => {
    expect(await run(echo, ["--what", "usage"])).to.include({
      status: 2,
      stderr: "error: --what: got usage\n",
    });
    expect(await run(echo, ["--what", "config"])).to.include({
      status: 2,
      stderr: 'error: invalid configuration for stack "s":\n  client: got "A"; expected a name\n',
    });
    const defect = await run(echo, ["--what", "defect"]);
    expect(defect.status).to.equal(3);
    expect(defect.stderr).to.match(/^the program failed: TypeError: x is undefined/);
  });

  it("fails on an output error, and ends quietly when the reader closed the pipe", async () => {
    const full = await run(echo, ["--what", "x"], "ENOSPC");
    expect([full.status, full.stderr]).to.deep.equal([
      2,
      "error: cannot write to standard output (ENOSPC)\n",
    ]);
    expect((await run(echo, ["--what", "x"], "EPIPE")).status).to.equal(0);
  });
});
