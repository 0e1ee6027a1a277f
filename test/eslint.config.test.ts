import { expect } from "chai";
import { ESLint } from "eslint";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");

/** Lints a snippet as if it were a component source. */
async function messages(code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, "components", "snippet.ts") });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe("eslint.config.mjs: provider imports by submodule only", () => {
  it("refuses the azure-native package root and says which submodule to import", async () => {
    const found = await messages('import * as azure from "@pulumi/azure-native";\nexport const x = azure;\n');
    expect(found).to.have.length(1);
    expect(found[0]).to.match(/^no-restricted-imports: .*@pulumi\/azure-native\/network/);
  });

  it("still refuses the aws root, and accepts submodules of both", async () => {
    expect(await messages('import * as aws from "@pulumi/aws";\nexport const x = aws;\n')).to.have.length(1);
    expect(
      await messages(
        'import * as network from "@pulumi/azure-native/network";\nimport * as ec2 from "@pulumi/aws/ec2";\nexport const x = [network, ec2];\n',
      ),
    ).to.deep.equal([]);
  });
});
