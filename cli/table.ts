/*
 * The one table renderer of the commands and generated docs: Markdown tables (GitHub's flavour), cells
 * escaped so that a `|` or a line break in a value cannot break the table.
 */

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/**
 * A Markdown table. `aligned` pads the columns to line up, as Prettier formats tables in committed
 * Markdown; reports leave them compact.
 */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  { aligned = false }: { aligned?: boolean } = {},
): string {
  const cells = [header, ...rows].map((r) => r.map(cell));
  const widths = header.map((_, i) =>
    aligned ? Math.max(3, ...cells.map((r) => [...(r[i] ?? "")].length)) : 3,
  );
  const pad = (text: string, w: number) => text + " ".repeat(Math.max(0, w - [...text].length));
  const line = (r: readonly string[]) =>
    `| ${widths.map((w, i) => (aligned ? pad(r[i] ?? "", w) : (r[i] ?? ""))).join(" | ")} |`;
  return [
    line(cells[0]),
    `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`,
    ...cells.slice(1).map(line),
  ].join("\n");
}
