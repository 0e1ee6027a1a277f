import { add, patch, remove, resourceRuleCases, stackRuleCases } from "../harness";

const SERVICE = "fastly:index/serviceVcl:ServiceVcl";
const SUBSCRIPTION = "fastly:index/tlsSubscription:TlsSubscription";
const VALIDATION = "fastly:index/tlsSubscriptionValidation:TlsSubscriptionValidation";

const BACKEND = {
  name: "origin",
  address: "origin.shop.example",
  port: 443,
  useSsl: true,
  sslCheckCert: true,
  sslCertHostname: "origin.shop.example",
  sslSniHostname: "origin.shop.example",
  minTlsVersion: "1.2",
};
const SERVICE_PROPS = {
  domains: [{ name: "shop.example" }],
  backends: [BACKEND],
  requestSettings: [
    { name: "force-tls", forceSsl: true },
    { name: "pass", action: "pass", requestCondition: "c" },
  ],
};

describe("policy/rules/fastly", () => {
  resourceRuleCases("fastly-service-tls", SERVICE, SERVICE_PROPS, [
    [
      "HTTPS forced only under a condition",
      { ...SERVICE_PROPS, requestSettings: [{ name: "force-tls", forceSsl: true, requestCondition: "c" }] },
      ["No unconditional request setting forces HTTPS (forceSsl)."],
    ],
    [
      "an origin certificate not checked",
      { ...SERVICE_PROPS, backends: [{ ...BACKEND, sslCheckCert: false }] },
      ["Backends not reached over checked TLS 1.2+: origin."],
    ],
    [
      "an origin reached over plain HTTP",
      { ...SERVICE_PROPS, backends: [{ ...BACKEND, useSsl: false, port: 80 }] },
      ["Backends not reached over checked TLS 1.2+: origin."],
    ],
    [
      "an origin allowed TLS 1.0",
      { ...SERVICE_PROPS, backends: [{ ...BACKEND, minTlsVersion: "1.0" }] },
      ["Backends not reached over checked TLS 1.2+: origin."],
    ],
  ]);

  stackRuleCases(
    "fastly-tls-subscription-validated",
    [
      { type: SERVICE, name: "service", props: SERVICE_PROPS },
      { type: SUBSCRIPTION, name: "tls", props: { domains: ["shop.example"] } },
      { type: VALIDATION, name: "tls-wait", props: {}, deps: { subscriptionId: ["tls"] } },
    ],
    [
      [
        "a subscription nobody waits for",
        remove("tls-wait"),
        ["tls: No validation waits for the subscription."],
      ],
      [
        "a domain no service serves",
        patch("tls", { domains: ["shop.example", "old.shop.example"] }),
        ["tls: Subscribed domains no service of the stack serves: old.shop.example."],
      ],
      [
        "a second subscription without validation",
        add({ type: SUBSCRIPTION, name: "tls-2", props: { domains: ["shop.example"] } }),
        ["tls-2: No validation waits for the subscription."],
      ],
    ],
  );
});
