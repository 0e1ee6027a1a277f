import { expect } from "chai";
import { fromWire, isSecretWire, REDACTED, secretWire } from "../../runtime/wire";

describe("runtime/wire", () => {
  const value = {
    plain: "a",
    secret: secretWire("hunter2"),
    nested: [{ token: secretWire({ deep: "s3cret" }) }],
    resource: { "4dabf18193072939515e22adb298388d": "5cf8f73096256a8f31e491e813e4eb8e", urn: "urn:pulumi:x" },
    unknown: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  };

  it("redacts every secret for display, however deep", () => {
    expect(fromWire(value, "redact")).to.deep.equal({
      plain: "a",
      secret: REDACTED,
      nested: [{ token: REDACTED }],
      resource: "urn:pulumi:x",
      unknown: "[unknown]",
    });
  });

  it("reveals secrets for policies, as the engine does", () => {
    expect(fromWire(value, "reveal")).to.deep.include({
      secret: "hunter2",
      nested: [{ token: { deep: "s3cret" } }],
    });
  });

  it("recognises what it wraps", () => {
    expect(isSecretWire(secretWire(1))).to.equal(true);
    expect(isSecretWire({ value: 1 })).to.equal(false);
  });
});
