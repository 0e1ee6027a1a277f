import * as pulumi from "@pulumi/pulumi";

/*
 * Tags on Azure. azure-native has no provider-level default tags (its ProviderArgs has no `defaultTags`), so
 * the Azure composition root puts the stack's tags on every resource it creates with a resource
 * transformation (`tagEveryResource`). Types whose inputs have no `tags` map are skipped: ARM would refuse
 * the property (the offline mock cloud does too).
 */

/**
 * azure-native types the kit registers whose inputs have no `tags` map (checked against the SDK's
 * `.d.ts` files by test/components/azure/shared/tags.test.ts). `SavedSearch` has `tags`, but as a list of
 * name/value pairs, not a map.
 */
export const UNTAGGABLE_TYPES: ReadonlySet<string> = new Set([
  "azure-native:network:Subnet",
  "azure-native:network:SecurityRule",
  "azure-native:network:PrivateDnsZoneGroup",
  "azure-native:compute:VirtualMachineScaleSetExtension",
  "azure-native:monitor:DiagnosticSetting",
  "azure-native:dbformysql:Configuration",
  "azure-native:dbformysql:Database",
  "azure-native:dbformysql:AzureADAdministrator",
  "azure-native:redisenterprise:Database",
  "azure-native:storage:FileShare",
  "azure-native:storage:FileServiceProperties",
  "azure-native:storage:ManagementPolicy",
  "azure-native:storage:BlobContainer",
  "azure-native:authorization:RoleAssignment",
  "azure-native:authorization:RoleDefinition",
  "azure-native:authorization:ManagementLockAtResourceGroupLevel",
  "azure-native:authorization:ManagementLockByScope",
  "azure-native:cdn:AFDOrigin",
  "azure-native:cdn:AFDOriginGroup",
  "azure-native:cdn:Route",
  "azure-native:cdn:RuleSet",
  "azure-native:cdn:Rule",
  "azure-native:cdn:SecurityPolicy",
  "azure-native:cdn:AFDCustomDomain",
  "azure-native:cdn:Secret",
  "azure-native:operationalinsights:SavedSearch",
  "azure-native:consumption:Budget",
  "azure-native:dns:RecordSet",
]);

/** Whether the kit tags a resource of `type`: every azure-native custom resource that has a tags map. */
export function isTaggable(type: string): boolean {
  return type.startsWith("azure-native:") && !UNTAGGABLE_TYPES.has(type);
}

/**
 * A resource transformation that merges `tags` under each taggable Azure resource's own tags (a resource's
 * own tag wins). It is a `transformations` entry rather than a `transforms` one: transformations run in the
 * program itself, so the offline plan (Pulumi's mock monitor runs no engine callbacks) sees the same tags as
 * `pulumi up`; children of components inherit it.
 */
export function tagEveryResource(tags: Readonly<Record<string, string>>): pulumi.ResourceTransformation {
  return (args) => {
    if (!isTaggable(args.type) || args.resource instanceof pulumi.ComponentResource) return undefined;
    const own = args.props.tags as pulumi.Input<Record<string, pulumi.Input<string>>> | undefined;
    const merged = own === undefined ? { ...tags } : pulumi.output(own).apply((o) => ({ ...tags, ...o }));
    return { props: { ...args.props, tags: merged }, opts: args.opts };
  };
}

/** Azure's tag limits ("Use tags to organize your Azure resources and management hierarchy", Limitations). */
export const AZURE_TAG_LIMITS = {
  /** "Each resource, resource group, and subscription can have a maximum of 50 tag name-value pairs." */
  maxTags: 50,
  /** "The tag name has a limit of 512 characters and the tag value has a limit of 256 characters." */
  nameMax: 512,
  valueMax: 256,
  /** "Tag names can't contain these characters: <, >, %, &, \, ?, /" */
  forbiddenInName: ["<", ">", "%", "&", "\\", "?", "/"],
} as const;

/**
 * Everything Azure would refuse in a set of tags (names compared case-insensitively, as ARM does), one
 * line each; `reserved` are the names the kit adds itself, which count against the 50.
 */
export function azureTagProblems(
  tags: Readonly<Record<string, string>>,
  reserved: readonly string[] = [],
): { tag: string; problem: string }[] {
  const problems: { tag: string; problem: string }[] = [];
  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(tags)) {
    const bad: string[] = AZURE_TAG_LIMITS.forbiddenInName.filter((ch) => name.includes(ch));
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f]/.test(name)) bad.push("a control character");
    if (bad.length > 0) problems.push({ tag: name, problem: `tag name holds ${bad.join(" ")}` });
    if (name.length === 0 || name.length > AZURE_TAG_LIMITS.nameMax) {
      problems.push({ tag: name, problem: `tag name has ${name.length} characters (1 to 512)` });
    }
    if (value.length > AZURE_TAG_LIMITS.valueMax) {
      problems.push({ tag: name, problem: `tag value has ${value.length} characters (at most 256)` });
    }
    const folded = name.toLowerCase();
    const earlier = seen.get(folded);
    if (earlier !== undefined) {
      problems.push({
        tag: name,
        problem: `tag name is the same as "${earlier}" (Azure ignores case in tag names)`,
      });
    }
    seen.set(folded, name);
    if (reserved.some((r) => r.toLowerCase() === folded)) {
      problems.push({ tag: name, problem: "tag name is one the kit sets itself" });
    }
  }
  const total = Object.keys(tags).length + reserved.length;
  if (total > AZURE_TAG_LIMITS.maxTags) {
    problems.push({
      tag: "",
      problem: `${total} tags with the kit's own ${reserved.length} (Azure allows at most 50 per resource)`,
    });
  }
  return problems;
}
