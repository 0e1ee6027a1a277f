import * as aws from "@pulumi/aws";
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
  () => ({ bucket: new aws.s3.Bucket("floor").id }),
  { policies: POLICIES },
).then((plan) => process.stdout.write(`${plan.resources.length} resources\n`));
