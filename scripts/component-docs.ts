import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { formatMarkdown, replaceSection } from "../cli/generated-section";
import { markdownTable } from "../cli/table";

/*
 * npm run docs:components [-- --check]
 *
 * Each component folder's README has a hand-written part (what the module builds, an example) and a
 * generated part between markers: every component of the folder with its type token, and every field of
 * its Args with type, default and description, read from the source's doc comments. Generated, so the
 * README cannot drift from the code; `--check` (run by the test suite) fails when one is stale.
 */

export const MARKERS = [
  "<!-- generated:components begin (npm run docs:components) -->",
  "<!-- generated:components end -->",
] as const;

export interface ArgField {
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
  readonly defaultValue?: string;
  readonly description: string;
}

export interface ComponentDoc {
  readonly className: string;
  readonly token: string;
  readonly summary: string;
  readonly argsName?: string;
  readonly fields: readonly ArgField[];
}

function jsDocOf(node: ts.Node): { text: string; defaultValue?: string } {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
  const parts: string[] = [];
  let defaultValue: string | undefined;
  for (const doc of docs) {
    const comment = ts.getTextOfJSDocComment(doc.comment);
    if (comment) parts.push(comment);
    for (const tag of doc.tags ?? []) {
      if (tag.tagName.text === "default") defaultValue = ts.getTextOfJSDocComment(tag.comment)?.trim();
    }
  }
  // `/** text; @default x */` on one line keeps the tag inside the comment text.
  let text = parts.join(" ").replace(/\s+/g, " ").trim().replace(/;$/, "");
  const inline = /;?\s*@default\s+(.*)$/.exec(text);
  if (inline && defaultValue === undefined) {
    defaultValue = inline[1].trim();
    text = text.slice(0, inline.index).trim();
  }
  return { text, ...(defaultValue !== undefined ? { defaultValue } : {}) };
}

function typeText(node: ts.TypeNode | undefined, source: ts.SourceFile): string {
  return node
    ? node
        .getText(source)
        .replace(/\s+/g, " ")
        .replace(/readonly /g, "")
    : "unknown";
}

/** Fields of an interface, with those of the interfaces it extends in the same module set. */
function fieldsOf(
  name: string,
  interfaces: ReadonlyMap<string, { decl: ts.InterfaceDeclaration; source: ts.SourceFile }>,
): ArgField[] {
  const found = interfaces.get(name);
  if (!found) return [];
  const { decl, source } = found;
  const inherited = (decl.heritageClauses ?? []).flatMap((clause) =>
    clause.types.flatMap((t) => fieldsOf(t.expression.getText(source), interfaces)),
  );
  const own = decl.members.filter(ts.isPropertySignature).map((member) => {
    const doc = jsDocOf(member);
    return {
      name: member.name.getText(source),
      type: typeText(member.type, source),
      optional: member.questionToken !== undefined,
      description: doc.text,
      ...(doc.defaultValue !== undefined ? { defaultValue: doc.defaultValue } : {}),
    };
  });
  const ownNames = new Set(own.map((f) => f.name));
  return [...inherited.filter((f) => !ownNames.has(f.name)), ...own];
}

function sourceFiles(dir: string): ts.SourceFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .map((f) => {
      const file = path.join(dir, f);
      return ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    });
}

/** Every ComponentResource of a folder with its token and Args, in file and declaration order. */
export function componentsIn(
  dir: string,
  interfaces: ReadonlyMap<string, { decl: ts.InterfaceDeclaration; source: ts.SourceFile }>,
): ComponentDoc[] {
  const docs: ComponentDoc[] = [];
  for (const source of sourceFiles(dir)) {
    source.forEachChild((node) => {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const base = node.heritageClauses?.[0]?.types[0]?.expression.getText(source);
      if (base !== "pulumi.ComponentResource") return;
      const ctor = node.members.find(ts.isConstructorDeclaration);
      const argsParam = ctor?.parameters.find((p) => p.name.getText(source) === "args");
      const argsName = argsParam?.type?.getText(source);
      const token = /super\(\s*"([^"]+)"/.exec(ctor?.getText(source) ?? "")?.[1] ?? "";
      docs.push({
        className: node.name.text,
        token,
        summary: jsDocOf(node).text,
        ...(argsName ? { argsName } : {}),
        fields: argsName ? fieldsOf(argsName, interfaces) : [],
      });
    });
  }
  return docs;
}

/** Exported interfaces of every component module, by name. */
export function allInterfaces(
  componentsDir: string,
): Map<string, { decl: ts.InterfaceDeclaration; source: ts.SourceFile }> {
  const map = new Map<string, { decl: ts.InterfaceDeclaration; source: ts.SourceFile }>();
  for (const folder of componentFolders(componentsDir)) {
    for (const source of sourceFiles(path.join(componentsDir, folder))) {
      source.forEachChild((node) => {
        if (ts.isInterfaceDeclaration(node)) map.set(node.name.text, { decl: node, source });
      });
    }
  }
  return map;
}

/**
 * Every folder under `componentsDir`, nested ones included (`azure/network` for the Azure modules, whose
 * tokens are `storefront:azure/<module>:<Type>`), as paths relative to it.
 */
export function componentFolders(componentsDir: string, prefix = ""): string[] {
  return readdirSync(path.join(componentsDir, prefix), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.posix.join(prefix, e.name))
    .sort()
    .flatMap((folder) => [folder, ...componentFolders(componentsDir, folder)]);
}

/** The generated part of a folder's README. */
export function renderComponents(docs: readonly ComponentDoc[], hasSources = true): string {
  const lines: string[] = [MARKERS[0], ""];
  if (docs.length === 0) {
    lines.push(
      hasSources
        ? "This folder holds helpers, no component."
        : "This folder holds modules, one per subfolder, each with its own README.",
      "",
    );
  }
  for (const doc of docs) {
    lines.push(`### \`${doc.className}\` (\`${doc.token}\`)`, "");
    if (doc.summary) lines.push(doc.summary, "");
    if (doc.argsName && doc.fields.length > 0) {
      lines.push(
        markdownTable(
          [`\`${doc.argsName}\` field`, "type", "default", "what it is"],
          doc.fields.map((f) => [
            `\`${f.name}\``,
            `\`${f.type}\``,
            f.defaultValue ?? (f.optional ? "none" : "required"),
            f.description,
          ]),
        ),
        "",
      );
    }
  }
  lines.push(MARKERS[1]);
  return lines.join("\n");
}

/**
 * Folder README paths with their up-to-date content: the generated section replaced and formatted
 * (cli/generated-section.ts), the rest as committed. A folder without a README, or a README without the
 * markers, is an error naming the file.
 */
export async function componentReadmes(
  componentsDir: string,
): Promise<{ file: string; current: string; wanted: string }[]> {
  const interfaces = allInterfaces(componentsDir);
  return Promise.all(
    componentFolders(componentsDir).map(async (folder) => {
      const file = path.join(componentsDir, folder, "README.md");
      const current = existsSync(file) ? readFileSync(file, "utf8") : "";
      const dir = path.join(componentsDir, folder);
      const hasSources = readdirSync(dir).some((f) => f.endsWith(".ts"));
      const generated = renderComponents(componentsIn(dir, interfaces), hasSources);
      const wanted = replaceSection(current, MARKERS, await formatMarkdown(generated, file), file);
      return { file, current, wanted };
    }),
  );
}

async function main(argv: readonly string[]): Promise<number> {
  const componentsDir = path.resolve(__dirname, "..", "components");
  const check = argv.includes("--check");
  let stale = 0;
  for (const { file, current, wanted } of await componentReadmes(componentsDir)) {
    if (current === wanted) continue;
    stale++;
    if (check) process.stderr.write(`${path.relative(process.cwd(), file)} is stale\n`);
    else writeFileSync(file, wanted);
  }
  if (check && stale > 0) process.stderr.write("run: npm run docs:components\n");
  return check && stale > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: Error) => {
      process.stderr.write(`${e.message}\n`);
      process.exitCode = 2;
    },
  );
}
