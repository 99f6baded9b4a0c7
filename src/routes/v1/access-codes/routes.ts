import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { accessCodes } from "../../../db/schema";
import { codePinAd } from "../../../services/access/code-records";
import { recordAudit } from "../../../services/audit/record-audit";
import { errorResponses, idParam, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listAccountPage, listQuery, pageOf } from "../../pagination";
import { notFound } from "../../problem";
import { omit, toWire } from "../../serialize";
import type { V1Deps } from "../hooks";
import { accessCode, accessCodeListQuery, accessCodeSummary } from "./schema";

const tags = ["Access codes"];
const params = idParam("Access code", "code_0abc");

const presentSummary = (row: typeof accessCodes.$inferSelect) =>
  toWire(omit(row, "accountId", "pinEnc", "pinHash", "providerCodeId", "version"));

export function registerAccessCodes(app: ApiApp, deps: V1Deps) {
  const { db, clock, box } = deps;

  app.openapi(
    createRoute({
      method: "get",
      path: "/access-codes",
      tags,
      summary: "List codes (without their PINs)",
      request: { query: listQuery(accessCodeListQuery) },
      responses: { 200: jsonResponse(pageOf(accessCodeSummary), "Access codes"), ...errorResponses },
    }),
    (c) => {
      const q = c.req.valid("query");
      const p = listAccountPage(db, accessCodes, c.get("auth").accountId, [q.stayId ? eq(accessCodes.stayId, q.stayId) : undefined, q.lockId ? eq(accessCodes.lockId, q.lockId) : undefined, q.propertyId ? eq(accessCodes.propertyId, q.propertyId) : undefined, q.state ? eq(accessCodes.state, q.state) : undefined], { limit: q.limit, cursor: q.cursor });
      return c.json({ data: p.data.map(presentSummary), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/access-codes/{id}",
      tags,
      summary: "One code with its PIN (the read is recorded in the audit log)",
      request: { params },
      responses: { 200: jsonResponse(accessCode, "Access code with PIN"), ...errorResponses },
    }),
    (c) => {
      const { accountId, actor } = c.get("auth");
      const id = c.req.valid("param").id;
      const row = db.select().from(accessCodes).where(and(eq(accessCodes.id, id), eq(accessCodes.accountId, accountId))).get();
      if (!row) throw notFound(`access code ${id}`);
      const pin = box.decrypt(row.pinEnc, codePinAd(row.id));
      // Who looked at a door code, and when, is worth keeping; the PIN itself never enters the log.
      recordAudit(db, clock, { accountId, actor, action: "access_code.pin_viewed", subjectType: "access_code", subjectId: row.id });
      c.header("cache-control", "no-store");
      return c.json({ ...presentSummary(row), pin }, 200);
    },
  );
}
