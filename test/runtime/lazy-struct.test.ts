import { expect } from "chai";
import * as fc from "fast-check";
import * as path from "node:path";
import type * as structPb from "google-protobuf/google/protobuf/struct_pb";
import { lazyStructFromJavaScript } from "../../runtime/lazy-struct";
import { skipEngineOnlyWork } from "../../runtime/sdk-internals";

/*
 * A lazy Struct must be indistinguishable from the message it stands for. The reference is the wire: what
 * the message decodes to from its own encoding (decoding builds real messages, whatever fromJavaScript the
 * process uses), so the check holds with or without runtime/sdk-internals' replacement installed.
 */

// The module instance the SDK uses, resolved as runtime/sdk-internals resolves it.
const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const struct = require(
  require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [sdkDir] }),
) as typeof structPb;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resourcePb = require("@pulumi/pulumi/proto/resource_pb") as {
  RegisterResourceRequest: new () => {
    setObject(s: structPb.Struct): void;
    getObject(): structPb.Struct | undefined;
    serializeBinary(): Uint8Array;
  };
};
const lazy = lazyStructFromJavaScript(struct);

/** What a Struct holding `value` decodes to from its encoding: the real message's JavaScript. */
const wire = (message: structPb.Struct) =>
  struct.Struct.deserializeBinary(message.serializeBinary()).toJavaScript();

/** Key order matters (it is the order plans print in): compare as JSON text, and as values for -0 and NaN. */
function expectSame(actual: unknown, expected: unknown): void {
  expect(JSON.stringify(actual)).to.equal(JSON.stringify(expected));
  expect(actual).to.deep.equal(expected);
}

// Objects whose keys need sorting (jspb iterates its maps' keys sorted), integer-like keys among them.
const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom("10", "2", "a", "B", "_", "urn", "id"));
const leaf = fc.oneof(
  fc.string(),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(-0, Number.MAX_SAFE_INTEGER, 1e-300),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(key, tie("value"), { maxKeys: 5 }),
}));
const fields = fc.dictionary(key, value, { maxKeys: 6 });

describe("runtime/lazy-struct", () => {
  // As a plan runs them: with Struct.fromJavaScript replaced process-wide, so that the Values protobuf
  // makes for nested objects hold lazy Structs too.
  before(() => skipEngineOnlyWork());

  it("answers toJavaScript() with what the message decodes to: the same values, keys sorted at every level", () => {
    fc.assert(
      fc.property(fields, (v) => {
        const message = lazy(v);
        expectSame(message.toJavaScript(), wire(lazy(v)));
      }),
      { numRuns: 200, seed: 20261201 },
    );
    const sample = { b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, 10: "ten", 2: "two" };
    expect(JSON.stringify(lazy(sample).toJavaScript())).to.equal(
      '{"2":"two","10":"ten","a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it("encodes as the message would, alone and inside a request, and is then an ordinary Struct", () => {
    fc.assert(
      fc.property(fields, (v) => {
        const message = lazy(v);
        const bytes = message.serializeBinary();
        expect(Buffer.from(struct.Struct.deserializeBinary(bytes).serializeBinary())).to.deep.equal(
          Buffer.from(bytes),
        );
        // Read as protobuf, it answers from its fields from then on.
        expectSame(message.toJavaScript(), wire(message));
        const request = new resourcePb.RegisterResourceRequest();
        request.setObject(lazy(v));
        expect(request.getObject()).to.be.instanceOf(struct.Struct);
        const decoded = (
          resourcePb.RegisterResourceRequest as unknown as {
            deserializeBinary(b: Uint8Array): { getObject(): structPb.Struct | undefined };
          }
        ).deserializeBinary(request.serializeBinary());
        expectSame(decoded.getObject()?.toJavaScript() ?? {}, message.toJavaScript());
      }),
      { numRuns: 100, seed: 20261201 },
    );
  });

  it("clones as the message would, and has no enumerable key of its own beyond a Struct's", () => {
    const v = { b: [1, { c: "x" }], a: null };
    const message = lazy(v);
    expect(Object.keys(message)).to.deep.equal(Object.keys(new struct.Struct()));
    expectSame(message.clone().toJavaScript(), wire(lazy(v)));
    expectSame(lazy(v).cloneMessage().toJavaScript(), wire(lazy(v)));
    expect(Buffer.from(lazy(v).clone().serializeBinary())).to.deep.equal(
      Buffer.from(lazy(v).serializeBinary()),
    );
  });

  it("copies: changing the value given, or the one returned, changes nothing in the message", () => {
    const given = { list: [1, { x: "a" }], nested: { y: true } };
    const message = lazy(given);
    given.list.push(2);
    given.nested.y = false;
    const first = message.toJavaScript() as { list: unknown[]; nested: { y: boolean } };
    first.list.length = 0;
    first.nested.y = false;
    expect(message.toJavaScript()).to.deep.equal({ list: [1, { x: "a" }], nested: { y: true } });
  });

  it("refuses what a Struct cannot hold, with protobuf's own error", () => {
    for (const bad of [undefined, () => 1, Symbol("s"), BigInt(1)]) {
      expect(() => struct.Value.fromJavaScript(bad as never), String(bad)).to.throw(
        "Unexpected struct type.",
      );
      expect(() => lazy({ nested: { bad } }), String(bad)).to.throw("Unexpected struct type.");
    }
  });
});
