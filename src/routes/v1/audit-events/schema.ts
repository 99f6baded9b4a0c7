import { z } from "@hono/zod-openapi";

export const auditEvent = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string(),
    outcome: z.string(),
    provider: z.string().nullable(),
    providerRequestId: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi("AuditEvent");

export const auditEventListQuery = z.object({
  subjectType: z.string().max(64).optional(),
  subjectId: z.string().max(64).optional(),
  action: z.string().max(100).optional(),
});
