/*
 * The benchmark's floor: loading the five Pulumi packages the kit uses, as any Pulumi program that imports
 * them pays before it creates its first resource. A plan's cost above this is the kit's own doing.
 */
for (const name of ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/awsx", "@pulumi/policy", "@pulumi/random"]) {
  // The package roots on purpose (the kit itself imports submodules): this is what a plain program loads.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(name);
}
