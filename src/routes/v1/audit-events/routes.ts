import { createRoute } from "@hono/zod-openapi";
import { listAuditEvents } from "../../../services/audit/list-audit-events";
import { errorResponses, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { omit, toWire } from "../../serialize";
import type { ServiceDeps } from "../../../services/deps";
import { auditEvent, auditEventListQuery } from "./schema";

export function registerAuditEvents(app: ApiApp, deps: ServiceDeps) {
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
      const p = listAuditEvents(db, c.get("auth").accountId, c.req.valid("query"));
      return c.json({ data: p.data.map((r) => toWire(omit(r, "accountId"))), nextCursor: p.nextCursor }, 200);
    },
  );
}
