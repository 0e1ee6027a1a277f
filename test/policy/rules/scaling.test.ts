import { resourceRuleCases } from "../harness";

const SCHEDULE = "aws:autoscaling/schedule:Schedule";
const TARGET = "aws:appautoscaling/target:Target";
const ASG_POLICY = "aws:autoscaling/policy:Policy";
const AAS_POLICY = "aws:appautoscaling/policy:Policy";

describe("policy/rules/scaling", () => {
  resourceRuleCases("scaling-keeps-capacity", SCHEDULE, { minSize: 3, maxSize: 16, desiredCapacity: -1 }, [
    [
      "a schedule to zero servers",
      { minSize: 0, maxSize: 0, desiredCapacity: 0 },
      ["The capacity is set to zero."],
    ],
    ["a desired capacity of zero", { desiredCapacity: 0 }, ["The capacity is set to zero."]],
    [
      "a minimum above the maximum",
      { minSize: 10, maxSize: 6, desiredCapacity: -1 },
      ["The minimum (10) is above the maximum (6)."],
    ],
  ]);
  resourceRuleCases("scaling-keeps-capacity", TARGET, { minCapacity: 1, maxCapacity: 4 }, [
    ["a target of at most zero", { minCapacity: 0, maxCapacity: 0 }, ["The capacity is set to zero."]],
    [
      "a target's minimum above its maximum",
      { minCapacity: 5, maxCapacity: 4 },
      ["The minimum (5) is above the maximum (4)."],
    ],
  ]);

  const cpu = (targetValue: number) => ({
    policyType: "TargetTrackingScaling",
    targetTrackingConfiguration: {
      predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
      targetValue,
    },
  });
  resourceRuleCases("scaling-policy-headroom", ASG_POLICY, cpu(70), [
    ["a CPU target of 95%", cpu(95), ["The policy aims at 95% CPU, above 80%."]],
  ]);
  resourceRuleCases(
    "scaling-policy-headroom",
    AAS_POLICY,
    {
      targetTrackingScalingPolicyConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: "RDSReaderAverageCPUUtilization" },
        targetValue: 90,
      },
    },
    [
      [
        "a reader CPU target above the configured 90%",
        {
          targetTrackingScalingPolicyConfiguration: {
            predefinedMetricSpecification: { predefinedMetricType: "RDSReaderAverageCPUUtilization" },
            targetValue: 95,
          },
        },
        ["The policy aims at 95% CPU, above 90%."],
      ],
    ],
    { maximumCpuTarget: 90 },
  );
  resourceRuleCases(
    "scaling-policy-headroom",
    ASG_POLICY,
    {
      targetTrackingConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: "ALBRequestCountPerTarget" },
        targetValue: 1000,
      },
    },
    [["a CPU policy aiming at 100%", cpu(100), ["The policy aims at 100% CPU, above 80%."]]],
  );
});
