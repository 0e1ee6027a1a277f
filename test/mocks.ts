import * as pulumi from "@pulumi/pulumi";
import { MockCloud } from "../runtime/mock-cloud";
import { RegisteredResource, RegistrationRecorder } from "../runtime/recording-monitor";
import { skipEngineOnlyWork } from "../runtime/sdk-internals";
import { fromWire } from "../runtime/wire";

/*
 * The one mocks module of the test suite. Each suite installs the mock cloud in its own `before`, so the
 * order in which mocha loads spec files never decides which mocks are active.
 */

export const PROJECT = "storefront";

export interface MockSession {
  readonly recorder: RegistrationRecorder;
  /**
   * What the mock cloud refused so far (names AWS or ARM would refuse, tags on an Azure type that has
   * none): the offline plan fails with these; a spec asserts they are empty.
   */
  readonly rejections: MockCloud["rejections"];
  /** Waits until every registration started so far has reached the mock cloud. */
  settle(): Promise<void>;
  /** Registrations of one type, in order. */
  ofType(type: string): RegisteredResource[];
  /** The single registration of a type; fails when there is not exactly one. */
  one(type: string): RegisteredResource;
  /** Inputs merged with the mock's outputs, secrets revealed: what a policy would see. */
  props(r: RegisteredResource): Record<string, unknown>;
}

export async function useMockCloud(stack = "test"): Promise<MockSession> {
  const cloud = new MockCloud();
  await pulumi.runtime.setMocks(cloud, PROJECT, stack, false);
  skipEngineOnlyWork();
  const recorder = RegistrationRecorder.attach();
  const internals = pulumi.runtime as unknown as { waitForRPCs(): Promise<void> };
  const ofType = (type: string) => recorder.registrations.filter((r) => r.type === type);
  return {
    recorder,
    rejections: cloud.rejections,
    settle: () => internals.waitForRPCs(),
    ofType,
    one(type) {
      const found = ofType(type);
      if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
      return found[0];
    },
    props: (r) => fromWire({ ...r.inputs, ...r.outputs }, "reveal") as Record<string, unknown>,
  };
}

/** Resolves an Output outside `apply`, so a failing assertion fails the test instead of timing it out. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}
