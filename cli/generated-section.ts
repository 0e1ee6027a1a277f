import * as path from "node:path";

/*
 * Generated parts of committed Markdown files (the README's configuration references, the component
 * folders' args tables): a section between two marker comments, replaced whole and formatted as the
 * repository's Prettier settings format Markdown, so that `npm run lint` and the generators' --check agree.
 * Only the section is formatted: the rest is the committed text, which lint keeps Prettier-clean, and
 * formatting whole READMEs cost the generators' specs seconds.
 */

/** `text` with everything from the first marker through the second replaced by `section`. */
export function replaceSection(
  text: string,
  markers: readonly [string, string],
  section: string,
  file: string,
): string {
  const [begin, end] = markers;
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start < 0 || stop < start)
    throw new Error(`${file}: no generated section (markers missing: ${begin} ... ${end})`);
  return text.slice(0, start) + section + text.slice(stop + end.length);
}

/** `text` formatted as the repository's Prettier settings format `file`, read with `parser`. */
export async function formatAs(text: string, file: string, parser: "markdown" | "json"): Promise<string> {
  // Prettier is a development dependency: the generators and their specs run where it is installed.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const prettier = require("prettier") as typeof import("prettier");
  const options = (await prettier.resolveConfig(path.resolve(file))) ?? {};
  return prettier.format(text, { ...options, parser });
}

/** `markdown` formatted as Prettier formats `file`, without the final newline (the section's own). */
export async function formatMarkdown(markdown: string, file: string): Promise<string> {
  return (await formatAs(markdown, file, "markdown")).replace(/\n$/, "");
}
