import { expect } from "chai";
import {
  checkResource as resourceCheck,
  checkStack,
  Node,
  patch,
  remove,
  resourceRuleCases,
  stackRuleCases,
} from "../../harness";

const VMSS = "azure-native:compute:VirtualMachineScaleSet";
const EXTENSION = "azure-native:compute:VirtualMachineScaleSetExtension";
const AUTOSCALE = "azure-native:monitor:AutoscaleSetting";

/** A hardened web scale set's inputs, with `profile` merged into virtualMachineProfile. */
function scaleSet(profile: Record<string, unknown> = {}, top: Record<string, unknown> = {}) {
  return {
    orchestrationMode: "Flexible",
    zones: ["1", "2", "3"],
    zoneBalance: true,
    automaticRepairsPolicy: { enabled: true, gracePeriod: "PT10M" },
    tags: { environment: "prod" },
    virtualMachineProfile: {
      osProfile: {
        adminUsername: "azureuser",
        linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [] } },
      },
      securityProfile: {
        encryptionAtHost: true,
        securityType: "TrustedLaunch",
        uefiSettings: { secureBootEnabled: true, vTpmEnabled: true },
      },
      networkProfile: {
        networkApiVersion: "2020-11-01",
        networkInterfaceConfigurations: [
          {
            name: "nic",
            primary: true,
            ipConfigurations: [{ name: "ip", subnet: { id: "/subscriptions/s/web" } }],
          },
        ],
      },
      extensionProfile: {
        extensions: [
          { name: "health", publisher: "Microsoft.ManagedServices", type: "ApplicationHealthLinux" },
        ],
      },
      ...profile,
    },
    ...top,
  };
}
const base = scaleSet().virtualMachineProfile;

describe("policy/rules/azure/compute", () => {
  resourceRuleCases("vmss-no-password-auth", VMSS, scaleSet(), [
    [
      "passwords allowed",
      scaleSet({
        osProfile: { adminUsername: "a", linuxConfiguration: { disablePasswordAuthentication: false } },
      }),
      ["Instances accept password logins."],
    ],
    [
      "no Linux configuration",
      scaleSet({ osProfile: { adminUsername: "a" } }),
      ["Instances accept password logins."],
    ],
    [
      "an admin password",
      scaleSet({ osProfile: { ...base.osProfile, adminPassword: "literal-password" } }),
      ["Instances accept password logins."],
    ],
  ]);

  resourceRuleCases("vmss-no-public-ip", VMSS, scaleSet(), [
    [
      "a public IP per instance",
      scaleSet({
        networkProfile: {
          networkInterfaceConfigurations: [
            {
              name: "nic",
              ipConfigurations: [{ name: "ip", publicIPAddressConfiguration: { name: "pip" } }],
            },
          ],
        },
      }),
      ["Network interface nic gives each instance a public IP address."],
    ],
  ]);

  resourceRuleCases("vmss-disk-encryption", VMSS, scaleSet(), [
    [
      "platform keys only",
      scaleSet({ securityProfile: { ...base.securityProfile, encryptionAtHost: false } }),
      ["Disks are encrypted with platform-managed keys only, caches and temp disks not at all."],
    ],
  ]);
  it("vmss-disk-encryption accepts a disk encryption set instead of encryption at host", () => {
    const withSet = scaleSet({
      securityProfile: { ...base.securityProfile, encryptionAtHost: undefined },
      storageProfile: {
        osDisk: { createOption: "FromImage", managedDisk: { diskEncryptionSet: { id: "/des" } } },
      },
    });
    expect(resourceCheck("vmss-disk-encryption", VMSS, withSet)).to.deep.equal([]);
    const neither = scaleSet({ securityProfile: { ...base.securityProfile, encryptionAtHost: undefined } });
    expect(resourceCheck("vmss-disk-encryption", VMSS, neither)).to.have.length(1);
  });

  resourceRuleCases("vmss-trusted-launch", VMSS, scaleSet(), [
    ["a standard VM", scaleSet({ securityProfile: { encryptionAtHost: true } }), ["Trusted Launch is off."]],
    [
      "Trusted Launch without secure boot",
      scaleSet({ securityProfile: { ...base.securityProfile, uefiSettings: { vTpmEnabled: true } } }),
      ["Secure boot or the vTPM is off."],
    ],
    [
      "the security type in lower case (still Trusted Launch, so no finding)",
      scaleSet({ securityProfile: { ...base.securityProfile, securityType: "trustedlaunch" } }),
      [],
    ],
  ]);

  resourceRuleCases("vmss-zone-redundant", VMSS, scaleSet(), [
    ["one zone", scaleSet({}, { zones: ["1"] }), ["The scale set lives in fewer than two zones."]],
    [
      "production without zone balance",
      scaleSet({}, { zoneBalance: false }),
      ["The production scale set does not balance its instances across zones."],
    ],
    [
      "nothing for dev without zone balance",
      scaleSet({}, { zoneBalance: false, tags: { environment: "dev" } }),
      [],
    ],
  ]);

  const healthGraph: Node[] = [{ type: VMSS, name: "web", props: scaleSet() }];
  stackRuleCases("vmss-health-and-repairs", healthGraph, [
    [
      "no health signal",
      patch("web", scaleSet({ extensionProfile: { extensions: [] } })),
      ["web: The scale set has no health signal (no Application Health extension or probe)."],
    ],
    [
      "no automatic repairs",
      patch("web", { automaticRepairsPolicy: { enabled: false } }),
      ["web: Unhealthy instances are not repaired automatically."],
    ],
  ]);
  it("leaves stateful scale sets (data disks) to their operators: no repairs or autoscale asked of them", () => {
    const cluster = scaleSet({
      extensionProfile: undefined,
      storageProfile: {
        dataDisks: [{ lun: 0, createOption: "Empty", diskSizeGB: 128, deleteOption: "Delete" }],
      },
    });
    const search = { type: VMSS, name: "search", props: { ...cluster, automaticRepairsPolicy: undefined } };
    expect(checkStack("vmss-health-and-repairs", [search])).to.deep.equal([]);
    expect(checkStack("vmss-autoscale", [search])).to.deep.equal([]);
    // The same scale set without its data disk is judged.
    const stateless = {
      ...search,
      props: {
        ...search.props,
        virtualMachineProfile: scaleSet({ extensionProfile: undefined }).virtualMachineProfile,
      },
    };
    expect(checkStack("vmss-health-and-repairs", [stateless])).to.deep.equal([
      "search: The scale set has no health signal (no Application Health extension or probe).",
    ]);
    expect(checkStack("vmss-autoscale", [stateless])).to.deep.equal([
      "search: No enabled autoscale setting sizes the scale set.",
    ]);
  });

  it("vmss-health-and-repairs takes a separate extension resource or a load balancer probe", () => {
    const bare = scaleSet({ extensionProfile: undefined });
    expect(
      checkStack("vmss-health-and-repairs", [
        { type: VMSS, name: "web", props: bare },
        {
          type: EXTENSION,
          name: "health",
          props: { type: "ApplicationHealthLinux" },
          deps: { vmScaleSetName: ["web"] },
        },
      ]),
    ).to.deep.equal([]);
    const probed = scaleSet({
      extensionProfile: undefined,
      networkProfile: { healthProbe: { id: "/probe" } },
    });
    expect(checkStack("vmss-health-and-repairs", [{ type: VMSS, name: "web", props: probed }])).to.deep.equal(
      [],
    );
  });

  const autoscaleGraph: Node[] = [
    { type: VMSS, name: "web", props: scaleSet() },
    {
      type: AUTOSCALE,
      name: "web-autoscale",
      props: {
        enabled: true,
        profiles: [
          { name: "default", capacity: { minimum: "2", maximum: "10", default: "2" } },
          { name: "black-friday", capacity: { minimum: "6", maximum: "20", default: "6" } },
        ],
      },
      deps: { targetResourceUri: ["web"] },
    },
  ];
  stackRuleCases("vmss-autoscale", autoscaleGraph, [
    [
      "no autoscale setting",
      remove("web-autoscale"),
      ["web: No enabled autoscale setting sizes the scale set."],
    ],
    [
      "a disabled setting",
      patch("web-autoscale", { enabled: false }),
      ["web: No enabled autoscale setting sizes the scale set."],
    ],
    [
      "a production minimum of one",
      patch("web-autoscale", {
        enabled: true,
        profiles: [{ name: "default", capacity: { minimum: "1", maximum: "4", default: "1" } }],
      }),
      ["web-autoscale: Profile(s) default let the production scale set shrink below two instances."],
    ],
  ]);
});
