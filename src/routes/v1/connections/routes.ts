import { createRoute, z } from "@hono/zod-openapi";
import { createConnection, deleteConnection, getConnection, listConnections, type ConnectionSummary } from "../../../services/locks/connections";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { toWire } from "../../serialize";
import type { ServiceDeps } from "../../../services/deps";
import { connection, connectionDevice, connectionInput, connectionRotation, devicePicks, locksAdded } from "./schema";
import { listConnectionDevices, recheckConnection } from "../../../services/locks/connection-devices";
import { addPickedLocks } from "../../../services/locks/connection-picks";
import { rotateConnection } from "../../../services/locks/connections";

const tags = ["Lock provider connections"];
const params = idParam("Connection", "conn_0abc");
const present = (row: ConnectionSummary) => toWire(row);

/** Seam API keys and Home Assistant tokens: sealed with AES-GCM bound to the row, never returned or logged. */
export function registerConnections(app: ApiApp, deps: ServiceDeps) {
  app.openapi(
    createRoute({ method: "get", path: "/connections", tags, request: { query: listQuery() }, responses: { 200: jsonResponse(pageOf(connection), "Connections"), ...errorResponses } }),
    (c) => {
      const p = listConnections(deps, c.get("auth").accountId, c.req.valid("query"));
      return c.json({ data: p.data.map(present), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "post", path: "/connections", tags, request: jsonBody(connectionInput), responses: { 201: jsonResponse(connection, "Created"), ...errorResponses } }),
    async (c) => c.json(present(await createConnection(deps, c.get("auth").accountId, c.req.valid("json"))), 201),
  );

  app.openapi(
    createRoute({ method: "get", path: "/connections/{id}", tags, request: { params }, responses: { 200: jsonResponse(connection, "Connection"), ...errorResponses } }),
    (c) => c.json(present(getConnection(deps, c.get("auth").accountId, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "get", path: "/connections/{id}/devices", tags, summary: "The locks the connection reaches (Seam workspace, Home Assistant Z-Wave JS entities, Z-Wave JS nodes), to pick which to add",
      request: { params }, responses: { 200: jsonResponse(z.object({ data: z.array(connectionDevice) }), "Devices"), ...errorResponses },
    }),
    async (c) => c.json({ data: await listConnectionDevices(deps, c.get("auth").accountId, c.req.valid("param").id) }, 200),
  );

  app.openapi(
    createRoute({
      method: "post", path: "/connections/{id}/rotate", tags, summary: "Replace the key, token or address; the old one is gone at once and the connection is checked again",
      request: { params, ...jsonBody(connectionRotation) }, responses: { 200: jsonResponse(connection, "Connection, with the health of the new credential"), ...errorResponses },
    }),
    async (c) => {
      const accountId = c.get("auth").accountId;
      const { id } = c.req.valid("param");
      await rotateConnection(deps, accountId, id, c.req.valid("json").config);
      return c.json(present(await recheckConnection(deps, accountId, id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post", path: "/connections/{id}/locks", tags, summary: "Add picked devices of the connection as locks, each on its property",
      request: { params, ...jsonBody(devicePicks) }, responses: { 201: jsonResponse(locksAdded, "Locks created"), ...errorResponses },
    }),
    async (c) => {
      const created = await addPickedLocks(deps, c.get("auth").accountId, c.req.valid("param").id, c.req.valid("json").locks);
      return c.json({ data: created.map((l) => ({ id: l.id, name: l.name, providerDeviceId: l.providerDeviceId, propertyId: l.propertyId })) }, 201);
    },
  );

  app.openapi(
    createRoute({ method: "delete", path: "/connections/{id}", tags, request: { params }, responses: { 204: { description: "Deleted" }, ...errorResponses } }),
    async (c) => {
      await deleteConnection(deps, c.get("auth").accountId, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
}
