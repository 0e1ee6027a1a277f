/*
 * The one table renderer of the commands and generated docs: Markdown tables (GitHub's flavour), cells
 * escaped so that a `|` or a line break in a value cannot break the table.
 */

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** A Markdown table whose columns are padded to line up, as Prettier formats them. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [header, ...rows].map((r) => r.map(cell));
  const widths = header.map((_, i) => Math.max(3, ...cells.map((r) => [...(r[i] ?? "")].length)));
  const line = (r: readonly string[]) =>
    `| ${widths.map((w, i) => (r[i] ?? "") + " ".repeat(w - [...(r[i] ?? "")].length)).join(" | ")} |`;
  return [
    line(cells[0]),
    `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`,
    ...cells.slice(1).map(line),
  ].join("\n");
}
