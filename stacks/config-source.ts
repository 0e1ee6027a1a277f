import * as pulumi from "@pulumi/pulumi";
import type { ConfigSource } from "./load-config";

/**
 * Reads the project namespace of the running stack's configuration, the same way under `pulumi up` and
 * under the offline plan's mock runtime. Pulumi hands every value over as a string (objects and lists as
 * JSON), so values are decoded as JSON where they parse and kept as strings otherwise.
 */
export function readStackConfig(): ConfigSource {
  const project = pulumi.getProject();
  const prefix = `${project}:`;
  const values: Record<string, unknown> = {};
  const secretKeys = new Set<string>();
  const providerKeys = new Map<string, { secret: boolean; value?: string }>();
  for (const [fullKey, raw] of Object.entries(pulumi.runtime.allConfig())) {
    if (!fullKey.startsWith(prefix)) {
      const secret = isConfigSecret(fullKey);
      // Plain values of other namespaces are kept for the checks that compare them (aws:region).
      providerKeys.set(fullKey, secret ? { secret } : { secret, value: raw });
      continue;
    }
    const key = fullKey.slice(prefix.length);
    values[key] = decode(raw);
    if (isConfigSecret(fullKey)) secretKeys.add(key);
  }
  // The Fastly provider reads its token from the FASTLY_API_KEY environment variable when the stack file
  // has no fastly:apiKey (@pulumi/fastly README, configuration points); an environment variable is as
  // private as a secret.
  if (!providerKeys.has("fastly:apiKey") && process.env.FASTLY_API_KEY) {
    providerKeys.set("fastly:apiKey", { secret: true });
  }
  return { stack: pulumi.getStack(), project, values, secretKeys, providerKeys };
}

// The SDK exports isConfigSecret at run time but leaves it out of its typings (marked internal).
const runtimeWithSecrets = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };

function isConfigSecret(fullKey: string): boolean {
  return runtimeWithSecrets.isConfigSecret?.(fullKey) ?? false;
}

function decode(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
