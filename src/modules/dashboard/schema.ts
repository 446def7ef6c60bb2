import { z } from 'zod';

export const summary = z.object({
  orgs: z.number(),
  officials: z.number(),
  principals: z.number(),
  openWarnings: z.object({ red: z.number(), yellow: z.number(), blue: z.number() }),
  warningsByRule: z.array(z.object({ ruleId: z.string(), name: z.string(), nameEn: z.string(), count: z.number() })),
});
