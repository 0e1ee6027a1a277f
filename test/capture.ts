import { Writable } from "node:stream";

/**
 * An in-memory output stream for running a command in this process (`main(argv, { stdout, stderr })`), and
 * the text written to it. With `failWith`, every write fails with that error code, as a full disk
 * (ENOSPC) or a closed pipe (EPIPE) makes a real stream's writes fail. Chunks are joined as bytes, so a
 * character split across two writes reads whole.
 */
export function capture(failWith?: string): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      if (failWith) return done(Object.assign(new Error(failWith), { code: failWith }));
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}
