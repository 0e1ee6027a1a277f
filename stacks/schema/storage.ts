import { z } from "zod";

/** Days after which EFS moves a file that nobody read to Infrequent Access. */
export const EFS_IA_DAYS = [1, 7, 14, 30, 60, 90, 180, 270, 365] as const;

export const storageSchema = z.strictObject(
  {
    transitionToIaDays: z
      .number({ error: `one of: ${EFS_IA_DAYS.join(", ")}` })
      .refine((d) => (EFS_IA_DAYS as readonly number[]).includes(d), {
        error: `one of: ${EFS_IA_DAYS.join(", ")}`,
      })
      .optional(),
  },
  { error: "a map with transitionToIaDays" },
);
