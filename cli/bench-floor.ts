import * as s3 from "@pulumi/aws/s3";
import { POLICIES } from "../policy/pack";
import { planStack } from "../runtime/plan-runner";

/*
 * The benchmark's floor: the plan harness (mock runtime, recorder, policy pack) running a program with a
 * single resource. What a stack's plan costs above this is the kit's own doing.
 */
planStack(
  {
    project: "storefront",
    projectDir: process.cwd(),
    stack: "floor",
    file: "(floor)",
    config: {},
    secretKeys: [],
  },
  () => ({ bucket: new s3.Bucket("floor").id }),
  { policies: POLICIES },
).then((plan) => process.stdout.write(`${plan.resources.length} resources\n`));
