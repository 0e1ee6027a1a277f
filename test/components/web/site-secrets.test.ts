import { Provider } from "@pulumi/aws/provider";
import { expect } from "chai";
import { SiteSecrets } from "../../../components/web/site-secrets";
import { MockSession, useMockCloud, valueOf } from "../../mocks";

const DB_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-abc";
const DB_KEY = "arn:aws:kms:eu-west-1:123456789012:key/db";
const CACHE_KEY = "arn:aws:kms:eu-west-1:123456789012:key/cache";
const SEARCH_KEY = "arn:aws:kms:eu-west-1:123456789012:key/search";

interface Statement {
  Effect: string;
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

async function readPolicy(stack: string, profile: "wordpress" | "magento"): Promise<Statement[]> {
  const mocks: MockSession = await useMockCloud(stack);
  const provider = new Provider(`${stack}-aws`, { region: "eu-west-1" });
  new SiteSecrets(
    "acme-site-secrets",
    {
      profile,
      region: "eu-west-1",
      webRoleName: "acme-web-role",
      databaseSecretArn: DB_SECRET,
      databaseKeyArn: DB_KEY,
      parameters: {
        path: "/storefront/acme/prod",
        accountId: "123456789012",
        keyArns: profile === "magento" ? [CACHE_KEY, SEARCH_KEY] : [CACHE_KEY],
      },
    },
    { providers: { aws: provider } },
  );
  await mocks.settle();
  const policy = mocks.props(mocks.one("aws:iam/policy:Policy"));
  return (JSON.parse(String(policy.policy)) as { Statement: Statement[] }).Statement;
}

describe("components/web/site-secrets", () => {
  it("lets the web role read parameters under the stack's own path only, never the account's", async () => {
    const statements = await readPolicy("ssm-path", "magento");
    const ssm = statements.filter((s) => s.Action.some((a) => a.startsWith("ssm:")));
    expect(ssm).to.deep.equal([
      {
        Effect: "Allow",
        Action: ["ssm:GetParameter"],
        Resource: "arn:aws:ssm:eu-west-1:123456789012:parameter/storefront/acme/prod/*",
      },
    ]);
    // Another client's stack in the same account: `/storefront/acme/prod/*` does not reach it.
    const other = "arn:aws:ssm:eu-west-1:123456789012:parameter/storefront/globex/prod/sessions/auth-token";
    const pattern = new RegExp(`^${String(ssm[0].Resource).replace(/[.]/g, "\\.").replace("*", ".*")}$`);
    expect(other).not.to.match(pattern);
    expect("arn:aws:ssm:eu-west-1:123456789012:parameter/storefront/acme/prod/sessions/auth-token").to.match(
      pattern,
    );
    expect("arn:aws:ssm:eu-west-1:123456789012:parameter/storefront/acme/prod-eu/x").not.to.match(pattern);
  });

  it("decrypts parameters only through SSM, with the stack's own keys", async () => {
    const statements = await readPolicy("ssm-kms", "magento");
    const viaSsm = statements.filter(
      (s) => s.Condition?.StringEquals?.["kms:ViaService"] === "ssm.eu-west-1.amazonaws.com",
    );
    expect(viaSsm).to.have.length(1);
    expect(viaSsm[0].Action).to.deep.equal(["kms:Decrypt"]);
    expect(viaSsm[0].Resource).to.deep.equal([CACHE_KEY, SEARCH_KEY]);
    // No statement anywhere grants a parameter read or a decryption on every resource.
    for (const s of statements) {
      expect([s.Resource].flat(), JSON.stringify(s)).not.to.include("*");
    }
  });

  it("reads the database's secret, the WordPress salts and setup token through Secrets Manager only", async () => {
    const statements = await readPolicy("secrets", "wordpress");
    const reads = statements.find((s) => s.Action.includes("secretsmanager:GetSecretValue"));
    expect(reads?.Resource).to.have.length(3).and.include(DB_SECRET);
    const viaSecrets = statements.find(
      (s) => s.Condition?.StringEquals?.["kms:ViaService"] === "secretsmanager.eu-west-1.amazonaws.com",
    );
    expect(viaSecrets?.Resource).to.have.length(2).and.include(DB_KEY);
  });

  it("generates a setup token per WordPress stack, kept in Secrets Manager under the stack's key", async () => {
    const mocks: MockSession = await useMockCloud("setup-token");
    const provider = new Provider("setup-token-aws", { region: "eu-west-1" });
    const secrets = new SiteSecrets(
      "acme-site-secrets",
      {
        profile: "wordpress",
        region: "eu-west-1",
        webRoleName: "acme-web-role",
        databaseSecretArn: DB_SECRET,
        databaseKeyArn: DB_KEY,
        parameters: { path: "/storefront/acme/prod", accountId: "123456789012", keyArns: [CACHE_KEY] },
      },
      { providers: { aws: provider } },
    );
    await mocks.settle();
    const token = mocks
      .ofType("random:index/randomPassword:RandomPassword")
      .find((r) => r.name.endsWith("setup-token"));
    expect(token?.inputs).to.deep.include({ length: 32, special: false });
    const secret = mocks
      .ofType("aws:secretsmanager/secret:Secret")
      .find((r) => r.name === "acme-site-secrets-setup");
    expect(secret?.propertyDependencies.kmsKeyId).to.deep.equal([mocks.one("aws:kms/key:Key").urn]);
    const version = mocks
      .ofType("aws:secretsmanager/secretVersion:SecretVersion")
      .find((r) => r.name === "acme-site-secrets-setup");
    expect(version?.propertyDependencies.secretString).to.deep.equal([token!.urn]);
    expect(await valueOf(secrets.setupTokenSecretArn!)).to.equal(mocks.props(secret!).arn);
  });

  it("has no installer to lock for Magento", async () => {
    const statements = await readPolicy("magento-secrets", "magento");
    const reads = statements.find((s) => s.Action.includes("secretsmanager:GetSecretValue"));
    expect(reads?.Resource).to.deep.equal([DB_SECRET]);
  });
});
