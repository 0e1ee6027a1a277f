import * as authorization from "@pulumi/azure-native/authorization";
import * as compute from "@pulumi/azure-native/compute";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as network from "@pulumi/azure-native/network";
import * as storage from "@pulumi/azure-native/storage";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { createHash } from "node:crypto";
import * as ipaddr from "ipaddr.js";
import type { DiagnosticTarget } from "../operations/diagnostics";
import { secretAttributes } from "../secrets/key-vault";
import { azureName, computerNamePrefix, globalName } from "../shared/names";
import { trustedLaunchProblem } from "../shared/vm-sizes";
import {
  OPENSEARCH_RELEASE,
  OpenSearchRelease,
  searchFirstBoot,
  subnetPlan,
  usableAddresses,
} from "./first-boot";

/** Built-in role ids ("Azure built-in roles", Microsoft Learn; the same GUID in every tenant). */
export const ROLES = {
  keyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
  keyVaultSecretsOfficer: "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
  storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
} as const;

/** OpenSearch's HTTP (clients) and transport (node to node) ports. */
export const SEARCH_PORTS = { http: 9200, transport: 9300 } as const;

/** Azure's smallest subnet is a /29; a /24 is plenty for a search cluster ("Azure Virtual Network FAQ"). */
const SUBNET_PREFIX = { min: 24, max: 29 } as const;
/** A data disk of a managed disk type: 4 GiB to 32,767 GiB ("Azure managed disk types", Premium SSD sizes). */
const DATA_DISK_GIB = { min: 4, max: 32767 } as const;

export interface SearchClusterArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  /**
   * The cluster's own subnet (no other NIC or endpoint in it: the nodes' addresses are the subnet's first
   * ones, see first-boot.ts `subnetPlan`) and its address range.
   */
  readonly subnet: { readonly id: pulumi.Input<string>; readonly cidr: string };
  /** The web servers' subnet: the only source allowed to reach the cluster's HTTP port. */
  readonly webSubnetCidr: string;
  /** Azure Bastion's subnet, allowed to SSH to the nodes; @default none (no SSH at all) */
  readonly bastionSubnetCidr?: string;
  /**
   * Application security groups the nodes' NICs join (the network tier's subnet NSG admits node-to-node
   * traffic by the search ASG); @default none
   */
  readonly applicationSecurityGroupIds?: readonly pulumi.Input<string>[];
  /** Subnet for the snapshot account's private endpoint (not the cluster's subnet). */
  readonly privateEndpointSubnetId: pulumi.Input<string>;
  /**
   * Application security groups the snapshot account's private endpoint joins (the network tier's data
   * subnet admits the nodes on 443 by it); @default none
   */
  readonly snapshotEndpointSecurityGroupIds?: readonly pulumi.Input<string>[];
  /** `privatelink.blob.core.windows.net` zone linked to the network; @default none (DNS managed elsewhere) */
  readonly blobPrivateDnsZoneId?: pulumi.Input<string>;
  /** The stack's Key Vault (RBAC authorization) that holds the admin password and the CA seed. */
  readonly keyVault: {
    readonly id: pulumi.Input<string>;
    readonly name: pulumi.Input<string>;
    readonly uri: pulumi.Input<string>;
    /** When the vault's generated secrets expire (Key Vault `exp`, seconds since 1970); @default never */
    readonly secretExpires?: number;
  };
  /** 1 (dev) or 3 and more (every index survives a node or zone); 2 cannot elect a manager after a loss. */
  readonly nodeCount: number;
  /** An x64 size (the release is the linux-x64 build), e.g. `Standard_E4s_v5`. */
  readonly vmSize: string;
  /** @default ["1", "2", "3"] */
  readonly zones?: readonly string[];
  readonly dataDiskGiB: number;
  /** @default "Premium_LRS" (zonal VMs take locally redundant disks; replicas live in other zones) */
  readonly dataDiskType?: "Premium_LRS" | "PremiumV2_LRS" | "StandardSSD_LRS";
  /** SSH public keys of the operators (the only way in; no passwords). */
  readonly sshPublicKeys: readonly string[];
  /** @default "storefront" */
  readonly adminUsername?: string;
  /** @default OPENSEARCH_RELEASE */
  readonly release?: OpenSearchRelease;
  /** Days daily snapshots are kept; @default 14 */
  readonly snapshotRetentionDays?: number;
  /** @default "Standard_ZRS" */
  readonly snapshotStorageSku?: "Standard_ZRS" | "Standard_LRS" | "Standard_GZRS";
  /** Makes the storage account's global name unique: `<subscription>/<resource group>/<stack>`. */
  readonly stackKey: string;
}

const X64_SIZE = /^Standard_[A-Z]+\d+[a-oq-z]*_v\d+$/;
const ARM_SIZE = /^Standard_[A-Z]+\d+[a-z]*p[a-z]*_v\d+$/;

/** Every contradiction in the arguments, thrown at once before any resource is created. */
export function checkSearchClusterArgs(args: SearchClusterArgs): void {
  const problems: string[] = [];
  const zones = args.zones ?? ["1", "2", "3"];
  if (!Number.isInteger(args.nodeCount) || args.nodeCount < 1 || args.nodeCount === 2) {
    problems.push(
      `nodeCount ${args.nodeCount}: 1, or 3 and more (two nodes cannot elect a manager after one fails)`,
    );
  }
  if (
    zones.length === 0 ||
    zones.some((z) => !["1", "2", "3"].includes(z)) ||
    new Set(zones).size !== zones.length
  ) {
    problems.push(`zones ${JSON.stringify(zones)}: distinct zones among "1", "2" and "3"`);
  }
  if (args.nodeCount >= 3 && zones.length < 2) {
    problems.push(
      `zones ${JSON.stringify(zones)}: a cluster of ${args.nodeCount} nodes spreads over 2 or more zones`,
    );
  }
  const cidrs: [string, string | undefined][] = [
    ["subnet.cidr", args.subnet.cidr],
    ["webSubnetCidr", args.webSubnetCidr],
    ["bastionSubnetCidr", args.bastionSubnetCidr],
  ];
  for (const [key, cidr] of cidrs) {
    if (cidr !== undefined && !ipaddr.IPv4.isValidCIDR(cidr))
      problems.push(`${key} ${cidr}: an IPv4 CIDR block`);
  }
  if (ipaddr.IPv4.isValidCIDR(args.subnet.cidr)) {
    const [, prefix] = ipaddr.IPv4.parseCIDR(args.subnet.cidr);
    if (prefix < SUBNET_PREFIX.min || prefix > SUBNET_PREFIX.max) {
      problems.push(`subnet.cidr ${args.subnet.cidr}: a /${SUBNET_PREFIX.min} to /${SUBNET_PREFIX.max}`);
    } else {
      // Every node, plus the load balancer's frontend at the end of the range.
      const room = usableAddresses(args.subnet.cidr).length - 1;
      if (args.nodeCount > room) {
        problems.push(
          `subnet.cidr ${args.subnet.cidr}: room for ${room} nodes besides the load balancer, not ${args.nodeCount}`,
        );
      }
    }
  }
  if (ARM_SIZE.test(args.vmSize) || !X64_SIZE.test(args.vmSize)) {
    problems.push(
      `vmSize ${args.vmSize}: an x64 VM size such as Standard_E4s_v5 (the release is the linux-x64 build)`,
    );
  } else if (trustedLaunchProblem(args.vmSize)) {
    // The nodes set Trusted Launch ("Trusted Launch for Azure virtual machines"; ../shared/vm-sizes.ts).
    problems.push(`vmSize ${args.vmSize}: ${trustedLaunchProblem(args.vmSize)}, which the nodes set`);
  }
  if (
    !Number.isInteger(args.dataDiskGiB) ||
    args.dataDiskGiB < DATA_DISK_GIB.min ||
    args.dataDiskGiB > DATA_DISK_GIB.max
  ) {
    problems.push(`dataDiskGiB ${args.dataDiskGiB}: ${DATA_DISK_GIB.min} to ${DATA_DISK_GIB.max}`);
  }
  if (args.sshPublicKeys.length === 0) problems.push("sshPublicKeys: at least one key (passwords are off)");
  for (const key of args.sshPublicKeys) {
    if (!/^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+( .*)?$/.test(key)) {
      problems.push(`sshPublicKeys: "${key.slice(0, 20)}…" is not an OpenSSH public key`);
    }
  }
  const release = args.release ?? OPENSEARCH_RELEASE;
  if (!/^\d+\.\d+\.\d+$/.test(release.version)) problems.push(`release.version ${release.version}: x.y.z`);
  if (!/^[0-9a-f]{64}$/.test(release.sha256)) problems.push("release.sha256: 64 lowercase hex characters");
  const days = args.snapshotRetentionDays ?? 14;
  if (!Number.isInteger(days) || days < 1 || days > 3650)
    problems.push(`snapshotRetentionDays ${days}: 1 to 3650`);
  if (problems.length > 0) throw new Error(`SearchCluster: ${problems.join("; ")}`);
}

/** A stable GUID for a role assignment's name, from the names it joins. */
function assignmentGuid(...parts: string[]): string {
  const h = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * OpenSearch for Magento's catalogue search on a private VM scale set: Flexible orchestration across
 * zones, no public addresses, Trusted Launch with secure boot and vTPM, encryption at host, SSH keys only;
 * data on a managed disk per node; an internal Standard load balancer as the one endpoint; an NSG on the
 * nodes that admits HTTP only from the web subnet (and transport only between nodes); TLS on HTTP and
 * transport from a cluster CA derived at first boot from a Key Vault secret; the security plugin with one
 * internal user whose password is a Key Vault secret; daily snapshots to a private storage account.
 */
export class SearchCluster extends pulumi.ComponentResource {
  /** `https://<load balancer address>:9200` */
  readonly endpoint: string;
  /**
   * Where clients connect: the internal load balancer's address (every node's certificate names it, so a
   * client that verifies the host name accepts whichever node answers) and OpenSearch's HTTP port.
   */
  readonly host: string;
  readonly port: number;
  readonly adminUserName: string;
  /** Key Vault secret names: the admin password and the CA certificate the web servers trust. */
  readonly passwordSecretName: string;
  readonly caCertificateSecretName: string;
  readonly scaleSetId: pulumi.Output<string>;
  readonly loadBalancerId: pulumi.Output<string>;
  readonly identityPrincipalId: pulumi.Output<string>;
  readonly snapshotStorageAccountId: pulumi.Output<string>;
  /** What the cluster sends to Log Analytics (the Monitoring component's `diagnostics`). */
  readonly diagnosticTargets: readonly DiagnosticTarget[];

  constructor(name: string, args: SearchClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    checkSearchClusterArgs(args);
    super("storefront:azure/search:SearchCluster", name, {}, opts);
    const parent = { parent: this };
    const zones = [...(args.zones ?? ["1", "2", "3"])];
    const release = args.release ?? OPENSEARCH_RELEASE;
    const plan = subnetPlan(args.subnet.cidr, args.nodeCount);
    const clusterName = azureName("azure-native:compute:VirtualMachineScaleSet", name);
    this.adminUserName = "storefront_admin";
    this.passwordSecretName = azureName("azure-native:keyvault:Secret", `${name}-admin-password`);
    const caSeedSecretName = azureName("azure-native:keyvault:Secret", `${name}-ca-seed`);
    this.caCertificateSecretName = azureName("azure-native:keyvault:Secret", `${name}-ca-certificate`);

    const client = authorization.getClientConfigOutput(parent);
    const role = (id: string) =>
      pulumi.interpolate`/subscriptions/${client.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${id}`;

    const identity = new managedidentity.UserAssignedIdentity(
      `${name}-identity`,
      {
        resourceName: azureName("azure-native:managedidentity:UserAssignedIdentity", `${name}-identity`),
        resourceGroupName: args.resourceGroupName,
        location: args.location,
      },
      parent,
    );

    // The security plugin wants upper and lower case, digits and a special character.
    const password = new random.RandomPassword(
      `${name}-admin-password`,
      { length: 32, minUpper: 2, minLower: 2, minNumeric: 2, minSpecial: 2, overrideSpecial: "-_.~+=" },
      parent,
    );
    const caSeed = new random.RandomId(
      `${name}-ca-seed`,
      { byteLength: 32 },
      { ...parent, additionalSecretOutputs: ["hex", "b64Std", "b64Url", "dec"] },
    );
    const secret = (
      logical: string,
      secretName: string,
      value: pulumi.Input<string>,
      contentType: string,
      extra = {},
    ) =>
      new keyvault.Secret(
        `${name}-${logical}`,
        {
          resourceGroupName: args.resourceGroupName,
          vaultName: args.keyVault.name,
          secretName,
          properties: { value: pulumi.secret(value), contentType, ...secretAttributes(args.keyVault) },
        },
        { ...parent, additionalSecretOutputs: ["properties"], ...extra },
      );
    const passwordSecret = secret(
      "admin-password-secret",
      this.passwordSecretName,
      password.result,
      "text/plain",
    );
    const seedSecret = secret(
      "ca-seed-secret",
      caSeedSecretName,
      caSeed.hex,
      "application/octet-stream; hex",
    );
    // The nodes write the CA certificate (public) here on first boot; the placeholder is replaced then.
    const caCertificateSecret = secret(
      "ca-certificate-secret",
      this.caCertificateSecretName,
      "pending: written by the first search node",
      "application/x-pem-file",
      { ignoreChanges: ["properties"] },
    );
    const grant = (logical: string, scope: pulumi.Input<string>, roleId: string) =>
      new authorization.RoleAssignment(
        `${name}-${logical}`,
        {
          roleAssignmentName: assignmentGuid(name, logical),
          scope,
          roleDefinitionId: role(roleId),
          principalId: identity.principalId,
          principalType: "ServicePrincipal",
        },
        parent,
      );
    // Read exactly its two secrets, write exactly the CA certificate's (least privilege per secret).
    const grants = [
      grant("reads-password", passwordSecret.id, ROLES.keyVaultSecretsUser),
      grant("reads-ca-seed", seedSecret.id, ROLES.keyVaultSecretsUser),
      grant("writes-ca-certificate", caCertificateSecret.id, ROLES.keyVaultSecretsOfficer),
    ];

    // Snapshots: a private, key-less storage account reached through a private endpoint.
    const account = new storage.StorageAccount(
      `${name}-snapshots`,
      {
        accountName: globalName("azure-native:storage:StorageAccount", `${name}snap`, args.stackKey),
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        kind: "StorageV2",
        sku: { name: args.snapshotStorageSku ?? "Standard_ZRS" },
        accessTier: "Cool",
        enableHttpsTrafficOnly: true,
        minimumTlsVersion: "TLS1_2",
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        allowCrossTenantReplication: false,
        defaultToOAuthAuthentication: true,
        publicNetworkAccess: "Disabled",
        networkRuleSet: { defaultAction: "Deny", bypass: "None" },
      },
      parent,
    );
    const container = new storage.BlobContainer(
      `${name}-snapshots-container`,
      {
        accountName: account.name,
        resourceGroupName: args.resourceGroupName,
        containerName: "snapshots",
        publicAccess: "None",
      },
      parent,
    );
    grants.push(grant("writes-snapshots", account.id, ROLES.storageBlobDataContributor));
    new network.PrivateEndpoint(
      `${name}-snapshots-endpoint`,
      {
        privateEndpointName: azureName("azure-native:network:PrivateEndpoint", `${name}-snapshots`),
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        subnet: { id: args.privateEndpointSubnetId },
        privateLinkServiceConnections: [
          { name: "blob", privateLinkServiceId: account.id, groupIds: ["blob"] },
        ],
        ...(args.snapshotEndpointSecurityGroupIds?.length
          ? {
              applicationSecurityGroups: args.snapshotEndpointSecurityGroupIds.map((id) => ({ id })),
            }
          : {}),
      },
      parent,
    );
    if (args.blobPrivateDnsZoneId) {
      new network.PrivateDnsZoneGroup(
        `${name}-snapshots-dns`,
        {
          privateDnsZoneGroupName: "default",
          privateEndpointName: azureName("azure-native:network:PrivateEndpoint", `${name}-snapshots`),
          resourceGroupName: args.resourceGroupName,
          privateDnsZoneConfigs: [{ name: "blob", privateDnsZoneId: args.blobPrivateDnsZoneId }],
        },
        parent,
      );
    }

    // Only the web subnet reaches HTTP; nodes talk to each other; Bastion may SSH; nothing else comes in.
    // On the nodes' NICs, so the cluster holds this on its own; the network tier's subnet NSG applies too.
    const rule = (
      priority: number,
      ruleName: string,
      source: string,
      port: string,
      destination = args.subnet.cidr,
    ) => ({
      name: ruleName,
      priority,
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      sourceAddressPrefix: source,
      sourcePortRange: "*",
      destinationAddressPrefix: destination,
      destinationPortRange: port,
    });
    const nsg = new network.NetworkSecurityGroup(
      `${name}-nsg`,
      {
        networkSecurityGroupName: azureName("azure-native:network:NetworkSecurityGroup", `${name}-nodes`),
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        securityRules: [
          rule(100, "https-from-web", args.webSubnetCidr, String(SEARCH_PORTS.http)),
          rule(110, "transport-between-nodes", args.subnet.cidr, String(SEARCH_PORTS.transport)),
          rule(120, "probe-from-load-balancer", "AzureLoadBalancer", String(SEARCH_PORTS.http)),
          ...(args.bastionSubnetCidr ? [rule(130, "ssh-from-bastion", args.bastionSubnetCidr, "22")] : []),
          {
            name: "deny-all-inbound",
            priority: 4096,
            direction: "Inbound",
            access: "Deny",
            protocol: "*",
            sourceAddressPrefix: "*",
            sourcePortRange: "*",
            destinationAddressPrefix: "*",
            destinationPortRange: "*",
          },
        ],
      },
      parent,
    );

    // One private endpoint for Magento, spread over the zones; children are addressed under its id.
    const lbName = azureName("azure-native:network:LoadBalancer", `${name}-lb`);
    const lbId = pulumi.interpolate`/subscriptions/${client.subscriptionId}/resourceGroups/${args.resourceGroupName}/providers/Microsoft.Network/loadBalancers/${lbName}`;
    const loadBalancer = new network.LoadBalancer(
      `${name}-lb`,
      {
        loadBalancerName: lbName,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        sku: { name: "Standard", tier: "Regional" },
        frontendIPConfigurations: [
          {
            name: "search",
            subnet: { id: args.subnet.id },
            privateIPAllocationMethod: "Static",
            privateIPAddress: plan.loadBalancerAddress,
            zones,
          },
        ],
        backendAddressPools: [{ name: "nodes" }],
        probes: [
          {
            name: "https",
            protocol: "Tcp",
            port: SEARCH_PORTS.http,
            intervalInSeconds: 5,
            numberOfProbes: 2,
            probeThreshold: 2,
          },
        ],
        loadBalancingRules: [
          {
            name: "https",
            protocol: "Tcp",
            frontendPort: SEARCH_PORTS.http,
            backendPort: SEARCH_PORTS.http,
            frontendIPConfiguration: { id: pulumi.interpolate`${lbId}/frontendIPConfigurations/search` },
            backendAddressPool: { id: pulumi.interpolate`${lbId}/backendAddressPools/nodes` },
            probe: { id: pulumi.interpolate`${lbId}/probes/https` },
            idleTimeoutInMinutes: 15,
            enableTcpReset: true,
            disableOutboundSnat: true,
          },
        ],
      },
      parent,
    );

    const script = pulumi
      .all([args.keyVault.uri, identity.clientId, account.name, container.name])
      .apply(([vaultUri, clientId, accountName, containerName]) =>
        searchFirstBoot({
          clusterName,
          release,
          vaultUri,
          identityClientId: clientId,
          adminUserName: this.adminUserName,
          passwordSecretName: this.passwordSecretName,
          caSeedSecretName,
          caCertificateSecretName: this.caCertificateSecretName,
          plan,
          snapshot: {
            storageAccountName: accountName,
            containerName,
            retentionDays: args.snapshotRetentionDays ?? 14,
          },
        }),
      );
    const adminUsername = args.adminUsername ?? "storefront";
    const scaleSet = new compute.VirtualMachineScaleSet(
      `${name}-nodes`,
      {
        vmScaleSetName: clusterName,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        orchestrationMode: "Flexible",
        platformFaultDomainCount: 1,
        singlePlacementGroup: false,
        zones,
        zoneBalance: zones.length > 1,
        sku: { name: args.vmSize, capacity: args.nodeCount },
        identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
        virtualMachineProfile: {
          osProfile: {
            computerNamePrefix: computerNamePrefix(`${name}-node`),
            adminUsername,
            customData: script.apply((s) => Buffer.from(s).toString("base64")),
            linuxConfiguration: {
              disablePasswordAuthentication: true,
              ssh: {
                publicKeys: args.sshPublicKeys.map((keyData) => ({
                  path: `/home/${adminUsername}/.ssh/authorized_keys`,
                  keyData,
                })),
              },
              patchSettings: { patchMode: "ImageDefault" },
            },
          },
          storageProfile: {
            imageReference: {
              publisher: "Canonical",
              offer: "ubuntu-24_04-lts",
              sku: "server",
              version: "latest",
            },
            osDisk: {
              createOption: "FromImage",
              caching: "ReadWrite",
              managedDisk: { storageAccountType: "Premium_LRS" },
              diskSizeGB: 64,
            },
            dataDisks: [
              {
                lun: 0,
                createOption: "Empty",
                diskSizeGB: args.dataDiskGiB,
                caching: "None",
                deleteOption: "Delete",
                managedDisk: { storageAccountType: args.dataDiskType ?? "Premium_LRS" },
              },
            ],
          },
          securityProfile: {
            securityType: "TrustedLaunch",
            uefiSettings: { secureBootEnabled: true, vTpmEnabled: true },
            encryptionAtHost: true,
          },
          networkProfile: {
            networkApiVersion: "2022-11-01",
            networkInterfaceConfigurations: [
              {
                name: "nic",
                primary: true,
                enableAcceleratedNetworking: true,
                deleteOption: "Delete",
                networkSecurityGroup: { id: nsg.id },
                ipConfigurations: [
                  {
                    name: "ip",
                    primary: true,
                    subnet: { id: args.subnet.id },
                    ...(args.applicationSecurityGroupIds
                      ? { applicationSecurityGroups: args.applicationSecurityGroupIds.map((id) => ({ id })) }
                      : {}),
                    loadBalancerBackendAddressPools: [
                      { id: pulumi.interpolate`${loadBalancer.id}/backendAddressPools/nodes` },
                    ],
                  },
                ],
              },
            ],
          },
        },
      },
      // The secrets and the identity's rights exist before a node boots (first boot still retries while
      // a new role assignment propagates).
      { ...parent, dependsOn: [passwordSecret, seedSecret, caCertificateSecret, ...grants] },
    );

    this.host = plan.loadBalancerAddress;
    this.port = SEARCH_PORTS.http;
    this.endpoint = `https://${this.host}:${this.port}`;
    this.scaleSetId = scaleSet.id;
    this.loadBalancerId = loadBalancer.id;
    this.identityPrincipalId = identity.principalId;
    this.snapshotStorageAccountId = account.id;
    this.diagnosticTargets = [
      { role: "search-nodes", kind: "scaleSet", resourceId: scaleSet.id },
      { role: "search-lb", kind: "loadBalancer", resourceId: loadBalancer.id },
      { role: "search-nsg", kind: "networkSecurityGroup", resourceId: nsg.id },
      {
        role: "search-snapshots",
        kind: "blobService",
        resourceId: pulumi.interpolate`${account.id}/blobServices/default`,
      },
    ];
    this.registerOutputs({ scaleSetId: this.scaleSetId, loadBalancerId: this.loadBalancerId });
  }
}
