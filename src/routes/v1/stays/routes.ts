import { createRoute } from "@hono/zod-openapi";
import { and, eq, gte, isNotNull, isNull, lte } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { stays } from "../../../db/schema";
import { phoneLast4 } from "../../../domain/access";
import { newId } from "../../../lib/ids";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { listAccountPage } from "../../../db/account-page";
import { conflict, notFound } from "../../problem";
import { omit, toWire } from "../../serialize";
import { afterCommit, type V1Deps } from "../hooks";
import { findProperty } from "../properties/routes";
import { recordAudit } from "../../../services/audit/record-audit";
import { openStay, sealGuestContact } from "../../../services/contact-details/contact-details";
import type { SecretBox } from "../../../lib/crypto";
import { applyStayPatch, followsFeed } from "./apply-patch";
import { stay, stayInput, stayListQuery, stayPatch, staySummary } from "./schema";
import { checkOverrides, resolveOverride, stayInstants } from "./stay-times";

const tags = ["Stays"];
const params = idParam("Stay", "stay_0abc");
type StayRow = typeof stays.$inferSelect;

export function findStay(db: Db, accountId: string, id: string) {
  const row = db.select().from(stays).where(and(eq(stays.id, id), eq(stays.accountId, accountId))).get();
  if (!row) throw notFound(`stay ${id}`);
  return row;
}

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);
const presentFull = (box: SecretBox, row: StayRow) => ({ ...toWire(omit(openStay(box, row), "accountId", "uidAliases", "missingCount", "echoOfStayId")), echoOf: row.echoOfStayId });
const presentSummary = (box: SecretBox) => (row: StayRow) => omit(presentFull(box, row), "guestPhone");

export function registerStays(app: ApiApp, deps: V1Deps) {
  const { db, box, clock } = deps;

  app.openapi(
    createRoute({ method: "get", path: "/stays", tags, request: { query: listQuery(stayListQuery) }, responses: { 200: jsonResponse(pageOf(staySummary), "Stays"), ...errorResponses } }),
    (c) => {
      const q = c.req.valid("query");
      const from = q.from === undefined ? undefined : isDate(q.from) ? gte(stays.checkOutDate, q.from) : gte(stays.checkOutAt, new Date(q.from));
      const to = q.to === undefined ? undefined : isDate(q.to) ? lte(stays.checkInDate, q.to) : lte(stays.checkInAt, new Date(q.to));
      const echo = q.echo === undefined ? undefined : q.echo === "true" ? isNotNull(stays.echoOfStayId) : isNull(stays.echoOfStayId);
      const p = listAccountPage(db, stays, c.get("auth").accountId, [q.propertyId ? eq(stays.propertyId, q.propertyId) : undefined, q.feedId ? eq(stays.feedId, q.feedId) : undefined, q.status ? eq(stays.status, q.status) : undefined, q.kind ? eq(stays.kind, q.kind) : undefined, echo, q.echoOf ? eq(stays.echoOfStayId, q.echoOf) : undefined, from, to], { limit: q.limit, cursor: q.cursor });
      return c.json({ data: p.data.map(presentSummary(box)), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "post", path: "/stays", tags, summary: "Create a manual stay", request: jsonBody(stayInput), responses: { 201: jsonResponse(stay, "Created"), ...errorResponses } }),
    async (c) => {
      const { guestPhone, guestEmail, ...input } = c.req.valid("json");
      const { accountId } = c.get("auth");
      const property = findProperty(db, accountId, input.propertyId);
      const times = stayInstants(property, input.checkInDate, input.checkOutDate);
      const earlyCheckInAt = resolveOverride(input.earlyCheckInAt, input.checkInDate, property.timezone) ?? null;
      const lateCheckOutAt = resolveOverride(input.lateCheckOutAt, input.checkOutDate, property.timezone) ?? null;
      checkOverrides({ ...input, ...times, earlyCheckInAt, lateCheckOutAt });
      const now = clock.now();
      const id = newId("stay");
      db.insert(stays)
        .values({
          ...input, ...times, earlyCheckInAt, lateCheckOutAt, ...sealGuestContact(box, id, { guestPhone: guestPhone ?? null, guestEmail: guestEmail ?? null }),
          guestPhoneLast4: phoneLast4(guestPhone) ?? null, id, accountId, kind: "manual", createdAt: now, updatedAt: now,
        })
        .run();
      await afterCommit(deps, "onStayChanged", id);
      return c.json(presentFull(box, findStay(db, accountId, id)), 201);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/stays/{id}", tags, request: { params }, responses: { 200: jsonResponse(stay, "Stay"), ...errorResponses } }),
    (c) => c.json(presentFull(box, findStay(db, c.get("auth").accountId, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/stays/{id}",
      tags,
      summary: "Change the dates of a stay no feed manages, or any stay's overrides and guest contact",
      request: { params, ...jsonBody(stayPatch) },
      responses: { 200: jsonResponse(stay, "Updated"), ...errorResponses },
    }),
    async (c) => {
      const { accountId } = c.get("auth");
      const existing = findStay(db, accountId, c.req.valid("param").id);
      const input = c.req.valid("json");
      if (existing.status === "cancelled") throw conflict("this stay is cancelled");
      if ((input.checkInDate || input.checkOutDate) && followsFeed(existing)) {
        throw conflict("this stay's dates follow its calendar feed; use earlyCheckInAt / lateCheckOutAt to widen it");
      }
      const property = findProperty(db, accountId, existing.propertyId);
      const changed = applyStayPatch(deps, existing, property, input);
      if (changed) {
        // Which fields the caller sent, never their values: the audit trail must not hold a phone number.
        recordAudit(db, clock, {
          accountId, actor: c.get("auth").actor, action: "stay.update", subjectType: "stay", subjectId: existing.id, detail: { fields: Object.keys(input).sort() },
        });
        await afterCommit(deps, "onStayChanged", existing.id);
      }
      return c.json(presentFull(box, findStay(db, accountId, existing.id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/stays/{id}/cancel",
      tags,
      summary: "Cancel a stay no calendar feed manages (its codes are then revoked)",
      request: { params },
      responses: { 200: jsonResponse(stay, "Cancelled"), ...errorResponses },
    }),
    async (c) => {
      const { accountId } = c.get("auth");
      const existing = findStay(db, accountId, c.req.valid("param").id);
      if (followsFeed(existing)) throw conflict("a stay from a calendar feed is cancelled by its calendar, not through the API");
      if (existing.status === "confirmed") {
        const now = clock.now();
        db.update(stays).set({ status: "cancelled", cancelledAt: now, version: existing.version + 1, updatedAt: now }).where(eq(stays.id, existing.id)).run();
        await afterCommit(deps, "onStayChanged", existing.id);
      }
      return c.json(presentFull(box, findStay(db, accountId, existing.id)), 200);
    },
  );
}

