import type * as structPb from "google-protobuf/google/protobuf/struct_pb";

/*
 * google.protobuf.Struct messages that stay JavaScript until something reads them as protobuf.
 *
 * The SDK turns every registration's properties into a Struct (`Struct.fromJavaScript`), and the mock
 * monitor, in the same process, turns them straight back (`toJavaScript`); its answer takes the same round
 * trip the other way. Nothing encodes these messages under mocks, yet building a protobuf Value per
 * property and a map per object was about a tenth of a plan's CPU, most of it garbage. A lazy Struct keeps
 * a copy of the JavaScript value instead and answers `toJavaScript()` with a fresh copy of it, exactly as
 * the message would: keys sorted at every level (jspb's map iterates its keys sorted), arrays in order,
 * the same errors for values a Struct cannot hold. Anything that reads the message as protobuf (its fields
 * map, which binary encoding and `toObject` go through) gets the real fields, built on first use, and from
 * then on the message is an ordinary Struct; so does a copy (`clone`). What reads a containing message's
 * raw array without going through the fields (jspb's `equals`, `toString` of the container) sees an empty
 * Struct until then: under mocks only the SDK's debug log text, which is not written, does.
 */

type StructModule = typeof structPb;
type JsValue = null | number | string | boolean | JsValue[] | { [key: string]: JsValue };

/** A Struct's field values as `Value.fromJavaScript` accepts them (it throws on the rest). */
function snapshot(value: unknown): JsValue {
  if (value === null) return null;
  if (Array.isArray(value)) return value.map(snapshot);
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
      return value;
    case "object":
      return snapshotFields(value);
    default:
      // The message jspb's Value.fromJavaScript throws for undefined, functions, symbols and bigints.
      throw new Error("Unexpected struct type.");
  }
}

/** An object's enumerable keys (own and inherited, as `for…in` gives them, as jspb reads them), sorted. */
function snapshotFields(value: unknown): { [key: string]: JsValue } {
  const keys: string[] = [];
  for (const key in value as object) keys.push(key);
  keys.sort();
  const out: { [key: string]: JsValue } = {};
  for (const key of keys) out[key] = snapshot((value as Record<string, unknown>)[key]);
  return out;
}

function copy(value: JsValue): JsValue {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(copy);
  const out: { [key: string]: JsValue } = {};
  for (const key in value) out[key] = copy(value[key]);
  return out;
}

/**
 * `Struct.fromJavaScript` with lazy messages, for the Struct class of `struct` (the module instance the SDK
 * uses). The messages are instances of that class: `instanceof`, the setters of the messages they are put
 * in, and binary encoding all work as before.
 */
export function lazyStructFromJavaScript(struct: StructModule): (value: unknown) => structPb.Struct {
  const { Struct, Value, ListValue, NullValue } = struct;

  // The real fields, built all the way down: Value.fromJavaScript would make nested objects lazy too (it
  // calls the replaced Struct.fromJavaScript), and a copy of this message is made from their arrays.
  const toValue = (v: JsValue): structPb.Value => {
    const value = new Value();
    if (v === null) value.setNullValue(NullValue.NULL_VALUE);
    else if (Array.isArray(v)) {
      const list = new ListValue();
      for (const item of v) list.addValues(toValue(item));
      value.setListValue(list);
    } else if (typeof v === "string") value.setStringValue(v);
    else if (typeof v === "number") value.setNumberValue(v);
    else if (typeof v === "boolean") value.setBoolValue(v);
    else {
      const nested = new Struct();
      fill(nested.getFieldsMap(), v);
      value.setStructValue(nested);
    }
    return value;
  };
  const fill = (map: ReturnType<structPb.Struct["getFieldsMap"]>, fields: { [key: string]: JsValue }) => {
    for (const key in fields) map.set(key, toValue(fields[key]));
  };

  class LazyStruct extends Struct {
    /** The value while the message has no fields of its own; a private field, so no enumerable key. */
    #fields: { [key: string]: JsValue } | undefined;

    // The constructor stays Struct's (jspb's clone calls `new msg.constructor(data)`): a lazy message is
    // made by `lazy`, which sets the value afterwards.
    static lazy(fields: { [key: string]: JsValue }): LazyStruct {
      const message = new LazyStruct();
      message.#fields = fields;
      return message;
    }

    // jspb's getter also takes a noLazyCreate flag (the binary encoder passes it): passed through.
    override getFieldsMap(...args: []) {
      const fields = this.#fields;
      if (fields !== undefined) {
        this.#fields = undefined;
        fill(super.getFieldsMap(), fields);
      }
      return super.getFieldsMap(...args);
    }

    override toJavaScript(): { [key: string]: structPb.JavaScriptValue } {
      const fields = this.#fields;
      return fields === undefined ? super.toJavaScript() : (copy(fields) as { [key: string]: JsValue });
    }

    // A copy is made from the message's array, which holds the fields only once they are built.
    override cloneMessage(): this {
      this.getFieldsMap();
      return super.cloneMessage();
    }

    override clone(): this {
      this.getFieldsMap();
      return super.clone();
    }
  }
  return (value) => LazyStruct.lazy(snapshotFields(value));
}
