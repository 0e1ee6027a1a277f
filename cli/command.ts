import { parseArgs, ParseArgsConfig } from "node:util";
import { setFlagsFromString } from "node:v8";
import { UsageError } from "../runtime/stack-files";
import { ConfigError, formatProblem } from "../stacks/config-error";
import { ClockError, currentTime } from "../stacks/clock";

/*
 * The one runner of the offline commands: options, `--help`, `--now`, usage and configuration errors,
 * output errors and exit statuses are handled here, the same way for every command.
 *
 * Exit status: 0 done; 1 mandatory policy violations; 2 invalid configuration, usage or I/O (one line per
 * problem on stderr, no stack trace); 3 a defect of the kit (the error and its stack are printed).
 */

export const EXIT = { clean: 0, violations: 1, invalid: 2, failed: 3 } as const;

/** An output stream failed (full disk, a closed descriptor): the command fails with exit 2. */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputError";
  }
}

export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export interface CommandContext<O> {
  readonly options: O;
  /** The time the command runs at: `--now`, else STOREFRONT_NOW, else the clock. */
  readonly now: Date;
  readonly io: CommandIo;
  /** Writes to standard output; resolves once written. A reader that went away ends the output quietly. */
  readonly out: (text: string) => Promise<void>;
  /** Writes to standard error. */
  readonly err: (text: string) => Promise<void>;
}

export interface Command<O> {
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig["options"]>;
  readonly run: (ctx: CommandContext<O>) => Promise<number> | number;
}

const COMMON_OPTIONS = {
  help: { type: "boolean", short: "h" },
  now: { type: "string" },
} as const;

/** Writes `text` and waits for it; EPIPE (the reader closed the pipe, as `| head` does) ends output quietly. */
function writer(stream: NodeJS.WritableStream, what: string): (text: string) => Promise<void> {
  let closed = false;
  // Failures are answered through the write callbacks; an unheard error event would crash the process.
  stream.on("error", () => undefined);
  return (text) =>
    new Promise((resolve, reject) => {
      if (closed || text === "") return resolve();
      stream.write(text, (e?: Error | null) => {
        if (!e) return resolve();
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EPIPE") {
          closed = true;
          return resolve();
        }
        reject(new OutputError(`cannot write to ${what} (${code ?? e.message})`));
      });
    });
}

/** Parses options, runs the command and maps every outcome to an exit status; never throws. */
export async function runCommand<O>(
  command: Command<O>,
  argv: readonly string[],
  io: CommandIo,
): Promise<number> {
  const out = writer(io.stdout, "standard output");
  const errWrite = writer(io.stderr, "standard error");
  const err = (text: string) => errWrite(text).catch(() => undefined);
  let options: O & { help?: boolean; now?: string };
  try {
    options = parseArgs({
      args: [...argv],
      options: { ...command.options, ...COMMON_OPTIONS },
      strict: true,
      allowPositionals: false,
    }).values as O & { help?: boolean; now?: string };
  } catch (e) {
    await err(`error: ${(e as Error).message}\n${command.usage}\n`);
    return EXIT.invalid;
  }
  try {
    if (options.help) {
      await out(`${command.usage}\n`);
      return EXIT.clean;
    }
    const now = currentTime(options.now, io.env);
    return await command.run({ options, now, io, out, err });
  } catch (e) {
    if (ConfigError.isInstance(e)) {
      await err(`error: invalid configuration for stack "${e.stackName}":\n`);
      for (const p of e.problems) await err(`  ${formatProblem(p)}\n`);
      return EXIT.invalid;
    }
    if (e instanceof UsageError || e instanceof OutputError || e instanceof ClockError) {
      await err(`error: ${e.message}\n`);
      return EXIT.invalid;
    }
    await err(`the program failed: ${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT.failed;
  }
}

/**
 * Runs a command as the process: exits once stdout and stderr have flushed (writes to a pipe are
 * asynchronous, and the mock runtime keeps handles open, so the event loop never drains on its own).
 */
export function runAsProcess<O>(command: Command<O>): void {
  // Each command runs once and exits within seconds: V8's optimising compiler spends more CPU compiling hot
  // functions than the short run gets back. Measured on `plan --stack prod` (a fresh process, dist/):
  // ~2.2 s of CPU with it, ~1.5 s without. Set at run time, so it holds for this process only, not for a
  // spec or a fleet worker that imports the command and plans many stacks.
  setFlagsFromString("--no-opt");
  const io: CommandIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  };
  void runCommand(command, process.argv.slice(2), io).then((code) =>
    process.stdout.write("", () => process.stderr.write("", () => process.exit(code))),
  );
}
