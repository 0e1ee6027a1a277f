import { z } from "zod";
import { instanceType, sourceCidrList } from "./fields";

export const bastionSchema = z.strictObject(
  {
    enabled: z.boolean({ error: "true or false" }).optional(),
    sshCidrs: sourceCidrList("a list of CIDR blocks allowed to reach SSH").optional(),
    keyName: z
      .string({ error: "the name of an EC2 key pair" })
      .min(1, { error: "the name of an EC2 key pair" })
      .optional(),
    instanceType: instanceType.optional(),
  },
  { error: "a map with enabled, sshCidrs, keyName and instanceType" },
);
