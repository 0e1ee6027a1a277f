import * as pulumi from "@pulumi/pulumi";

/**
 * The statement every bucket policy of the kit starts with: no request to the bucket or its objects over
 * plain HTTP, from anyone (the `s3-tls-only-policy` rule looks for exactly this deny).
 */
export function denyInsecureTransport(bucketArn: pulumi.Output<string>) {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, pulumi.interpolate`${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}
