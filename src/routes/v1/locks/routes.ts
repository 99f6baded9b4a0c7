import { createRoute } from "@hono/zod-openapi";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { accessCodes, locks } from "../../../db/schema";
import { checkConnection, createLock, type CreateLockFailure } from "../../../services/locks/create-lock";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { listAccountPage } from "../../../db/account-page";
import { ApiError, badRequest, conflict, notFound } from "../../problem";
import { omit, toWire } from "../../serialize";
import { afterCommit, type V1Deps } from "../hooks";
import { lock, lockInput, lockListQuery, lockPatch } from "./schema";

const tags = ["Locks"];
const params = idParam("Lock", "lock_0abc");
const LIVE_STATES = ["programming", "active", "revoking"] as const;

export function findLock(db: Db, accountId: string, id: string) {
  const row = db.select().from(locks).where(and(eq(locks.id, id), eq(locks.accountId, accountId))).get();
  if (!row) throw notFound(`lock ${id}`);
  return row;
}

/** The shared rules answer with a reason; the API speaks problem+json. */
function toProblem(failure: CreateLockFailure) {
  if (failure.reason === "property_not_found" || failure.reason === "connection_not_found") return new ApiError(404, "not_found", "Not found", failure.message);
  if (failure.reason === "duplicate") return conflict(failure.message);
  return badRequest(failure.message, failure.errors);
}

export function registerLocks(app: ApiApp, deps: V1Deps) {
  const { db, clock } = deps;
  const present = (row: typeof locks.$inferSelect) => toWire(omit(row, "accountId"));

  app.openapi(
    createRoute({ method: "get", path: "/locks", tags, request: { query: listQuery(lockListQuery) }, responses: { 200: jsonResponse(pageOf(lock), "Locks"), ...errorResponses } }),
    (c) => {
      const { limit, cursor, propertyId } = c.req.valid("query");
      const p = listAccountPage(db, locks, c.get("auth").accountId, [propertyId ? eq(locks.propertyId, propertyId) : undefined], { limit: limit, cursor: cursor });
      return c.json({ data: p.data.map(present), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "post", path: "/locks", tags, request: jsonBody(lockInput), responses: { 201: jsonResponse(lock, "Created"), ...errorResponses } }),
    async (c) => {
      const result = createLock(deps, c.get("auth").accountId, c.req.valid("json"));
      if (!result.ok) throw toProblem(result);
      for (const stayId of result.replanStayIds) await afterCommit(deps, "onStayChanged", stayId);
      return c.json(present(result.lock), 201);
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
      const connectionProblem = patch.connectionId === undefined ? null : checkConnection(db, accountId, existing.provider, patch.connectionId);
      if (connectionProblem) throw toProblem(connectionProblem);
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
