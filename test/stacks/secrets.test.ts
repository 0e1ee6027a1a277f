import { expect } from "chai";
import { planStack } from "../../runtime/plan-runner";
import { OFFLINE_SECRET_PLACEHOLDER, readStackSettings, StackSettings } from "../../runtime/stack-files";
import { ConfigError, formatProblem } from "../../stacks/config-error";
import { runStack } from "../../stacks/program";
import { PROJECT } from "../mocks";
import { DEV, problems, PROD } from "./config-fixtures";

const TOKEN = "https://events.oncall.example/integration/Zq8sEcReTtOkEn42";
const NOW = new Date("2026-11-30T12:00:00Z");

/** The prod example stack as the Pulumi CLI hands it over after `config set --secret --path alerts.webhookUrl`. */
function prodWithDecryptedWebhook(): StackSettings {
  const settings = readStackSettings(process.cwd(), "prod");
  const alerts = JSON.parse(settings.config[`${PROJECT}:alerts`] ?? "{}") as Record<string, unknown>;
  return {
    ...settings,
    config: { ...settings.config, [`${PROJECT}:alerts`]: JSON.stringify({ ...alerts, webhookUrl: TOKEN }) },
    secretKeys: [...settings.secretKeys, `${PROJECT}:alerts`],
  };
}

describe("stacks/secrets", () => {
  it("accepts the recommended form: a secret alerts map, validated decrypted, never printed", () => {
    expect(
      problems({ ...PROD, alerts: { emails: ["ops@acme.example"], webhookUrl: TOKEN } }, ["alerts"]),
    ).to.deep.equal([]);
    const lines = problems(
      { ...PROD, alerts: { emails: ["ops@acme.example"], webhookUrl: "http://oncall.example/Zq8sEcReT" } },
      ["alerts"],
    );
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^alerts\.webhookUrl: got \[secret\]; expected an https:\/\/ URL/);
  });

  it("accepts the offline placeholder of a secure webhook, which cannot be decrypted offline", () => {
    expect(
      problems({ ...PROD, alerts: { webhookUrl: OFFLINE_SECRET_PLACEHOLDER } }, ["alerts"]),
    ).to.deep.equal([]);
  });

  it("never echoes a webhook URL, even a plain invalid one", () => {
    const lines = problems({ ...DEV, alerts: { webhookUrl: "http://oncall.example/Zq8sEcReT" } });
    expect(lines).to.have.length(1);
    expect(lines[0]).not.to.include("Zq8sEcReT");
  });

  it("refuses secrets on keys that name things, without printing them", () => {
    const lines = problems({ ...DEV, client: "s3cr3tname", tags: { team: "s3cr3tname" } }, [
      "client",
      "tags",
    ]);
    expect(lines).to.deep.equal([
      "client: got [secret]; expected a plain value: it names or sizes resources, so it would appear in " +
        "resource names, tags and plain-text state (only alerts.webhookUrl is a secret; pulumi config set without --secret)",
      "tags: got [secret]; expected a plain value: it names or sizes resources, so it would appear in " +
        "resource names, tags and plain-text state (only alerts.webhookUrl is a secret; pulumi config set without --secret)",
    ]);
    expect(lines.join("\n")).not.to.include("s3cr3tname");
  });

  it("keeps a secret campaign name out of error lines", () => {
    const web = { campaigns: [{ name: "Hidden Sale", start: "x", end: "y", minSize: 1, maxSize: 1 }] };
    const lines = problems({ ...DEV, web }, ["web"]);
    expect(lines.join("\n")).not.to.match(/Hidden Sale/);
    expect(lines[0]).to.match(/^web: got \[secret\]/);
  });

  it("runs the program with a decrypted secret as the CLI passes it: the token is in no name, tag, output or plain property", async () => {
    const plan = await planStack(prodWithDecryptedWebhook(), () => runStack(NOW));
    const visible = JSON.stringify({
      urns: plan.resources.map((r) => r.urn),
      props: plan.resources.map((r) => r.props),
      outputs: plan.outputs,
      warnings: plan.warnings,
    });
    expect(visible).not.to.include("Zq8sEcReTtOkEn42");
    // The plain (non-secret) wire values the engine would store in state.
    const plain = JSON.stringify(plan.registrations.map((r) => ({ ...r.inputs, ...r.outputs })));
    const subscription = plan.registrations.find(
      (r) => r.type === "aws:sns/topicSubscription:TopicSubscription" && r.inputs.protocol === "https",
    );
    expect(subscription, "an https subscription").to.not.equal(undefined);
    const unwrapped = plain.replace(
      /"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270","value":"[^"]*"/g,
      "",
    );
    expect(unwrapped).not.to.include("Zq8sEcReTtOkEn42");
  });

  it("reports a secret naming key from a stack run as one ConfigError", async () => {
    const settings = readStackSettings(process.cwd(), "dev");
    let caught: unknown;
    try {
      await planStack({ ...settings, secretKeys: [`${PROJECT}:client`] }, () => runStack(NOW));
    } catch (e) {
      caught = e;
    }
    expect(ConfigError.isInstance(caught)).to.equal(true);
    expect((caught as ConfigError).problems.map(formatProblem)[0]).to.match(/^client: got \[secret\]/);
  });
});

describe("stacks/checks/namespaces", () => {
  const keys = (entries: [string, { secret: boolean; value?: string }][]) => new Map(entries);

  it("rejects aws:region contradicting the stack's region, and accepts one that agrees", () => {
    expect(problems(DEV, [], keys([["aws:region", { secret: false, value: "us-east-1" }]]))).to.deep.equal([
      'aws:region: got "us-east-1"; expected nothing, or the stack\'s own storefront:region ("eu-west-1"): the kit deploys to storefront:region and ignores aws:region',
    ]);
    expect(problems(DEV, [], keys([["aws:region", { secret: false, value: "eu-west-1" }]]))).to.deep.equal(
      [],
    );
  });

  it("rejects aws:defaultTags, which the kit's providers never read, and accepts aws:profile, which it hands on", () => {
    const lines = problems(
      DEV,
      [],
      keys([
        ["aws:profile", { secret: false, value: "client-a" }],
        ["aws:defaultTags", { secret: false, value: "{}" }],
      ]),
    );
    expect(lines.map((l) => l.split(":").slice(0, 2).join(":"))).to.deep.equal(["aws:defaultTags"]);
  });

  it("suggests the project namespace for a near miss, and names the namespaces read", () => {
    expect(problems(DEV, [], keys([["storefrnt:budget", { secret: false, value: "{}" }]]))).to.deep.equal([
      'storefrnt:budget: got a key of a namespace nothing reads; expected "storefront:budget" (did you mean it? namespaces read here: storefront, aws, fastly, pulumi)',
    ]);
    expect(problems(DEV, [], keys([["pulumi:tags", { secret: false, value: "{}" }]]))).to.deep.equal([]);
  });
});
