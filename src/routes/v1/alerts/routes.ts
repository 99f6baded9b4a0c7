import { createRoute } from "@hono/zod-openapi";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { alerts } from "../../../db/schema";
import { errorResponses, idParam, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { listAccountPage } from "../../../db/account-page";
import { notFound } from "../../problem";
import { omit, toWire } from "../../serialize";
import type { V1Deps } from "../hooks";
import { alert, alertListQuery } from "./schema";

const tags = ["Alerts"];
const params = idParam("Alert", "alrt_0abc");

function findAlert(db: Db, accountId: string, id: string) {
  const row = db.select().from(alerts).where(and(eq(alerts.id, id), eq(alerts.accountId, accountId))).get();
  if (!row) throw notFound(`alert ${id}`);
  return row;
}

const present = (row: typeof alerts.$inferSelect) =>
  toWire(omit(row, "accountId", "dedupeKey", "notifiedSeverity", "resolutionNotifiedAt"));

export function registerAlerts(app: ApiApp, deps: V1Deps) {
  const { db, clock } = deps;

  app.openapi(
    createRoute({ method: "get", path: "/alerts", tags, request: { query: listQuery(alertListQuery) }, responses: { 200: jsonResponse(pageOf(alert), "Alerts"), ...errorResponses } }),
    (c) => {
      const q = c.req.valid("query");
      const p = listAccountPage(db, alerts, c.get("auth").accountId, [q.status ? eq(alerts.status, q.status) : undefined, q.kind ? eq(alerts.kind, q.kind) : undefined, q.subjectType ? eq(alerts.subjectType, q.subjectType) : undefined, q.subjectId ? eq(alerts.subjectId, q.subjectId) : undefined], { limit: q.limit, cursor: q.cursor });
      return c.json({ data: p.data.map(present), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/alerts/{id}", tags, request: { params }, responses: { 200: jsonResponse(alert, "Alert"), ...errorResponses } }),
    (c) => c.json(present(findAlert(db, c.get("auth").accountId, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/alerts/{id}/acknowledge",
      tags,
      summary: "Mark an alert as seen (it stays open until its condition clears)",
      request: { params },
      responses: { 200: jsonResponse(alert, "Acknowledged"), ...errorResponses },
    }),
    (c) => {
      const { accountId, actor } = c.get("auth");
      const existing = findAlert(db, accountId, c.req.valid("param").id);
      const now = clock.now();
      // The first acknowledgement is the one that counts; repeating it changes nothing.
      db.update(alerts)
        .set({ acknowledgedAt: now, acknowledgedBy: actor, updatedAt: now })
        .where(and(eq(alerts.id, existing.id), isNull(alerts.acknowledgedAt)))
        .run();
      return c.json(present(findAlert(db, accountId, existing.id)), 200);
    },
  );
}
