import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { POLICIES } from "../../policy/pack";
import {
  ConfigurablePolicy,
  readPolicyConfigFile,
  reconcilePolicyConfig,
  resolvePolicyConfig,
} from "../../runtime/policy-config";
import { runPolicies } from "../../runtime/policy-runner";
import { UsageError } from "../../runtime/stack-files";
import type { RegisteredResource } from "../../runtime/recording-monitor";

/*
 * Policy configuration as `pulumi preview --policy-pack-config` treats it (pulumi/pulumi
 * pkg/resource/analyzer/config.go), on a small pack of its own and on the kit's pack.
 */

const PACK: ConfigurablePolicy[] = [
  { name: "strict", enforcementLevel: "mandatory" },
  { name: "lenient", enforcementLevel: "advisory" },
  {
    name: "retention",
    enforcementLevel: "advisory",
    configSchema: {
      properties: {
        minimumDays: { type: "integer", minimum: 1, maximum: 35, default: 7 },
        names: { type: "array", items: { type: "string" }, default: ["a"] },
      },
    },
  },
  { name: "needs-owner", configSchema: { properties: { owner: { type: "string" } }, required: ["owner"] } },
];

const problems = (raw: unknown) => reconcilePolicyConfig(PACK, raw).problems;
const levels = (raw: unknown) =>
  Object.fromEntries(
    [...resolvePolicyConfig(PACK, { "needs-owner": { owner: "ops" }, ...(raw as object) })].map(([k, v]) => [
      k,
      v.enforcement,
    ]),
  );

describe("runtime/policy-config", () => {
  describe("accepts what the CLI accepts", () => {
    it("starts every policy at its default level with its schema's defaults", () => {
      const settings = resolvePolicyConfig(PACK, { "needs-owner": { owner: "ops" } });
      expect(settings.get("strict")).to.deep.equal({ enforcement: "mandatory", config: {} });
      expect(settings.get("retention")).to.deep.equal({
        enforcement: "advisory",
        config: { minimumDays: 7, names: ["a"] },
      });
      expect(settings.get("needs-owner")).to.deep.equal({
        enforcement: "advisory",
        config: { owner: "ops" },
      });
    });

    it("sets a level by a string or by enforcementLevel, and merges settings over the defaults", () => {
      const settings = resolvePolicyConfig(PACK, {
        strict: "disabled",
        retention: { enforcementLevel: "remediate", minimumDays: 14 },
        "needs-owner": { owner: "ops" },
      });
      expect(settings.get("strict")!.enforcement).to.equal("disabled");
      expect(settings.get("retention")).to.deep.equal({
        enforcement: "remediate",
        config: { minimumDays: 14, names: ["a"] },
      });
    });

    it("applies `all` to every policy, and a named entry over `all` whatever the order", () => {
      expect(levels({ lenient: "advisory", all: "mandatory" })).to.deep.equal({
        strict: "mandatory",
        lenient: "advisory",
        retention: "mandatory",
        "needs-owner": "mandatory",
      });
      expect(levels({ all: { enforcementLevel: "disabled" }, strict: "advisory" })).to.deep.equal({
        strict: "advisory",
        lenient: "disabled",
        retention: "disabled",
        "needs-owner": "disabled",
      });
    });

    it("reads an empty file as no configuration", () => {
      const dir = mkdtempSync(path.join(tmpdir(), "policy-config-"));
      try {
        const file = path.join(dir, "empty.json");
        writeFileSync(file, "  \n");
        expect(readPolicyConfigFile(file)).to.equal(undefined);
        writeFileSync(file, '{"strict": "advisory"}');
        expect(readPolicyConfigFile(file)).to.deep.equal({ strict: "advisory" });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("reads only a regular file of at most 1 MiB: a FIFO, a device or a directory is refused at once", () => {
      const dir = mkdtempSync(path.join(tmpdir(), "policy-config-"));
      const refusal = (file: string) => {
        try {
          readPolicyConfigFile(file);
        } catch (e) {
          expect(e).to.be.instanceOf(UsageError);
          return (e as Error).message;
        }
        throw new Error(`${file} was read`);
      };
      try {
        const fifo = path.join(dir, "fifo.json");
        execFileSync("mkfifo", [fifo]);
        // Without a writer, reading a FIFO would block forever; /dev/zero would never end.
        expect(refusal(fifo)).to.equal(
          `${fifo}: not a regular file (a stack or configuration file must be one)`,
        );
        expect(refusal("/dev/zero")).to.equal(
          "/dev/zero: not a regular file (a stack or configuration file must be one)",
        );
        expect(refusal(dir)).to.equal(
          `${dir}: not a regular file (a stack or configuration file must be one)`,
        );
        const big = path.join(dir, "big.json");
        writeFileSync(big, `{"strict": "advisory", "padding": "${"x".repeat(1024 * 1024)}"}`);
        expect(refusal(big)).to.match(/^.*big\.json: \d+ bytes; a configuration file holds at most 1048576$/);
        expect(refusal(path.join(dir, "missing.json"))).to.match(/missing\.json: cannot be read \(ENOENT\)$/);
        const fit = path.join(dir, "fit.json");
        writeFileSync(fit, `{"strict": "advisory"}${" ".repeat(1024 * 1024 - 22)}`);
        expect(readPolicyConfigFile(fit)).to.deep.equal({ strict: "advisory" });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("refuses what the CLI refuses, every problem at once", () => {
    const owner = { "needs-owner": { owner: "ops" } };

    it("refuses enforcement levels the CLI does not know, case-sensitively", () => {
      expect(problems({ ...owner, strict: "fatal", lenient: "MANDATORY" })).to.deep.equal([
        'strict: parsing enforcement level: "fatal" is not a valid enforcement level; expected one of advisory, mandatory, remediate, disabled (lower case)',
        'lenient: parsing enforcement level: "MANDATORY" is not a valid enforcement level; expected one of advisory, mandatory, remediate, disabled (lower case)',
      ]);
      expect(
        problems({ ...owner, strict: { enforcementLevel: "Advisory" }, all: { enforcementLevel: 1 } }),
      ).to.deep.equal([
        'strict.enforcementLevel: "Advisory" is not a valid enforcement level; expected one of advisory, mandatory, remediate, disabled (lower case)',
        "all.enforcementLevel: 1 is not a valid enforcement level; must be a string",
      ]);
    });

    it("refuses values that are neither a level nor an object, and a document that is not an object", () => {
      expect(problems({ ...owner, strict: true, lenient: null, retention: ["mandatory"] })).to.deep.equal([
        "strict: true is not a valid value; must be a string or object",
        "lenient: null is not a valid value; must be a string or object",
        'retention: ["mandatory"] is not a valid value; must be a string or object',
      ]);
      expect(problems(["strict"])[0]).to.equal(
        'got ["strict"]; expected a JSON object of policy names to levels or settings',
      );
    });

    it("validates settings against the policy's JSON schema (wrong types never switch a rule off)", () => {
      expect(problems({ ...owner, retention: { minimumDays: "14", names: "a" } })).to.deep.equal([
        "retention: minimumDays: Invalid type. Expected: integer, given: string",
        "retention: names: Invalid type. Expected: array, given: string",
      ]);
      expect(problems({ ...owner, retention: { minimumDays: 36, names: [1] } })).to.deep.equal([
        "retention: minimumDays: Must be less than or equal to 35",
        "retention: names.0: Invalid type. Expected: string, given: integer",
      ]);
      expect(problems({})).to.deep.equal(["needs-owner: owner is required"]);
    });

    it("refuses unknown policies, unknown settings and settings under `all`, which the CLI would ignore", () => {
      expect(
        problems({
          ...owner,
          strct: "disabled",
          lenient: { days: 3 },
          retention: { minimumDay: 3 },
          all: { x: 1 },
        }),
      ).to.deep.equal([
        "strct: got an unknown policy; expected a policy of this pack (closest: strict; pulumi preview would ignore it and leave that rule at its default)",
        "all: got settings x; expected only an enforcement level (settings belong to a named policy; pulumi preview would ignore them)",
        "lenient.days: got an unknown setting; expected no settings (this policy has none) (pulumi preview would ignore it)",
        "retention.minimumDay: got an unknown setting; expected one of minimumDays, names (pulumi preview would ignore it)",
      ]);
    });
  });

  describe("on the kit's pack", () => {
    it("accepts the README's example configuration", () => {
      expect(
        reconcilePolicyConfig(POLICIES, {
          "alb-deletion-protection": "disabled",
          "rds-backup-retention": { enforcementLevel: "mandatory", minimumDays: 14 },
          "bastion-ssh-allowlisted-cidrs": { allowedSshCidrs: ["203.0.113.0/24"] },
        }).problems,
      ).to.deep.equal([]);
    });

    it("derives each setting's type and bounds from the rule's zod schema", () => {
      expect(
        reconcilePolicyConfig(POLICIES, {
          "rds-backup-retention": { minimumDays: 0 },
          "sg-no-public-ingress-data-ports": { dataPorts: [3306, 70000] },
          "alb-listener-tls-policy": { allowedPolicies: "ELBSecurityPolicy-2016-08" },
        }).problems,
      ).to.deep.equal([
        "sg-no-public-ingress-data-ports: dataPorts.1: Must be less than or equal to 65535",
        "alb-listener-tls-policy: allowedPolicies: Invalid type. Expected: array, given: string",
        "rds-backup-retention: minimumDays: Must be greater than or equal to 1",
      ]);
    });

    it("runs a policy at `remediate` as mandatory, and refuses an invalid configuration before any policy runs", async () => {
      const registration: RegisteredResource = {
        type: "aws:lb/loadBalancer:LoadBalancer",
        name: "alb",
        urn: "urn:pulumi:test::storefront::aws:lb/loadBalancer:LoadBalancer::alb",
        custom: true,
        inputs: { loadBalancerType: "application" },
        outputs: {},
        dependencies: [],
        propertyDependencies: {},
        ignoreChanges: [],
        protect: false,
      } as unknown as RegisteredResource;
      const policy = POLICIES.filter((p) => p.name === "alb-deletion-protection");
      const run = await runPolicies([registration], policy, { "alb-deletion-protection": "remediate" });
      expect(run.violations.map((v) => v.enforcement)).to.deep.equal(["mandatory"]);
      let error: unknown;
      await runPolicies([registration], policy, { "alb-deletion-protection": "Mandatory" } as never).catch(
        (e) => (error = e),
      );
      expect((error as Error).message).to.match(
        /^invalid policy configuration:\n {2}alb-deletion-protection: /,
      );
    });
  });
});
