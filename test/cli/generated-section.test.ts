import { expect } from "chai";
import * as path from "node:path";
import { formatMarkdown, replaceSection } from "../../cli/generated-section";

const MARKERS = ["<!-- begin -->", "<!-- end -->"] as const;

describe("cli/generated-section", () => {
  describe("replaceSection", () => {
    it("replaces the section from the first marker through the second, and nothing else", () => {
      const text = "# Title\n\n<!-- begin -->\nold\n<!-- end -->\n\nafter\n";
      const section = "<!-- begin -->\nnew\n<!-- end -->";
      expect(replaceSection(text, MARKERS, section, "README.md")).to.equal(
        "# Title\n\n<!-- begin -->\nnew\n<!-- end -->\n\nafter\n",
      );
    });

    it("refuses a file without both markers in order, naming the file and the markers", () => {
      for (const text of [
        "# no markers\n",
        "<!-- begin -->\nonly the first\n",
        "<!-- end -->\n<!-- begin -->\n",
      ]) {
        expect(() => replaceSection(text, MARKERS, "x", "docs/README.md")).to.throw(
          "docs/README.md: no generated section (markers missing: <!-- begin --> ... <!-- end -->)",
        );
      }
    });
  });

  describe("formatMarkdown", () => {
    it("formats as the repository's Prettier settings format its Markdown, without the final newline", async () => {
      const table = "| a | b |\n| --- | --- |\n| long cell | x |\n";
      const formatted = await formatMarkdown(table, path.resolve(__dirname, "..", "..", "README.md"));
      expect(formatted).to.equal("| a         | b   |\n| --------- | --- |\n| long cell | x   |");
    });
  });
});
