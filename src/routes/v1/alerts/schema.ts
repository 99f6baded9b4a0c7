import { z } from "@hono/zod-openapi";
import { ALERT_KINDS } from "../../../services/alerts/host-alerts";

export const alert = z
  .object({
    id: z.string(),
    kind: z.string(),
    severity: z.string(),
    subjectType: z.string(),
    subjectId: z.string(),
    title: z.string(),
    detail: z.string().nullable(),
    status: z.string(),
    openedAt: z.string(),
    resolvedAt: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
    notifiedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Alert");

export const alertListQuery = z.object({
  status: z.enum(["open", "resolved"]).optional(),
  kind: z.enum(ALERT_KINDS).optional(),
  subjectType: z.string().max(64).optional(),
  subjectId: z.string().max(64).optional(),
});
