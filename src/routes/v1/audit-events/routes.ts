import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { auditEvents } from "../../../db/schema";
import { errorResponses, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { listAccountPage } from "../../../db/account-page";
import { omit, toWire } from "../../serialize";
import type { V1Deps } from "../hooks";
import { auditEvent, auditEventListQuery } from "./schema";

export function registerAuditEvents(app: ApiApp, deps: V1Deps) {
  const { db } = deps;

  app.openapi(
    createRoute({
      method: "get",
      path: "/audit-events",
      tags: ["Audit events"],
      summary: "The append-only record of external actions, oldest first",
      request: { query: listQuery(auditEventListQuery) },
      responses: { 200: jsonResponse(pageOf(auditEvent), "Audit events"), ...errorResponses },
    }),
    (c) => {
      const q = c.req.valid("query");
      const p = listAccountPage(db, auditEvents, c.get("auth").accountId, [q.subjectType ? eq(auditEvents.subjectType, q.subjectType) : undefined, q.subjectId ? eq(auditEvents.subjectId, q.subjectId) : undefined, q.action ? eq(auditEvents.action, q.action) : undefined], { limit: q.limit, cursor: q.cursor });
      return c.json({ data: p.data.map((r) => toWire(omit(r, "accountId"))), nextCursor: p.nextCursor }, 200);
    },
  );
}
