import { Node, patch, rewire, stackRuleCases } from "../../harness";

const RECORD_SET = "azure-native:dns:RecordSet";
const ENDPOINT = "azure-native:cdn:AFDEndpoint";

describe("policy/rules/azure/dns", () => {
  const graph: Node[] = [
    { type: ENDPOINT, name: "endpoint", props: { hostName: "shop-endpoint-3f2a.z01.azurefd.net" } },
    {
      type: RECORD_SET,
      name: "shop",
      props: {
        zoneName: "shop.example",
        relativeRecordSetName: "www",
        recordType: "CNAME",
        ttl: 3600,
        cnameRecord: { cname: "shop-endpoint-3f2a.z01.azurefd.net" },
      },
      deps: { cnameRecord: ["endpoint"] },
    },
    {
      type: RECORD_SET,
      name: "validation",
      props: {
        zoneName: "shop.example",
        relativeRecordSetName: "_dnsauth.www",
        recordType: "TXT",
        ttl: 3600,
        txtRecords: [{ value: ["token"] }],
      },
    },
  ];
  stackRuleCases("dns-record-target-in-stack", graph, [
    [
      "a CNAME to a Front Door endpoint written as a literal",
      rewire("shop", "cnameRecord", []),
      [
        "shop: The record points at shop-endpoint-3f2a.z01.azurefd.net by a literal name, not at a resource of the stack.",
      ],
    ],
    [
      "a CNAME to a storage account's blob host written as a literal",
      (nodes) =>
        rewire(
          "shop",
          "cnameRecord",
          [],
        )(patch("shop", { cnameRecord: { cname: "OldMedia.blob.core.windows.net." } })(nodes)),
      [
        "shop: The record points at OldMedia.blob.core.windows.net. by a literal name, not at a resource of the stack.",
      ],
    ],
    [
      "nothing for a CNAME to a host outside Azure",
      (nodes) =>
        rewire(
          "shop",
          "cnameRecord",
          [],
        )(patch("shop", { cnameRecord: { cname: "shops.myshopify.com" } })(nodes)),
      [],
    ],
    [
      "nothing for an alias record on the endpoint",
      patch("shop", {
        recordType: "A",
        relativeRecordSetName: "@",
        cnameRecord: undefined,
        targetResource: {
          id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Cdn/profiles/p/afdEndpoints/e",
        },
      }),
      [],
    ],
  ]);
});
