import * as ec2 from "@pulumi/aws/ec2";
import * as pulumi from "@pulumi/pulumi";

/*
 * The image web servers and the bastion boot: the processor architecture an instance type implies, and
 * the Amazon Linux 2023 image for it.
 */

export type Architecture = "arm64" | "x86_64";

/** Graviton families carry a `g` right after the generation (m7g, c6gn, t4g, r8gd); a1 is the first. */
export function architectureOf(instanceType: string): Architecture {
  const family = instanceType.split(".")[0];
  return family === "a1" || /^[a-z]+\d+g[a-z]*$/.test(family) ? "arm64" : "x86_64";
}

/** The newest Amazon Linux 2023 image (standard, not minimal) for the instance type's architecture. */
export function amazonLinux2023(
  instanceType: string,
  opts: pulumi.InvokeOutputOptions,
): pulumi.Output<string> {
  const architecture = architectureOf(instanceType);
  return ec2
    .getAmiOutput(
      {
        owners: ["amazon"],
        mostRecent: true,
        filters: [
          { name: "name", values: [`al2023-ami-2023.*-kernel-*-${architecture}`] },
          { name: "architecture", values: [architecture] },
          { name: "virtualization-type", values: ["hvm"] },
        ],
      },
      opts,
    )
    .apply((ami) => ami.id);
}
