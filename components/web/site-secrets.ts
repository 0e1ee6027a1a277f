import * as iam from "@pulumi/aws/iam";
import * as secretsmanager from "@pulumi/aws/secretsmanager";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { rotatingKey } from "../shared/keys";
import { Profile, WORDPRESS_SALT_KEYS } from "./templates";

export interface SiteSecretsArgs {
  readonly profile: Profile;
  readonly region: string;
  /** The web servers' role: it gets read access to exactly the secrets first boot reads. */
  readonly webRoleName: pulumi.Input<string>;
  /** The RDS-managed master secret and the key that encrypts it. */
  readonly databaseSecretArn: pulumi.Input<string>;
  readonly databaseKeyArn: pulumi.Input<string>;
  /**
   * The stack's Parameter Store path (e.g. `/storefront/acme/prod`): the web role may read parameters
   * under it only, and decrypt them only through SSM with the keys that encrypt them.
   */
  readonly parameters: {
    readonly path: string;
    readonly accountId: pulumi.Input<string>;
    readonly keyArns: pulumi.Input<string>[];
  };
}

/** The ARN pattern of every parameter under a path (Systems Manager's ARN format: `parameter/a/b`). */
export function parameterPathArn(region: string, accountId: string, path: string): string {
  return `arn:aws:ssm:${region}:${accountId}:parameter${path.replace(/\/+$/, "")}/*`;
}

/**
 * The secrets a web server reads at first boot, and the permission to read them. WordPress's keys and
 * salts are generated once per stack (every server must share them, or a login made on one server fails
 * on the next) and stored in Secrets Manager under the stack's own KMS key; they are Pulumi secrets in the
 * state and never part of user data. The web role may read the database's managed secret and this one,
 * and the parameters under the stack's own path (the cache's AUTH token, the search password), nothing
 * else, and decrypt only through Secrets Manager and SSM with the stack's own keys.
 */
export class SiteSecrets extends pulumi.ComponentResource {
  /** WordPress only: the secret holding the keys and salts as a JSON object. */
  readonly saltsSecretArn?: pulumi.Output<string>;
  /**
   * WordPress only: the secret holding the setup token, the password (user `setup`) that unlocks
   * WordPress's installer for the operator.
   */
  readonly setupTokenSecretArn?: pulumi.Output<string>;

  constructor(name: string, args: SiteSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:web:SiteSecrets", name, {}, opts);
    const child = { parent: this };

    const secretArns: pulumi.Input<string>[] = [args.databaseSecretArn];
    const keyArns: pulumi.Input<string>[] = [args.databaseKeyArn];
    if (args.profile === "wordpress") {
      const key = rotatingKey(`${name}-key`, `Encrypts the shared WordPress salts of ${name}`, child);
      const salts = Object.fromEntries(
        WORDPRESS_SALT_KEYS.map((k) => [
          k,
          new random.RandomPassword(
            `${name}-${k.toLowerCase().replace(/_/g, "-")}`,
            { length: 64, special: true, overrideSpecial: "!#%*+,-.:;=?@^_~" },
            child,
          ).result,
        ]),
      );
      const secret = new secretsmanager.Secret(
        `${name}-salts`,
        {
          description: "WordPress keys and salts shared by every web server of the stack",
          kmsKeyId: key.arn,
          recoveryWindowInDays: 7,
          tags: { Name: `${name}-salts` },
        },
        child,
      );
      new secretsmanager.SecretVersion(
        `${name}-salts`,
        { secretId: secret.id, secretString: pulumi.secret(pulumi.jsonStringify(salts)) },
        child,
      );
      this.saltsSecretArn = secret.arn;
      secretArns.push(secret.arn);

      // The installer's password: generated per stack, so only whoever may read this secret can claim
      // a new shop. URL-safe characters: the operator types it into a browser's sign-in prompt.
      const token = new random.RandomPassword(`${name}-setup-token`, { length: 32, special: false }, child);
      const setup = new secretsmanager.Secret(
        `${name}-setup`,
        {
          description: "Unlocks WordPress's installer for the operator (user: setup)",
          kmsKeyId: key.arn,
          recoveryWindowInDays: 7,
          tags: { Name: `${name}-setup` },
        },
        child,
      );
      new secretsmanager.SecretVersion(
        `${name}-setup`,
        { secretId: setup.id, secretString: token.result },
        child,
      );
      this.setupTokenSecretArn = setup.arn;
      secretArns.push(setup.arn);
      keyArns.push(key.arn);
    }

    const policy = new iam.Policy(
      `${name}-read`,
      {
        description: "Web servers: read the site's secrets and the stack's parameters, nothing else",
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: secretArns },
            {
              Effect: "Allow",
              Action: ["kms:Decrypt"],
              Resource: keyArns,
              Condition: {
                StringEquals: { "kms:ViaService": `secretsmanager.${args.region}.amazonaws.com` },
              },
            },
            {
              Effect: "Allow",
              Action: ["ssm:GetParameter"],
              Resource: pulumi
                .output(args.parameters.accountId)
                .apply((account) => parameterPathArn(args.region, account, args.parameters.path)),
            },
            {
              Effect: "Allow",
              Action: ["kms:Decrypt"],
              Resource: args.parameters.keyArns,
              Condition: { StringEquals: { "kms:ViaService": `ssm.${args.region}.amazonaws.com` } },
            },
          ],
        }),
        tags: { Name: `${name}-read` },
      },
      child,
    );
    new iam.RolePolicyAttachment(`${name}-read`, { role: args.webRoleName, policyArn: policy.arn }, child);
    this.registerOutputs({
      ...(this.saltsSecretArn ? { saltsSecretArn: this.saltsSecretArn } : {}),
      ...(this.setupTokenSecretArn ? { setupTokenSecretArn: this.setupTokenSecretArn } : {}),
    });
  }
}
