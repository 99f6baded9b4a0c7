import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { locks, providerConnections } from "../../../db/schema";
import { createConnection } from "../../../services/locks/create-connection";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { listAccountPage } from "../../../db/account-page";
import { badRequest, conflict, notFound } from "../../problem";
import type { V1Deps } from "../hooks";
import { connection, connectionInput } from "./schema";

const tags = ["Lock provider connections"];
const params = idParam("Connection", "conn_0abc");

const present = (row: typeof providerConnections.$inferSelect) => ({
  id: row.id,
  provider: row.provider,
  name: row.name,
  createdAt: row.createdAt.toISOString(),
});

/** Seam API keys and Home Assistant tokens: sealed with AES-GCM bound to the row, never returned or logged. */
export function registerConnections(app: ApiApp, deps: V1Deps) {
  const { db } = deps;
  const find = (accountId: string, id: string) => {
    const row = db
      .select()
      .from(providerConnections)
      .where(and(eq(providerConnections.id, id), eq(providerConnections.accountId, accountId)))
      .get();
    if (!row) throw notFound(`connection ${id}`);
    return row;
  };

  app.openapi(
    createRoute({ method: "get", path: "/connections", tags, request: { query: listQuery() }, responses: { 200: jsonResponse(pageOf(connection), "Connections"), ...errorResponses } }),
    (c) => {
      const { limit, cursor } = c.req.valid("query");
      const p = listAccountPage(db, providerConnections, c.get("auth").accountId, [], { limit: limit, cursor: cursor });
      return c.json({ data: p.data.map(present), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "post", path: "/connections", tags, request: jsonBody(connectionInput), responses: { 201: jsonResponse(connection, "Created"), ...errorResponses } }),
    async (c) => {
      const created = await createConnection(deps, c.get("auth").accountId, c.req.valid("json"));
      if (!created.ok) throw badRequest(created.message, created.errors);
      return c.json(present(created.connection), 201);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/connections/{id}", tags, request: { params }, responses: { 200: jsonResponse(connection, "Connection"), ...errorResponses } }),
    (c) => c.json(present(find(c.get("auth").accountId, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({ method: "delete", path: "/connections/{id}", tags, request: { params }, responses: { 204: { description: "Deleted" }, ...errorResponses } }),
    (c) => {
      const row = find(c.get("auth").accountId, c.req.valid("param").id);
      const inUse = db.select({ id: locks.id }).from(locks).where(eq(locks.connectionId, row.id)).get();
      if (inUse) throw conflict("locks still use this connection; delete or relink them first");
      db.delete(providerConnections).where(eq(providerConnections.id, row.id)).run();
      return c.body(null, 204);
    },
  );
}
