import { expect } from "chai";
import { pathPatternToRegex } from "../../../components/edge/vcl";

describe("components/edge/vcl", () => {
  const cases: [string, string][] = [
    ["/wp-login.php", "^/wp-login\\.php$"],
    ["/wp-content/*", "^/wp-content/.*$"],
    ["/cart*", "^/cart.*$"],
    ["/a+b(c)?", "^/a\\+b\\(c\\)\\?$"],
  ];
  for (const [pattern, regex] of cases) {
    it(`turns ${pattern} into ${regex}`, () => expect(pathPatternToRegex(pattern)).to.equal(regex));
  }
});
