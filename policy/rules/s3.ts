import type { PolicyResource } from "@pulumi/policy";
import { resourceRule, stackRule } from "../lib/define";
import { dependenciesOf, isAnyone, list, statements } from "../lib/props";
import type { StackGraph } from "../lib/rule";
import {
  ACCOUNT_PUBLIC_ACCESS_BLOCK,
  BUCKET_ACL_TYPES,
  BUCKET_LIFECYCLE_TYPES,
  BUCKET_LOGGING_TYPES,
  BUCKET_OWNERSHIP,
  BUCKET_POLICY,
  BUCKET_SSE_TYPES,
  BUCKET_TYPES,
  BUCKET_VERSIONING_TYPES,
  LOAD_BALANCER_TYPES,
  PUBLIC_ACCESS_BLOCK,
} from "../lib/types";

/** S3 buckets and their side-by-side configuration resources (pulumi-aws 7). */

const PUBLIC_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const SSE_ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];

/**
 * Buckets that some resource of `types` configures (through its `bucket` property, by output or by the
 * bucket's literal name) and `accepts`.
 */
function configured(
  graph: StackGraph,
  types: readonly string[],
  accepts: (r: PolicyResource) => boolean,
): Set<string> {
  return new Set(
    graph
      .ofTypes(types)
      .filter(accepts)
      .flatMap((r) => graph.referenced(r, "bucket", BUCKET_TYPES).map((b) => b.urn)),
  );
}

export const s3PublicAccessBlock = stackRule({
  id: "s3-public-access-block",
  description: "Every bucket blocks public access with all four settings (or the account does).",
  severity: "critical",
  remediation: "Add an aws.s3.BucketPublicAccessBlock with all four flags true.",
  cis: "v3.0 2.1.4",
  pci: "3.2.1: 1.2.1, 1.3.1, 1.3.2, 1.3.4, 1.3.6",
  check(graph, report) {
    if (graph.ofTypes([ACCOUNT_PUBLIC_ACCESS_BLOCK]).some((a) => a.props.blockPublicPolicy === true)) return;
    const blocked = configured(graph, [PUBLIC_ACCESS_BLOCK], (b) =>
      ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].every(
        (f) => b.props[f] === true,
      ),
    );
    for (const bucket of graph.ofTypes(BUCKET_TYPES)) {
      if (!blocked.has(bucket.urn)) report("The bucket does not block public access.", bucket.urn);
    }
  },
});

export const s3NoPublicAcl = resourceRule({
  id: "s3-no-public-acl",
  description: "Buckets and bucket ACLs grant nothing to everyone or to any authenticated AWS user.",
  severity: "critical",
  remediation: "Remove public canned ACLs and grants; keep ownership controls at BucketOwnerEnforced.",
  pci: "3.2.1: 1.2.1, 1.3.1, 1.3.2, 1.3.6, 7.2.1",
  types: [...BUCKET_TYPES, ...BUCKET_ACL_TYPES],
  check(r, report) {
    if (PUBLIC_ACLS.includes(String(r.props.acl))) report("A public canned ACL is set.");
    const grants = list((r.props.accessControlPolicy as { grants?: unknown } | undefined)?.grants);
    const publicGrant = grants.some((g) =>
      /AllUsers|AuthenticatedUsers/.test(String((g.grantee as { uri?: string })?.uri)),
    );
    if (publicGrant) report("An ACL grant names AllUsers or AuthenticatedUsers.");
  },
});

export const s3EncryptionAtRest = stackRule({
  id: "s3-encryption-at-rest",
  description: "Every bucket has a default encryption configuration.",
  severity: "medium",
  remediation: "Add an aws.s3.BucketServerSideEncryptionConfiguration (AES256 or aws:kms).",
  cis: "v1.4 2.1.1 (dropped later)",
  pci: "3.2.1: 3.4",
  check(graph, report) {
    // S3 accepts AES256, aws:kms and aws:kms:dsse (S3 API reference, ServerSideEncryptionByDefault).
    const encrypted = configured(
      graph,
      BUCKET_SSE_TYPES,
      (c) =>
        list(c.props.rules).length > 0 &&
        list(c.props.rules).every((rule) =>
          SSE_ALGORITHMS.includes(
            String(
              (rule.applyServerSideEncryptionByDefault as { sseAlgorithm?: string } | undefined)
                ?.sseAlgorithm,
            ),
          ),
        ),
    );
    for (const bucket of graph.ofTypes(BUCKET_TYPES)) {
      const legacy = bucket.props.serverSideEncryptionConfiguration !== undefined;
      if (!encrypted.has(bucket.urn) && !legacy)
        report("The bucket has no valid default encryption configuration.", bucket.urn);
    }
  },
});

export const s3Versioning = stackRule({
  id: "s3-versioning",
  description: "Every bucket keeps object versions.",
  severity: "medium",
  remediation: "Add an aws.s3.BucketVersioning with status Enabled.",
  pci: "3.2.1: 10.5.3",
  check(graph, report) {
    const versioned = configured(
      graph,
      BUCKET_VERSIONING_TYPES,
      (v) => (v.props.versioningConfiguration as { status?: string } | undefined)?.status === "Enabled",
    );
    for (const bucket of graph.ofTypes(BUCKET_TYPES)) {
      const legacy = (bucket.props.versioning as { enabled?: boolean } | undefined)?.enabled === true;
      if (!versioned.has(bucket.urn) && !legacy) report("Versioning is not enabled.", bucket.urn);
    }
  },
});

export const s3TlsOnlyPolicy = stackRule({
  id: "s3-tls-only-policy",
  description: "Every bucket's policy denies requests made without TLS.",
  severity: "high",
  remediation: "Add a Deny statement for everyone on s3:* when Bool aws:SecureTransport is false.",
  cis: "v3.0 2.1.1",
  pci: "3.2.1: 2.2, 4.1, 8.2.1",
  check(graph, report) {
    const enforced = configured(graph, [BUCKET_POLICY], (p) =>
      statements(p.props.policy).some(
        (s) =>
          s.effect === "Deny" &&
          isAnyone(s.principal) &&
          String((s.condition?.Bool as Record<string, unknown> | undefined)?.["aws:SecureTransport"]) ===
            "false",
      ),
    );
    for (const bucket of graph.ofTypes(BUCKET_TYPES)) {
      if (!enforced.has(bucket.urn))
        report("The bucket policy does not deny requests without TLS.", bucket.urn);
    }
  },
});

export const s3AclsDisabled = stackRule({
  id: "s3-acls-disabled",
  description: "Every bucket disables ACLs: ownership controls set BucketOwnerEnforced.",
  severity: "medium",
  remediation: "Add an aws.s3.BucketOwnershipControls with rule.objectOwnership BucketOwnerEnforced.",
  pci: "3.2.1: 7.2.1; 4.0: 7.2.1",
  check(graph, report) {
    const enforced = configured(
      graph,
      [BUCKET_OWNERSHIP],
      (o) =>
        (o.props.rule as { objectOwnership?: string } | undefined)?.objectOwnership === "BucketOwnerEnforced",
    );
    for (const bucket of graph.ofTypes(BUCKET_TYPES)) {
      if (!enforced.has(bucket.urn)) report("The bucket's ACLs are still in force.", bucket.urn);
    }
  },
});

export const s3PolicyNoPublicPrincipal = resourceRule({
  id: "s3-policy-no-public-principal",
  description: "Bucket policies allow nothing to everyone (`*`) without a condition.",
  severity: "critical",
  remediation: "Name the principal (e.g. cloudfront.amazonaws.com with an aws:SourceArn condition).",
  cis: "v3.0 2.1.4",
  pci: "3.2.1: 1.2.1, 1.3.1, 1.3.2, 7.2.1; 4.0: 1.4.1, 7.2.1",
  types: [BUCKET_POLICY, ...BUCKET_TYPES],
  check(r, report) {
    const open = statements(r.props.policy).some(
      (s) => s.effect === "Allow" && isAnyone(s.principal) && s.condition === undefined,
    );
    if (open) report("A statement allows anyone to access the bucket without a condition.");
  },
});

export const s3LifecycleAbortIncompleteUploads = resourceRule({
  id: "s3-lifecycle-abort-incomplete-uploads",
  description: "Bucket lifecycle configurations abort incomplete multipart uploads.",
  severity: "low",
  remediation: "Add abortIncompleteMultipartUpload { daysAfterInitiation: 7 } to an enabled rule.",
  types: BUCKET_LIFECYCLE_TYPES,
  check(r, report) {
    const aborts = list(r.props.rules).some(
      (rule) => rule.status === "Enabled" && rule.abortIncompleteMultipartUpload !== undefined,
    );
    if (!aborts) report("Incomplete multipart uploads are kept (and billed) forever.");
  },
});

export const s3AccessLogging = stackRule({
  id: "s3-access-logging",
  description:
    "Every bucket logs access to another bucket of the stack; a bucket that receives logs is exempt.",
  severity: "medium",
  remediation:
    "Add an aws.s3.BucketLogging for the bucket with targetBucket the stack's log bucket (never itself).",
  pci: "3.2.1: 10.2.1, 10.3; 4.0: 10.2.1",
  types: [...BUCKET_TYPES, ...BUCKET_LOGGING_TYPES],
  check(graph, report) {
    // The log bucket itself is exempt: logging a bucket into itself loops (each delivery is an access to
    // log) and AWS advises against it (S3 User Guide, "Logging requests with server access logging").
    const loggings = graph.ofTypes(BUCKET_LOGGING_TYPES);
    const targets = new Set(
      loggings.flatMap((l) => graph.referenced(l, "targetBucket", BUCKET_TYPES).map((b) => b.urn)),
    );
    const logged = new Set<string>();
    for (const l of loggings) {
      const sources = graph.referenced(l, "bucket", BUCKET_TYPES);
      const into = graph.referenced(l, "targetBucket", BUCKET_TYPES);
      if (into.length === 0) report("The logs go to a bucket the stack does not hold.", l.urn);
      else if (sources.some((s) => into.includes(s))) report("The bucket logs into itself.", l.urn);
      else for (const s of sources) logged.add(s.urn);
    }
    for (const b of graph.ofTypes(BUCKET_TYPES)) {
      if (logged.has(b.urn) || targets.has(b.urn)) continue;
      if (loggings.some((l) => graph.referenced(l, "bucket", BUCKET_TYPES).includes(b))) continue;
      report("The bucket does not log access.", b.urn);
    }
  },
});

export const s3EncryptionKms = stackRule({
  id: "s3-encryption-kms",
  description:
    "Buckets encrypt with KMS keys (SSE-KMS), except those that receive load balancer access logs (SSE-S3 only).",
  severity: "medium",
  remediation:
    "Set sseAlgorithm aws:kms with kmsMasterKeyId (and bucketKeyEnabled) in the bucket's encryption " +
    "configuration.",
  pci: "3.2.1: 3.4, 3.5; 4.0: 3.5.1",
  types: [...BUCKET_SSE_TYPES],
  check(graph, report) {
    // "The only server-side encryption option that's supported is Amazon S3-managed keys (SSE-S3)" for
    // a bucket that receives Application Load Balancer access logs (ELB User Guide, "Enable access logs
    // for your Application Load Balancer", bucket requirements): such a bucket is exempt. A bucket without
    // any encryption configuration is s3-encryption-at-rest's finding.
    const albLogs = new Set(
      graph
        .ofTypes(LOAD_BALANCER_TYPES)
        .filter((lb) => (lb.props.accessLogs as { enabled?: boolean } | undefined)?.enabled !== false)
        .flatMap((lb) => {
          const bucket = (lb.props.accessLogs as { bucket?: unknown } | undefined)?.bucket;
          return [
            ...dependenciesOf(lb, "accessLogs").filter((d) => BUCKET_TYPES.includes(d.type as never)),
            ...graph
              .ofTypes(BUCKET_TYPES)
              .filter((b) => typeof bucket === "string" && b.props.bucket === bucket),
          ].map((b) => b.urn);
        }),
    );
    for (const sse of graph.ofTypes(BUCKET_SSE_TYPES)) {
      const algorithms = list(sse.props.rules).map(
        (rule) =>
          (rule.applyServerSideEncryptionByDefault as { sseAlgorithm?: string } | undefined)?.sseAlgorithm,
      );
      if (algorithms.every((a) => a === "aws:kms" || a === "aws:kms:dsse")) continue;
      const buckets = graph.referenced(sse, "bucket", BUCKET_TYPES);
      if (buckets.length > 0 && buckets.every((b) => albLogs.has(b.urn))) continue;
      report("The bucket is encrypted with S3-managed keys, not a KMS key.", sse.urn);
    }
  },
});
