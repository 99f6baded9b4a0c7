import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { accessCodes } from "../../../db/schema";
import { revealCodePin } from "../../../services/access/reveal-pin";
import { errorResponses, idParam, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { listAccountPage } from "../../../db/account-page";
import { notFound } from "../../problem";
import { omit, toWire } from "../../serialize";
import type { V1Deps } from "../hooks";
import { accessCode, accessCodeListQuery, accessCodeSummary } from "./schema";

const tags = ["Access codes"];
const params = idParam("Access code", "code_0abc");

const presentSummary = (row: typeof accessCodes.$inferSelect) =>
  toWire(omit(row, "accountId", "pinEnc", "pinHash", "providerCodeId", "version"));

export function registerAccessCodes(app: ApiApp, deps: V1Deps) {
  const { db } = deps;

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
      const revealed = revealCodePin(deps, accountId, id, actor);
      if (!revealed) throw notFound(`access code ${id}`);
      c.header("cache-control", "no-store");
      return c.json({ ...presentSummary(revealed.code), pin: revealed.pin }, 200);
    },
  );
}
