import { createRoute } from "@hono/zod-openapi";
import { findLock } from "../../../services/lookups";
import { createLock, deleteLock, listLocks, updateLock, type LockRow } from "../../../services/locks/locks";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { omit, toWire } from "../../serialize";
import type { ServiceDeps } from "../../../services/deps";
import { lock, lockInput, lockListQuery, lockPatch } from "./schema";

const tags = ["Locks"];
const params = idParam("Lock", "lock_0abc");
const present = (row: LockRow) => toWire(omit(row, "accountId"));

export function registerLocks(app: ApiApp, deps: ServiceDeps) {
  app.openapi(
    createRoute({ method: "get", path: "/locks", tags, request: { query: listQuery(lockListQuery) }, responses: { 200: jsonResponse(pageOf(lock), "Locks"), ...errorResponses } }),
    (c) => {
      const p = listLocks(deps, c.get("auth").accountId, c.req.valid("query"));
      return c.json({ data: p.data.map(present), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "post", path: "/locks", tags, request: jsonBody(lockInput), responses: { 201: jsonResponse(lock, "Created"), ...errorResponses } }),
    async (c) => {
      return c.json(present(await createLock(deps, c.get("auth").accountId, c.req.valid("json"))), 201);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/locks/{id}", tags, request: { params }, responses: { 200: jsonResponse(lock, "Lock"), ...errorResponses } }),
    (c) => c.json(present(findLock(deps.db, c.get("auth").accountId, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({ method: "patch", path: "/locks/{id}", tags, request: { params, ...jsonBody(lockPatch) }, responses: { 200: jsonResponse(lock, "Updated"), ...errorResponses } }),
    (c) => c.json(present(updateLock(deps, c.get("auth").accountId, c.req.valid("param").id, c.req.valid("json"))), 200),
  );

  app.openapi(
    createRoute({ method: "delete", path: "/locks/{id}", tags, request: { params }, responses: { 204: { description: "Deleted" }, ...errorResponses } }),
    (c) => {
      deleteLock(deps, c.get("auth").accountId, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
}
