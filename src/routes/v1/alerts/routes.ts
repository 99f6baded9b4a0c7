import { createRoute } from "@hono/zod-openapi";
import { acknowledgeAlert } from "../../../services/alerts/acknowledge-alert";
import { listAlerts, type AlertRow } from "../../../services/alerts/host-alerts";
import { findAlert } from "../../../services/lookups";
import { errorResponses, idParam, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { omit, toWire } from "../../serialize";
import type { ServiceDeps } from "../../../services/deps";
import { alert, alertListQuery } from "./schema";

const tags = ["Alerts"];
const params = idParam("Alert", "alrt_0abc");

const present = (row: AlertRow) => toWire(omit(row, "accountId", "dedupeKey", "notifiedSeverity", "resolutionNotifiedAt"));

export function registerAlerts(app: ApiApp, deps: ServiceDeps) {
  const { db } = deps;

  app.openapi(
    createRoute({ method: "get", path: "/alerts", tags, request: { query: listQuery(alertListQuery) }, responses: { 200: jsonResponse(pageOf(alert), "Alerts"), ...errorResponses } }),
    (c) => {
      const p = listAlerts(db, c.get("auth").accountId, c.req.valid("query"));
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
      summary: "Mark an open alert as seen (it stays open until its condition clears); a resolved alert is returned unchanged",
      request: { params },
      responses: { 200: jsonResponse(alert, "Acknowledged"), ...errorResponses },
    }),
    (c) => {
      const { accountId, actor } = c.get("auth");
      return c.json(present(acknowledgeAlert(deps, accountId, c.req.valid("param").id, actor).alert), 200);
    },
  );
}
