import { z } from "zod";
import { resourceRule, stackRule } from "../../lib/define";
import { arr, isOneOf, isProduction, obj, refs } from "../../lib/azure";
import type { Resource } from "../../lib/rule";
import { AUTOSCALE_SETTING, VMSS, VMSS_EXTENSION } from "../../lib/azure-types";

/** Virtual machine scale sets (the web tier and the search cluster) and their autoscale settings. */

const profileOf = (r: Resource) => obj(r.props.virtualMachineProfile);

/**
 * A scale set whose instances keep data disks (the search cluster's shards) is a stateful cluster: a
 * repair's default action replaces the VM ("Type of repair action (replace, restart, reimage) ... Default
 * value is replace": compute API, AutomaticRepairsPolicy.repairAction) and scaling in deletes VMs, each
 * taking its node's data disk with it. Such clusters are sized and healed by their operators; the health,
 * repair and autoscale rules judge stateless scale sets (the web tier) only.
 */
const stateful = (r: Resource) => arr(obj(profileOf(r).storageProfile).dataDisks).length > 0;

const PRODUCTION = z
  .array(z.string())
  .default(["prod"])
  .describe("Values of the environment tag that mark production resources.");

export const vmssNoPasswordAuth = resourceRule({
  id: "vmss-no-password-auth",
  description: "Scale set instances accept SSH keys only, never passwords.",
  severity: "high",
  remediation:
    "Set osProfile.linuxConfiguration.disablePasswordAuthentication: true with an SSH public key, and no adminPassword.",
  references: "MCSB IM-6",
  types: [VMSS],
  check(r, report) {
    const os = obj(profileOf(r).osProfile);
    if (os.adminPassword !== undefined || obj(os.linuxConfiguration).disablePasswordAuthentication !== true)
      report("Instances accept password logins.");
  },
});

export const vmssNoPublicIp = resourceRule({
  id: "vmss-no-public-ip",
  description: "Scale set instances take no public IP addresses.",
  severity: "critical",
  remediation:
    "Remove publicIPAddressConfiguration from every IP configuration: traffic arrives through the gateway, egress leaves through the NAT gateway.",
  references: "MCSB NS-2",
  types: [VMSS],
  check(r, report) {
    for (const nic of arr(obj(profileOf(r).networkProfile).networkInterfaceConfigurations))
      for (const ip of arr(nic.ipConfigurations))
        if (ip.publicIPAddressConfiguration !== undefined)
          report(`Network interface ${String(nic.name ?? "?")} gives each instance a public IP address.`);
  },
});

export const vmssDiskEncryption = resourceRule({
  id: "vmss-disk-encryption",
  description:
    "Scale set disks are encrypted beyond the platform default: encryption at host, or a disk encryption set with a key of your own.",
  severity: "high",
  remediation:
    "Set securityProfile.encryptionAtHost: true (temporary disks and caches encrypted too), or osDisk.managedDisk.diskEncryptionSet to a customer-managed key.",
  cisAzure: "v3.0.0 8.3",
  references: "MCSB DP-5",
  types: [VMSS],
  check(r, report) {
    const p = profileOf(r);
    const atHost = obj(p.securityProfile).encryptionAtHost === true;
    const des = obj(obj(obj(obj(p.storageProfile).osDisk).managedDisk).diskEncryptionSet).id !== undefined;
    if (!atHost && !des)
      report("Disks are encrypted with platform-managed keys only, caches and temp disks not at all.");
  },
});

export const vmssTrustedLaunch = resourceRule({
  id: "vmss-trusted-launch",
  description: "Scale set instances boot with Trusted Launch: secure boot and a virtual TPM.",
  severity: "medium",
  remediation:
    'Set securityProfile: { securityType: "TrustedLaunch", uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } } (a Gen2 image).',
  cisAzure: "v3.0.0 8.11",
  types: [VMSS],
  check(r, report) {
    const security = obj(profileOf(r).securityProfile);
    // ARM compares SecurityTypes case-insensitively; confidential VMs include Trusted Launch's guarantees.
    if (!isOneOf(security.securityType, ["TrustedLaunch", "ConfidentialVM"])) {
      report("Trusted Launch is off.");
      return;
    }
    const uefi = obj(security.uefiSettings);
    if (uefi.secureBootEnabled !== true || uefi.vTpmEnabled !== true)
      report("Secure boot or the vTPM is off.");
  },
});

export const vmssZoneRedundant = resourceRule({
  id: "vmss-zone-redundant",
  description: "Scale sets spread their instances over at least two zones, evenly in production.",
  severity: "medium",
  remediation:
    'Set zones: ["1", "2", "3"], and zoneBalance: true in production (zones are create-time only).',
  references: "APRL",
  config: z.object({ productionEnvironments: PRODUCTION }),
  types: [VMSS],
  check(r, report, config) {
    if (arr(r.props.zones).length < 2) report("The scale set lives in fewer than two zones.");
    else if (isProduction(r, config.productionEnvironments) && r.props.zoneBalance !== true)
      report("The production scale set does not balance its instances across zones.");
  },
});

/** Application Health extension types (publisher Microsoft.ManagedServices). */
const HEALTH_EXTENSIONS = ["ApplicationHealthLinux", "ApplicationHealthWindows"];

export const vmssHealthAndRepairs = stackRule({
  id: "vmss-health-and-repairs",
  description:
    "Stateless scale sets (no data disks) know their instances' health (Application Health extension or a load balancer probe) and repair unhealthy ones automatically.",
  severity: "medium",
  remediation:
    "Add the ApplicationHealthLinux extension (inline or as a VirtualMachineScaleSetExtension) and set automaticRepairsPolicy: { enabled: true, gracePeriod }.",
  references: "APRL",
  types: [VMSS, VMSS_EXTENSION],
  check(graph, report) {
    const withExtension = new Set(
      graph
        .ofTypes([VMSS_EXTENSION])
        .filter((e) => isOneOf(e.props.type, HEALTH_EXTENSIONS))
        .flatMap((e) => refs(graph, e, "vmScaleSetName", [VMSS])),
    );
    for (const vmss of graph.ofTypes([VMSS]).filter((v) => !stateful(v))) {
      const p = profileOf(vmss);
      const inline = arr(obj(p.extensionProfile).extensions).some((e) => isOneOf(e.type, HEALTH_EXTENSIONS));
      const probe = obj(obj(p.networkProfile).healthProbe).id !== undefined;
      if (!inline && !probe && !withExtension.has(vmss))
        report("The scale set has no health signal (no Application Health extension or probe).", vmss.urn);
      else if (obj(vmss.props.automaticRepairsPolicy).enabled !== true)
        report("Unhealthy instances are not repaired automatically.", vmss.urn);
    }
  },
});

export const vmssAutoscale = stackRule({
  id: "vmss-autoscale",
  description:
    "Every stateless scale set (no data disks) has an enabled autoscale setting, keeping at least two instances in production.",
  severity: "medium",
  remediation:
    "Add a monitor.AutoscaleSetting with targetResourceUri set to the scale set's id, a CPU rule, and capacity.minimum >= 2 in production.",
  references: "APRL",
  config: z.object({ productionEnvironments: PRODUCTION }),
  types: [VMSS, AUTOSCALE_SETTING],
  check(graph, report, config) {
    const settingsOf = new Map<string, Resource[]>();
    for (const s of graph.ofTypes([AUTOSCALE_SETTING]))
      for (const vmss of refs(graph, s, "targetResourceUri", [VMSS]))
        settingsOf.set(vmss.urn, [...(settingsOf.get(vmss.urn) ?? []), s]);
    for (const vmss of graph.ofTypes([VMSS]).filter((v) => !stateful(v))) {
      const settings = (settingsOf.get(vmss.urn) ?? []).filter((s) => s.props.enabled !== false);
      if (settings.length === 0) {
        report("No enabled autoscale setting sizes the scale set.", vmss.urn);
        continue;
      }
      if (!isProduction(vmss, config.productionEnvironments)) continue;
      for (const s of settings) {
        const low = arr(s.props.profiles).filter((p) => Number(obj(p.capacity).minimum) < 2);
        if (low.length > 0)
          report(
            `Profile(s) ${low.map((p) => String(p.name)).join(", ")} let the production scale set shrink below two instances.`,
            s.urn,
          );
      }
    }
  },
});
