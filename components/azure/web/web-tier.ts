import * as authorization from "@pulumi/azure-native/authorization";
import * as compute from "@pulumi/azure-native/compute";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as monitor from "@pulumi/azure-native/monitor";
import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import { azureName, computerNamePrefix } from "../shared/names";
import {
  autoscaleProfiles,
  CampaignProfile,
  Capacity,
  CpuScaling,
  MAX_AUTOSCALE_PROFILES,
} from "./autoscale";
import { CUSTOM_DATA_MAX_BYTES } from "./user-data";
import { stableGuid } from "./guid";
import { trustedLaunchProblem } from "../shared/vm-sizes";

/*
 * The Azure web tier: an Application Gateway WAF_v2 in front of a Flexible-orchestration scale set, both
 * across the region's zones, and the scale set's autoscale settings.
 */

/**
 * Azure's built-in role "Key Vault Secrets User": read secret contents ("Azure built-in roles for
 * Security", Key Vault Secrets User, id 4633458b-17de-408a-b874-0445c86b69e6).
 */
export const KEY_VAULT_SECRETS_USER_ROLE = "4633458b-17de-408a-b874-0445c86b69e6";
/** TLS 1.2 and 1.3 only, strong ciphers ("Application Gateway TLS policy overview", AppGwSslPolicy20220101S). */
export const GATEWAY_SSL_POLICY = "AppGwSslPolicy20220101S";
/** The Application Health extension (Linux): publisher, type and version ("Using Application Health extension with Virtual Machine Scale Sets"). */
export const HEALTH_EXTENSION = {
  publisher: "Microsoft.ManagedServices",
  type: "ApplicationHealthLinux",
  typeHandlerVersion: "2.0",
} as const;
/** The header Front Door adds to every origin request: its profile's id ("Secure traffic to Azure Front Door origins"). */
export const FRONT_DOOR_ID_HEADER = "X-Azure-FDID";
/**
 * Application Gateway v2 autoscaling takes a minimum of 0 to 125 instances and a maximum of 2 to 125
 * ("Autoscaling and zone-redundant Application Gateway v2": "The maximum instance count ... is 125").
 */
export const GATEWAY_MAX_INSTANCES = 125;

export type ServerImage =
  | {
      /** A marketplace image at an exact version: a new version reaches the fleet only when the stack says so. */
      readonly publisher: string;
      readonly offer: string;
      readonly sku: string;
      readonly version: string;
    }
  | {
      /** A Compute Gallery image version id (…/galleries/<g>/images/<i>/versions/<x.y.z>), pinned the same way. */
      readonly galleryImageVersionId: string;
    };

export interface AzureWebTierArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  /** The Azure region, e.g. `westeurope`. */
  readonly location: string;
  /** The subscription: role definition and gateway sub-resource ids are built from it. */
  readonly subscriptionId: pulumi.Input<string>;
  /**
   * Availability zones of the gateway and the scale set; empty: regional placement (a dev stack, or a
   * location without zones); @default ["1", "2", "3"]
   */
  readonly zones?: readonly string[];
  /** The Application Gateway's dedicated subnet. */
  readonly gatewaySubnetId: pulumi.Input<string>;
  /**
   * The gateway's public address, when the stack creates it first with `gatewayPublicIp` (Front Door's
   * origin needs the address before the gateway, whose WAF needs Front Door's id, exists).
   * @default one the tier creates
   */
  readonly publicIp?: {
    readonly id: pulumi.Input<string>;
    readonly ipAddress: pulumi.Output<string | undefined>;
  };
  /** The web servers' subnet. */
  readonly webSubnetId: pulumi.Input<string>;
  /** The web servers' application security group (the network's NSG rules name it). */
  readonly webApplicationSecurityGroupId: pulumi.Input<string>;
  /** Port the servers serve HTTP on; @default 80 */
  readonly webPort?: number;
  /**
   * HTTPS: the certificate as a Key Vault secret id (versionless, so a renewed certificate is picked up)
   * and the resource id of the vault it lives in, the stack's or another (the gateway's identity is granted
   * Key Vault Secrets User on that one secret). Without it the gateway serves plain HTTP (a dev stack
   * without a domain only).
   */
  readonly https?: {
    readonly certificateSecretId: pulumi.Input<string>;
    readonly keyVaultId: pulumi.Input<string>;
  };
  /**
   * Behind Front Door: the gateway's WAF blocks every request whose `X-Azure-FDID` is not this profile's id
   * (the network admits only the AzureFrontDoor.Backend service tag on 443). Front Door's WAF then holds
   * the per-IP rate limit, since here every request comes from a Front Door address.
   */
  readonly frontDoorId?: pulumi.Input<string>;
  readonly gateway: {
    /** @default 2 (one instance may fail or be updated while another serves) */
    readonly minCapacity?: number;
    /** @default 10 */
    readonly maxCapacity?: number;
    /** A predefined TLS policy; @default "AppGwSslPolicy20220101S" */
    readonly sslPolicy?: string;
    /** Seconds a removed server keeps its connections; @default 30 */
    readonly drainSeconds?: number;
    /** Seconds the gateway waits for a server's response; @default 60 */
    readonly requestTimeoutSeconds?: number;
  };
  readonly waf: {
    /** Requests one client address may make in five minutes (the kit's `edge.waf.rateLimit`). */
    readonly rateLimit: number;
  };
  /** The static health file (the same path as on AWS). */
  readonly healthCheckPath: string;
  readonly servers: {
    /** e.g. `Standard_D4as_v5`. */
    readonly vmSize: string;
    readonly image: ServerImage;
    readonly adminUsername: string;
    /** OpenSSH public keys: there is no password. */
    readonly sshPublicKeys: readonly string[];
    /** @default 64 */
    readonly osDiskGiB?: number;
    /** @default "Premium_ZRS" (the disk survives its zone) */
    readonly osDiskType?: string;
    /**
     * The first-boot script (components/azure/web/user-data.ts), or a function of the servers' identity's
     * client id (the identity is the tier's own, and first boot asks IMDS for tokens as it) giving it.
     */
    readonly customData:
      pulumi.Input<string> | ((identityClientId: pulumi.Output<string>) => pulumi.Input<string>);
    /** The vault first boot reads secrets from: the servers' identity may read its secrets. */
    readonly keyVaultId: pulumi.Input<string>;
    /** Minutes after a repair or boot before the health extension's verdict counts; @default 30 */
    readonly repairGraceMinutes?: number;
  };
  readonly capacity: Capacity;
  /** @default out above 70% CPU, in below 40%, cooldowns 5 and 10 minutes */
  readonly scaling?: Partial<CpuScaling>;
  /** Campaign windows in UTC, from the shared campaign model (stacks/campaigns.ts). */
  readonly campaigns?: readonly CampaignProfile[];
  /** Rolling upgrades; @default batches of 20%, at most 20% unhealthy, a minute's pause between batches */
  readonly upgrade?: {
    readonly maxBatchPercent?: number;
    readonly maxUnhealthyPercent?: number;
    readonly pauseMinutes?: number;
  };
}

const DEFAULT_ZONES = ["1", "2", "3"] as const;
const DEFAULT_SCALING: CpuScaling = {
  outPercent: 70,
  inPercent: 40,
  outCooldownMinutes: 5,
  inCooldownMinutes: 10,
};

function isWhole(n: number, min: number, max: number): boolean {
  return Number.isInteger(n) && n >= min && n <= max;
}

/** Every contradiction in the web tier's args, each on its own line; throws once before the first child. */
export function checkAzureWebTierArgs(args: AzureWebTierArgs): void {
  const problems: string[] = [];
  // The scale set sets Trusted Launch: Azure refuses a size whose family does not support it ("Trusted
  // Launch for Azure virtual machines", Virtual machines sizes; ../shared/vm-sizes.ts).
  const trustedLaunch = trustedLaunchProblem(args.servers.vmSize);
  if (trustedLaunch) {
    problems.push(`servers.vmSize ${args.servers.vmSize}: ${trustedLaunch}, which the scale set sets`);
  }
  const zones = args.zones ?? DEFAULT_ZONES;
  if (zones.some((z) => !["1", "2", "3"].includes(z)) || new Set(zones).size !== zones.length) {
    problems.push(
      `zones ${JSON.stringify(zones)}: expected distinct zones among "1", "2" and "3" (none: regional)`,
    );
  }
  const gwMin = args.gateway.minCapacity ?? 2;
  const gwMax = args.gateway.maxCapacity ?? 10;
  if (!isWhole(gwMin, 0, GATEWAY_MAX_INSTANCES - 1)) {
    problems.push(
      `gateway.minCapacity ${gwMin}: expected a whole number from 0 to ${GATEWAY_MAX_INSTANCES - 1}`,
    );
  }
  if (!isWhole(gwMax, 2, GATEWAY_MAX_INSTANCES)) {
    problems.push(`gateway.maxCapacity ${gwMax}: expected a whole number from 2 to ${GATEWAY_MAX_INSTANCES}`);
  }
  if (gwMax < gwMin) problems.push(`gateway.maxCapacity ${gwMax} is below gateway.minCapacity ${gwMin}`);
  const policy = args.gateway.sslPolicy ?? GATEWAY_SSL_POLICY;
  // Predefined policies with TLS 1.2 as their minimum ("Application Gateway TLS policy overview").
  if (!["AppGwSslPolicy20220101S", "AppGwSslPolicy20220101", "AppGwSslPolicy20170401S"].includes(policy)) {
    problems.push(
      `gateway.sslPolicy ${policy}: expected a predefined policy whose minimum is TLS 1.2 (AppGwSslPolicy20220101S)`,
    );
  }
  // "Rate limit threshold: 1 to ..." is not documented for the gateway; Front Door and the kit take 10 and more.
  if (!isWhole(args.waf.rateLimit, 10, 2_000_000_000)) {
    problems.push(`waf.rateLimit ${args.waf.rateLimit}: expected a whole number from 10`);
  }
  if (!args.healthCheckPath.startsWith("/"))
    problems.push(`healthCheckPath ${args.healthCheckPath}: expected a path starting with /`);
  if (args.servers.sshPublicKeys.length === 0) {
    problems.push("servers.sshPublicKeys is empty: expected at least one key (there is no password)");
  }
  for (const key of args.servers.sshPublicKeys) {
    if (!/^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+( .*)?$/.test(key.trim())) {
      problems.push(`servers.sshPublicKeys: "${key.slice(0, 20)}…" is not an OpenSSH public key`);
    }
  }
  // "The admin username ... can't be one of" the reserved names, 1 to 64 characters (Compute REST API,
  // OSProfile.adminUsername: "Max-length (Linux): 64 characters", disallowed values listed there).
  const reserved = ["administrator", "admin", "root", "user", "user1", "test", "guest", "sys", "support"];
  if (
    !/^[a-z_][a-z0-9_-]{0,63}$/.test(args.servers.adminUsername) ||
    reserved.includes(args.servers.adminUsername)
  ) {
    problems.push(
      `servers.adminUsername ${args.servers.adminUsername}: expected a lowercase Linux user name, not a reserved one`,
    );
  }
  const image = args.servers.image;
  if ("version" in image && !/^\d+\.\d+\.\d+$/.test(image.version)) {
    problems.push(
      `servers.image.version ${image.version}: expected an exact version such as 24.04.202511040, not "latest" (the fleet must not move by itself)`,
    );
  }
  if ("galleryImageVersionId" in image && !/\/versions\/\d+\.\d+\.\d+$/i.test(image.galleryImageVersionId)) {
    problems.push(
      `servers.image.galleryImageVersionId: expected an image version id ending in /versions/<x.y.z>, not an image definition`,
    );
  }
  const disk = args.servers.osDiskGiB ?? 64;
  if (!isWhole(disk, 30, 4095))
    problems.push(`servers.osDiskGiB ${disk}: expected a whole number from 30 to 4095`);
  const { minSize, maxSize, desiredCapacity } = args.capacity;
  if (!isWhole(minSize, 0, 1000) || !isWhole(maxSize, 1, 1000) || minSize > maxSize) {
    problems.push(`capacity ${minSize}-${maxSize}: expected whole numbers with minSize <= maxSize <= 1000`);
  }
  if (desiredCapacity < minSize || desiredCapacity > maxSize) {
    problems.push(`capacity.desiredCapacity ${desiredCapacity} is outside ${minSize}-${maxSize}`);
  }
  if (minSize < zones.length) {
    problems.push(
      `capacity.minSize ${minSize} is below the ${zones.length} zones: zone balance needs a server per zone`,
    );
  }
  const scaling = { ...DEFAULT_SCALING, ...args.scaling };
  if (!(scaling.inPercent < scaling.outPercent)) {
    problems.push(
      `scaling.inPercent ${scaling.inPercent} is not below scaling.outPercent ${scaling.outPercent}: the fleet would flap`,
    );
  }
  const campaigns = args.campaigns ?? [];
  if (campaigns.length + 1 > MAX_AUTOSCALE_PROFILES) {
    problems.push(
      `campaigns: ${campaigns.length} windows; an autoscale setting holds at most ${MAX_AUTOSCALE_PROFILES} profiles, the default one included`,
    );
  }
  for (const c of campaigns) {
    if (!(c.start < c.end)) problems.push(`campaign ${c.name}: start ${c.start} is not before end ${c.end}`);
    if (c.minSize > c.maxSize || c.desiredCapacity < c.minSize || c.desiredCapacity > c.maxSize) {
      problems.push(
        `campaign ${c.name}: capacity ${c.minSize}-${c.maxSize} (desired ${c.desiredCapacity}) is inconsistent`,
      );
    }
    if (
      !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(c.start) ||
      !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(c.end)
    ) {
      problems.push(`campaign ${c.name}: start and end must be UTC (YYYY-MM-DDThh:mm:ssZ)`);
    }
  }
  const names = campaigns.map((c) => c.name);
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0)
    problems.push(`campaigns: ${[...new Set(repeated)].join(", ")} named more than once`);
  // Rolling upgrade percentages "should be between 5 and 100, inclusive", and the batch no more than the
  // unhealthy allowance (Compute REST API, RollingUpgradePolicy).
  const upgrade = args.upgrade ?? {};
  const batch = upgrade.maxBatchPercent ?? 20;
  const unhealthy = upgrade.maxUnhealthyPercent ?? 20;
  if (!isWhole(batch, 5, 100))
    problems.push(`upgrade.maxBatchPercent ${batch}: expected a whole percentage from 5 to 100`);
  if (!isWhole(unhealthy, 5, 100)) {
    problems.push(`upgrade.maxUnhealthyPercent ${unhealthy}: expected a whole percentage from 5 to 100`);
  }
  if (batch > unhealthy)
    problems.push(`upgrade.maxBatchPercent ${batch} is above upgrade.maxUnhealthyPercent ${unhealthy}`);
  // "The minimum allowed grace period is 10 minutes (PT10M) ... The maximum ... 90 minutes (PT90M)"
  // (Compute REST API, AutomaticRepairsPolicy.gracePeriod).
  const grace = args.servers.repairGraceMinutes ?? 30;
  if (!isWhole(grace, 10, 90))
    problems.push(`servers.repairGraceMinutes ${grace}: expected a whole number from 10 to 90`);
  if (problems.length > 0) throw new Error(`AzureWebTier: ${problems.join("; ")}`);
}

/** The secret's name in a Key Vault secret id, `https://<vault>.vault.azure.net/secrets/<name>[/<version>]`. */
export function secretNameOf(secretId: string): string {
  return new URL(secretId).pathname.split("/")[2] ?? "";
}

/**
 * The gateway's public frontend address: Standard, static, in every zone the gateway spans (a zonal or
 * non-zonal address would tie the gateway to one zone: "Autoscaling and zone-redundant Application
 * Gateway v2").
 */
export function gatewayPublicIp(
  name: string,
  args: {
    readonly resourceGroupName: pulumi.Input<string>;
    readonly location: string;
    readonly zones?: readonly string[];
  },
  opts: pulumi.CustomResourceOptions,
): network.PublicIPAddress {
  return new network.PublicIPAddress(
    name,
    {
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      publicIpAddressName: azureName("azure-native:network:PublicIPAddress", name),
      sku: { name: "Standard", tier: "Regional" },
      publicIPAllocationMethod: "Static",
      publicIPAddressVersion: "IPv4",
      ...((args.zones ?? DEFAULT_ZONES).length > 0 ? { zones: [...(args.zones ?? DEFAULT_ZONES)] } : {}),
    },
    opts,
  );
}

/**
 * The stateless web tier on Azure. An Application Gateway WAF_v2 across zones, autoscaling, with TLS 1.2+
 * (`AppGwSslPolicy20220101S`), an HTTPS listener whose certificate it reads from Key Vault through its own
 * user-assigned identity, an HTTP listener that only redirects to HTTPS, a probe on the static health file
 * and a WAF policy in prevention mode (Microsoft's default rule set 2.1, the bot manager, a per-IP rate
 * limit, and behind Front Door the `X-Azure-FDID` lock). Behind it, a Flexible-orchestration scale set
 * spread evenly over the zones: Trusted Launch (secure boot, vTPM), encryption at host, no public address,
 * SSH keys only, a pinned image, rolling upgrades and automatic repairs driven by the Application Health
 * extension; CPU autoscale and one fixed-date profile per campaign window.
 */
export class AzureWebTier extends pulumi.ComponentResource {
  readonly gatewayId: pulumi.Output<string>;
  readonly gatewayPublicIp: pulumi.Output<string>;
  readonly wafPolicyId: pulumi.Output<string>;
  readonly scaleSetId: pulumi.Output<string>;
  readonly scaleSetName: pulumi.Output<string>;
  /** The servers' identity: first boot asks IMDS for tokens as this client id. */
  readonly serverIdentityClientId: pulumi.Output<string>;
  readonly serverIdentityPrincipalId: pulumi.Output<string>;
  readonly autoscaleSettingId: pulumi.Output<string>;

  private readonly componentName: string;

  constructor(name: string, args: AzureWebTierArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:azure/web:AzureWebTier", name, {}, opts);
    checkAzureWebTierArgs(args);
    this.componentName = name;
    const child = { parent: this };
    const rg = args.resourceGroupName;
    const location = args.location;
    const zones = [...(args.zones ?? DEFAULT_ZONES)];
    const webPort = args.webPort ?? 80;

    const waf = this.wafPolicy(name, args);

    const publicIp =
      args.publicIp ?? gatewayPublicIp(`${name}-gw-ip`, { resourceGroupName: rg, location, zones }, child);

    const gatewayName = azureName("azure-native:network:ApplicationGateway", `${name}-gw`);
    const gatewayIdentity = args.https
      ? new managedidentity.UserAssignedIdentity(
          `${name}-gw-identity`,
          {
            resourceGroupName: rg,
            location,
            resourceName: azureName(
              "azure-native:managedidentity:UserAssignedIdentity",
              `${name}-gw-identity`,
            ),
          },
          child,
        )
      : undefined;
    const gatewayCanRead =
      args.https && gatewayIdentity
        ? this.secretsReader(
            `${name}-gw-kv`,
            // Only the certificate's secret: Key Vault's RBAC takes a role assignment on one secret ("Provide
            // access to Key Vault keys, certificates, and secrets with Azure role-based access control",
            // Secret scope role assignment), so a shared certificate vault gives away nothing else.
            pulumi
              .all([args.https.keyVaultId, args.https.certificateSecretId])
              .apply(([vault, secret]) => `${vault}/secrets/${secretNameOf(secret)}`),
            gatewayIdentity,
            args.subscriptionId,
          )
        : undefined;

    const sub = (kind: string, item: string) =>
      pulumi.interpolate`/subscriptions/${args.subscriptionId}/resourceGroups/${args.resourceGroupName}/providers/Microsoft.Network/applicationGateways/${gatewayName}/${kind}/${item}`;
    const ref = (kind: string, item: string) => ({ id: sub(kind, item) });

    const https = args.https;
    const listeners = [
      {
        name: "http",
        frontendIPConfiguration: ref("frontendIPConfigurations", "public"),
        frontendPort: ref("frontendPorts", "http"),
        protocol: "Http",
      },
      ...(https
        ? [
            {
              name: "https",
              frontendIPConfiguration: ref("frontendIPConfigurations", "public"),
              frontendPort: ref("frontendPorts", "https"),
              protocol: "Https",
              sslCertificate: ref("sslCertificates", "site"),
            },
          ]
        : []),
    ];
    const toServers = {
      backendAddressPool: ref("backendAddressPools", "web"),
      backendHttpSettings: ref("backendHttpSettingsCollection", "web"),
    };
    const rules = https
      ? [
          {
            name: "https",
            ruleType: "Basic",
            priority: 100,
            httpListener: ref("httpListeners", "https"),
            ...toServers,
          },
          {
            name: "http-redirect",
            ruleType: "Basic",
            priority: 200,
            httpListener: ref("httpListeners", "http"),
            redirectConfiguration: ref("redirectConfigurations", "to-https"),
          },
        ]
      : [
          {
            name: "http",
            ruleType: "Basic",
            priority: 100,
            httpListener: ref("httpListeners", "http"),
            ...toServers,
          },
        ];

    const gateway = new network.ApplicationGateway(
      `${name}-gw`,
      {
        resourceGroupName: rg,
        location,
        applicationGatewayName: gatewayName,
        ...(zones.length > 0 ? { zones } : {}),
        sku: { name: "WAF_v2", tier: "WAF_v2" },
        autoscaleConfiguration: {
          minCapacity: args.gateway.minCapacity ?? 2,
          maxCapacity: args.gateway.maxCapacity ?? 10,
        },
        enableHttp2: true,
        firewallPolicy: { id: waf.id },
        forceFirewallPolicyAssociation: true,
        ...(gatewayIdentity
          ? { identity: { type: "UserAssigned", userAssignedIdentities: [gatewayIdentity.id] } }
          : {}),
        sslPolicy: { policyType: "Predefined", policyName: args.gateway.sslPolicy ?? GATEWAY_SSL_POLICY },
        gatewayIPConfigurations: [{ name: "gateway", subnet: { id: args.gatewaySubnetId } }],
        frontendIPConfigurations: [{ name: "public", publicIPAddress: { id: publicIp.id } }],
        frontendPorts: [{ name: "http", port: 80 }, ...(https ? [{ name: "https", port: 443 }] : [])],
        ...(https
          ? { sslCertificates: [{ name: "site", keyVaultSecretId: https.certificateSecretId }] }
          : {}),
        httpListeners: listeners,
        ...(https
          ? {
              redirectConfigurations: [
                {
                  name: "to-https",
                  redirectType: "Permanent",
                  targetListener: ref("httpListeners", "https"),
                  includePath: true,
                  includeQueryString: true,
                },
              ],
            }
          : {}),
        backendAddressPools: [{ name: "web" }],
        backendHttpSettingsCollection: [
          {
            name: "web",
            port: webPort,
            protocol: "Http",
            // Sessions live in Redis: any server takes any request.
            cookieBasedAffinity: "Disabled",
            requestTimeout: args.gateway.requestTimeoutSeconds ?? 60,
            connectionDraining: { enabled: true, drainTimeoutInSec: args.gateway.drainSeconds ?? 30 },
            probe: ref("probes", "health"),
          },
        ],
        probes: [
          {
            name: "health",
            protocol: "Http",
            host: "127.0.0.1",
            port: webPort,
            path: args.healthCheckPath,
            interval: 15,
            timeout: 5,
            unhealthyThreshold: 3,
            pickHostNameFromBackendHttpSettings: false,
            match: { statusCodes: ["200-399"] },
          },
        ],
        requestRoutingRules: rules,
        // Without a certificate the gateway says why it serves plain HTTP (a dev stack without a domain),
        // as the AWS listener does, so the policy pack can tell it from a mistake.
        ...(https ? {} : { tags: { "plain-http": "no-domain" } }),
      },
      { parent: this, dependsOn: gatewayCanRead ? [gatewayCanRead] : [] },
    );

    const servers = this.scaleSet(name, args, gateway, zones, webPort);

    const autoscale = new monitor.AutoscaleSetting(
      `${name}-autoscale`,
      {
        resourceGroupName: rg,
        location,
        autoscaleSettingName: azureName("azure-native:monitor:AutoscaleSetting", `${name}-autoscale`),
        enabled: true,
        targetResourceUri: servers.scaleSet.id,
        profiles: servers.scaleSet.id.apply((id) =>
          autoscaleProfiles(id, args.capacity, { ...DEFAULT_SCALING, ...args.scaling }, args.campaigns ?? []),
        ),
      },
      child,
    );

    this.gatewayId = gateway.id;
    this.gatewayPublicIp = publicIp.ipAddress.apply((ip) => ip ?? "");
    this.wafPolicyId = waf.id;
    this.scaleSetId = servers.scaleSet.id;
    this.scaleSetName = servers.scaleSet.name;
    this.serverIdentityClientId = servers.identity.clientId;
    this.serverIdentityPrincipalId = servers.identity.principalId;
    this.autoscaleSettingId = autoscale.id;
    this.registerOutputs({
      gatewayId: this.gatewayId,
      gatewayPublicIp: this.gatewayPublicIp,
      scaleSetId: this.scaleSetId,
      serverIdentityClientId: this.serverIdentityClientId,
    });
  }

  /** The gateway's WAF policy: prevention, the default rule set 2.1 and the bot manager, custom rules first. */
  private wafPolicy(name: string, args: AzureWebTierArgs): network.WebApplicationFirewallPolicy {
    const frontDoorId = args.frontDoorId;
    const rules: network.WebApplicationFirewallPolicyArgs["customRules"] = [
      ...(frontDoorId !== undefined
        ? [
            {
              // Only this Front Door profile: its requests carry its id. The network admits only the
              // AzureFrontDoor.Backend service tag, which every Front Door profile shares.
              name: "OnlyThisFrontDoor",
              priority: 1,
              ruleType: "MatchRule",
              action: "Block",
              matchConditions: [
                {
                  matchVariables: [{ variableName: "RequestHeaders", selector: FRONT_DOOR_ID_HEADER }],
                  operator: "Equal",
                  negationConditon: true,
                  matchValues: [frontDoorId],
                },
              ],
            },
          ]
        : [
            {
              // Per client address over five minutes, matching all traffic (the documented pattern:
              // RemoteAddr not in 255.255.255.255/32; "Create rate limiting custom rules for Application
              // Gateway WAF v2"). Behind Front Door every address is Front Door's, and the XFF grouping
              // (ClientAddrXFFHeader) is newer than this SDK's WAF policy API version (2024-05-01), so
              // the limit is Front Door's there.
              name: "RateLimitPerClient",
              priority: 10,
              ruleType: "RateLimitRule",
              action: "Block",
              rateLimitDuration: "FiveMins",
              rateLimitThreshold: args.waf.rateLimit,
              groupByUserSession: [{ groupByVariables: [{ variableName: "ClientAddr" }] }],
              matchConditions: [
                {
                  matchVariables: [{ variableName: "RemoteAddr" }],
                  operator: "IPMatch",
                  negationConditon: true,
                  matchValues: ["255.255.255.255/32"],
                },
              ],
            },
          ]),
    ];
    return new network.WebApplicationFirewallPolicy(
      `${name}-waf`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        policyName: azureName("azure-native:network:WebApplicationFirewallPolicy", `${name}-waf`),
        policySettings: {
          state: "Enabled",
          mode: "Prevention",
          requestBodyCheck: true,
          maxRequestBodySizeInKb: 128,
          fileUploadLimitInMb: 100,
        },
        managedRules: {
          managedRuleSets: [
            { ruleSetType: "Microsoft_DefaultRuleSet", ruleSetVersion: "2.1" },
            { ruleSetType: "Microsoft_BotManagerRuleSet", ruleSetVersion: "1.1" },
          ],
        },
        customRules: rules,
      },
      { parent: this },
    );
  }

  /** Lets an identity read the vault's secrets (Key Vault's RBAC model; the vault has no access policies). */
  private secretsReader(
    name: string,
    keyVaultId: pulumi.Input<string>,
    identity: managedidentity.UserAssignedIdentity,
    subscriptionId: pulumi.Input<string>,
  ): authorization.RoleAssignment {
    return new authorization.RoleAssignment(
      name,
      {
        scope: keyVaultId,
        roleAssignmentName: stableGuid(this.componentName, name),
        roleDefinitionId: pulumi.interpolate`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${KEY_VAULT_SECRETS_USER_ROLE}`,
        principalId: identity.principalId,
        principalType: "ServicePrincipal",
      },
      { parent: this },
    );
  }

  private scaleSet(
    name: string,
    args: AzureWebTierArgs,
    gateway: network.ApplicationGateway,
    zones: string[],
    webPort: number,
  ): { scaleSet: compute.VirtualMachineScaleSet; identity: managedidentity.UserAssignedIdentity } {
    const rg = args.resourceGroupName;
    const identity = new managedidentity.UserAssignedIdentity(
      `${name}-vm-identity`,
      {
        resourceGroupName: rg,
        location: args.location,
        resourceName: azureName("azure-native:managedidentity:UserAssignedIdentity", `${name}-vm-identity`),
      },
      { parent: this },
    );
    const canRead = this.secretsReader(
      `${name}-vm-kv`,
      args.servers.keyVaultId,
      identity,
      args.subscriptionId,
    );
    const { servers } = args;
    const image = servers.image;
    const upgrade = args.upgrade ?? {};
    const script =
      typeof servers.customData === "function" ? servers.customData(identity.clientId) : servers.customData;
    const customData = pulumi.output(script).apply((script) => {
      const bytes = Buffer.byteLength(script);
      if (bytes > CUSTOM_DATA_MAX_BYTES) {
        throw new Error(
          `AzureWebTier: the first-boot script is ${bytes} bytes; Azure takes at most ${CUSTOM_DATA_MAX_BYTES}`,
        );
      }
      return Buffer.from(script).toString("base64");
    });
    const scaleSet = new compute.VirtualMachineScaleSet(
      `${name}-vmss`,
      {
        resourceGroupName: rg,
        location: args.location,
        vmScaleSetName: azureName("azure-native:compute:VirtualMachineScaleSet", `${name}-vmss`),
        orchestrationMode: "Flexible",
        // Flexible orchestration across zones: one fault domain per zone, spread evenly by the platform.
        platformFaultDomainCount: 1,
        ...(zones.length > 0 ? { zones, zoneBalance: true } : {}),
        singlePlacementGroup: false,
        sku: { name: servers.vmSize, tier: "Standard", capacity: args.capacity.desiredCapacity },
        identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
        upgradePolicy: {
          mode: "Rolling",
          rollingUpgradePolicy: {
            maxBatchInstancePercent: upgrade.maxBatchPercent ?? 20,
            maxUnhealthyInstancePercent: upgrade.maxUnhealthyPercent ?? 20,
            maxUnhealthyUpgradedInstancePercent: upgrade.maxUnhealthyPercent ?? 20,
            pauseTimeBetweenBatches: `PT${upgrade.pauseMinutes ?? 1}M`,
            prioritizeUnhealthyInstances: true,
          },
        },
        automaticRepairsPolicy: {
          enabled: true,
          gracePeriod: `PT${servers.repairGraceMinutes ?? 30}M`,
          repairAction: "Replace",
        },
        scaleInPolicy: { rules: ["Default"], forceDeletion: false },
        virtualMachineProfile: {
          securityProfile: {
            encryptionAtHost: true,
            securityType: "TrustedLaunch",
            uefiSettings: { secureBootEnabled: true, vTpmEnabled: true },
          },
          osProfile: {
            computerNamePrefix: computerNamePrefix(name),
            adminUsername: servers.adminUsername,
            customData,
            linuxConfiguration: {
              disablePasswordAuthentication: true,
              provisionVMAgent: true,
              ssh: {
                publicKeys: servers.sshPublicKeys.map((keyData) => ({
                  path: `/home/${servers.adminUsername}/.ssh/authorized_keys`,
                  keyData,
                })),
              },
              patchSettings: { patchMode: "ImageDefault", assessmentMode: "ImageDefault" },
            },
          },
          storageProfile: {
            imageReference:
              "galleryImageVersionId" in image
                ? { id: image.galleryImageVersionId }
                : { publisher: image.publisher, offer: image.offer, sku: image.sku, version: image.version },
            osDisk: {
              createOption: "FromImage",
              caching: "ReadWrite",
              diskSizeGB: servers.osDiskGiB ?? 64,
              deleteOption: "Delete",
              managedDisk: { storageAccountType: servers.osDiskType ?? "Premium_ZRS" },
            },
          },
          networkProfile: {
            // Flexible orchestration creates the NICs itself and needs this API version to say so.
            networkApiVersion: "2020-11-01",
            networkInterfaceConfigurations: [
              {
                name: "nic",
                primary: true,
                enableAcceleratedNetworking: true,
                deleteOption: "Delete",
                ipConfigurations: [
                  {
                    name: "ipv4",
                    primary: true,
                    subnet: { id: args.webSubnetId },
                    applicationGatewayBackendAddressPools: [
                      { id: pulumi.interpolate`${gateway.id}/backendAddressPools/web` },
                    ],
                    applicationSecurityGroups: [{ id: args.webApplicationSecurityGroupId }],
                    // No publicIPAddressConfiguration: servers take no public address.
                  },
                ],
              },
            ],
          },
          extensionProfile: {
            extensions: [
              {
                name: "health",
                publisher: HEALTH_EXTENSION.publisher,
                type: HEALTH_EXTENSION.type,
                typeHandlerVersion: HEALTH_EXTENSION.typeHandlerVersion,
                autoUpgradeMinorVersion: true,
                settings: {
                  protocol: "http",
                  port: webPort,
                  requestPath: args.healthCheckPath,
                  intervalInSeconds: 5,
                  numberOfProbes: 1,
                },
              },
            ],
          },
          diagnosticsProfile: { bootDiagnostics: { enabled: true } },
        },
      },
      // Autoscale owns the capacity once the scale set exists: an update must not reset it in a sale.
      { parent: this, dependsOn: [canRead], ignoreChanges: ["sku.capacity"] },
    );
    return { scaleSet, identity };
  }
}
