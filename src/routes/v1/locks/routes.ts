import { createRoute } from "@hono/zod-openapi";
import { and, eq, gt, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { accessCodes, locks, providerConnections, stays } from "../../../db/schema";
import { newId } from "../../../lib/ids";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listAccountPage, pageOf, pageQuery } from "../../pagination";
import { badRequest, conflict, notFound } from "../../problem";
import { omit, toWire } from "../../serialize";
import { afterCommit, type V1Deps } from "../hooks";
import { findProperty } from "../properties/routes";
import { lock, lockInput, lockListQuery, lockPatch } from "./schema";

const tags = ["Locks"];
const params = idParam("Lock", "lock_0abc");
const LIVE_STATES = ["programming", "active", "revoking"] as const;

export function findLock(db: Db, accountId: string, id: string) {
  const row = db.select().from(locks).where(and(eq(locks.id, id), eq(locks.accountId, accountId))).get();
  if (!row) throw notFound(`lock ${id}`);
  return row;
}

/** A connection is the account's own and speaks the lock's provider; a simulated lock needs none. */
function checkConnection(db: Db, accountId: string, provider: string, connectionId: string | null | undefined) {
  if (!connectionId) return;
  if (provider === "simulated") throw badRequest("a simulated lock takes no connectionId", [{ path: "connectionId", message: "must be omitted for provider simulated" }]);
  const conn = db
    .select()
    .from(providerConnections)
    .where(and(eq(providerConnections.id, connectionId), eq(providerConnections.accountId, accountId)))
    .get();
  if (!conn) throw notFound(`provider connection ${connectionId}`);
  if (conn.provider !== provider) throw badRequest(`connection ${connectionId} is for ${conn.provider}, not ${provider}`, [{ path: "connectionId", message: `must be a ${provider} connection` }]);
}

const duplicateDevice = () => conflict("this account already has a lock for that provider device");

export function registerLocks(app: ApiApp, deps: V1Deps) {
  const { db, clock } = deps;
  const present = (row: typeof locks.$inferSelect) => toWire(omit(row, "accountId"));

  app.openapi(
    createRoute({ method: "get", path: "/locks", tags, request: { query: pageQuery.merge(lockListQuery) }, responses: { 200: jsonResponse(pageOf(lock), "Locks"), ...errorResponses } }),
    (c) => {
      const { limit, cursor, propertyId } = c.req.valid("query");
      const p = listAccountPage(db, locks, c.get("auth").accountId, [propertyId ? eq(locks.propertyId, propertyId) : undefined], { limit: limit, cursor: cursor });
      return c.json({ data: p.data.map(present), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "post", path: "/locks", tags, request: jsonBody(lockInput), responses: { 201: jsonResponse(lock, "Created"), ...errorResponses } }),
    async (c) => {
      const input = c.req.valid("json");
      const { accountId } = c.get("auth");
      findProperty(db, accountId, input.propertyId);
      checkConnection(db, accountId, input.provider, input.connectionId);
      const dup = db
        .select({ id: locks.id })
        .from(locks)
        .where(and(eq(locks.accountId, accountId), eq(locks.provider, input.provider), eq(locks.providerDeviceId, input.providerDeviceId)))
        .get();
      if (dup) throw duplicateDevice();
      const now = clock.now();
      const id = newId("lock");
      db.insert(locks).values({ ...input, id, accountId, createdAt: now, updatedAt: now }).run();
      // A new lock needs codes for the stays already booked: re-plan every stay that has not checked out yet.
      const upcoming = db
        .select({ id: stays.id })
        .from(stays)
        .where(and(eq(stays.propertyId, input.propertyId), eq(stays.status, "confirmed"), gt(stays.checkOutAt, now)))
        .all();
      for (const stay of upcoming) await afterCommit(deps, "onStayChanged", stay.id);
      return c.json(present(findLock(db, accountId, id)), 201);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/locks/{id}", tags, request: { params }, responses: { 200: jsonResponse(lock, "Lock"), ...errorResponses } }),
    (c) => c.json(present(findLock(db, c.get("auth").accountId, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({ method: "patch", path: "/locks/{id}", tags, request: { params, ...jsonBody(lockPatch) }, responses: { 200: jsonResponse(lock, "Updated"), ...errorResponses } }),
    (c) => {
      const { accountId } = c.get("auth");
      const existing = findLock(db, accountId, c.req.valid("param").id);
      const patch = c.req.valid("json");
      if (patch.connectionId !== undefined) checkConnection(db, accountId, existing.provider, patch.connectionId);
      db.update(locks).set({ ...patch, updatedAt: clock.now() }).where(eq(locks.id, existing.id)).run();
      return c.json(present(findLock(db, accountId, existing.id)), 200);
    },
  );

  app.openapi(
    createRoute({ method: "delete", path: "/locks/{id}", tags, request: { params }, responses: { 204: { description: "Deleted" }, ...errorResponses } }),
    (c) => {
      const existing = findLock(db, c.get("auth").accountId, c.req.valid("param").id);
      const live = db
        .select({ id: accessCodes.id })
        .from(accessCodes)
        .where(and(eq(accessCodes.lockId, existing.id), inArray(accessCodes.state, [...LIVE_STATES])))
        .get();
      // Deleting the row would forget PINs that still open the door.
      if (live) throw conflict("this lock still holds codes; wait until they are revoked before removing it");
      db.delete(locks).where(eq(locks.id, existing.id)).run();
      return c.body(null, 204);
    },
  );
}
