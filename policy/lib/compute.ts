import { list, truthy } from "./props";
import type { Resource } from "./rule";
import { EBS_VOLUME, IMAGEBUILDER_RECIPE, INSTANCE, LAUNCH_CONFIGURATION, LAUNCH_TEMPLATE } from "./types";

/*
 * Hardening checks of instances and launch templates, shared by the per-resource rules and by the stack
 * rule that follows an Auto Scaling group to its launch template. Each returns the problem, or undefined.
 */

/**
 * The metadata options of an instance, launch template or launch configuration, or of the build instances
 * of an Image Builder infrastructure configuration (instanceMetadataOptions).
 */
export function metadataOptionsOf(r: Resource): Record<string, unknown> | undefined {
  const p = r.props as {
    metadataOptions?: Record<string, unknown>;
    instanceMetadataOptions?: Record<string, unknown>;
  };
  return p.metadataOptions ?? p.instanceMetadataOptions;
}

export function imdsProblem(r: Resource): string | undefined {
  const options = metadataOptionsOf(r);
  if (options?.httpEndpoint === "disabled" || options?.httpTokens === "required") return undefined;
  return "The instance metadata service accepts IMDSv1 requests: set metadataOptions.httpTokens to required.";
}

export function ebsProblem(r: Resource): string | undefined {
  const p = r.props as Record<string, unknown>;
  // Image Builder recipes carry launch-template-shaped mappings (encrypted is a string there too).
  if (r.type === LAUNCH_TEMPLATE || r.type === IMAGEBUILDER_RECIPE) {
    const unencrypted = list(p.blockDeviceMappings).filter(
      (m) => m.ebs !== undefined && !truthy((m.ebs as Record<string, unknown>).encrypted),
    );
    return unencrypted.length > 0
      ? `${unencrypted.length} EBS block device mapping(s) are not encrypted.`
      : undefined;
  }
  if (r.type === EBS_VOLUME) return p.encrypted === true ? undefined : "The EBS volume is not encrypted.";
  if (r.type === INSTANCE || r.type === LAUNCH_CONFIGURATION) {
    const root = p.rootBlockDevice as Record<string, unknown> | undefined;
    const extra = list(p.ebsBlockDevices).filter((d) => d.encrypted !== true);
    if (root?.encrypted !== true) return "The root volume is not encrypted (rootBlockDevice.encrypted).";
    if (extra.length > 0) return `${extra.length} EBS volume(s) are not encrypted.`;
  }
  return undefined;
}

export function publicIpProblem(r: Resource): string | undefined {
  const p = r.props as Record<string, unknown>;
  if (r.type === LAUNCH_TEMPLATE) {
    return list(p.networkInterfaces).some((n) => truthy(n.associatePublicIpAddress))
      ? "A network interface of the launch template gets a public address."
      : undefined;
  }
  return p.associatePublicIpAddress === true ? "The instance gets a public address." : undefined;
}
