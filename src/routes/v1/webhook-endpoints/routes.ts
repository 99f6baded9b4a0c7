import { createRoute, z } from "@hono/zod-openapi";
import type { ServiceDeps } from "../../../services/deps";
import {
  createWebhookEndpoint, deleteWebhookEndpoint, findWebhookEndpoint, listWebhookDeliveries, listWebhookEndpoints, presentDelivery, presentEndpoint,
  redeliverWebhook, rotateWebhookSecret, updateWebhookEndpoint, type WebhookEndpointRow,
} from "../../../services/webhooks";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { badRequest } from "../../problem";
import { toWire } from "../../serialize";
import { webhookDelivery, webhookEndpoint, webhookEndpointInput, webhookEndpointPatch, webhookEndpointWithSecret } from "./schema";

const tags = ["Webhook endpoints"];
const params = idParam("Webhook endpoint", "whep_0abc");
const deliveryParams = params.extend({ deliveryId: z.string().min(1).max(64).openapi({ param: { name: "deliveryId", in: "path" }, example: "whdl_0abc" }) });

export function registerWebhookEndpoints(app: ApiApp, deps: ServiceDeps) {
  const present = (row: WebhookEndpointRow) => toWire(presentEndpoint(deps, row));
  const refuseReplay = (header: string | undefined) => {
    // A replay would need the secret stored in the clear with the idempotency record; it is stored sealed only.
    if (header !== undefined) throw badRequest("Idempotency-Key is not accepted here: replaying would mean storing the signing secret; retry without it");
  };

  app.openapi(
    createRoute({ method: "get", path: "/webhook-endpoints", tags, summary: "List the account's webhook endpoints", request: { query: listQuery() }, responses: { 200: jsonResponse(pageOf(webhookEndpoint), "Webhook endpoints"), ...errorResponses } }),
    (c) => {
      const p = listWebhookEndpoints(deps, c.get("auth").accountId, c.req.valid("query"));
      return c.json({ data: p.data.map(present), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post", path: "/webhook-endpoints", tags, summary: "Register a webhook endpoint (its signing secret is shown once)",
      request: jsonBody(webhookEndpointInput), responses: { 201: jsonResponse(webhookEndpointWithSecret, "Created"), ...errorResponses },
    }),
    async (c) => {
      refuseReplay(c.req.header("idempotency-key"));
      const created = await createWebhookEndpoint(deps, c.get("auth"), c.req.valid("json"));
      c.header("cache-control", "no-store");
      return c.json({ ...present(created.row), secret: created.secret }, 201);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/webhook-endpoints/{id}", tags, summary: "Get a webhook endpoint", request: { params }, responses: { 200: jsonResponse(webhookEndpoint, "Webhook endpoint"), ...errorResponses } }),
    (c) => c.json(present(findWebhookEndpoint(deps, c.get("auth").accountId, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "patch", path: "/webhook-endpoints/{id}", tags, summary: "Change a webhook endpoint's URL or events, or disable or enable it",
      request: { params, ...jsonBody(webhookEndpointPatch) }, responses: { 200: jsonResponse(webhookEndpoint, "Updated"), ...errorResponses },
    }),
    async (c) => c.json(present(await updateWebhookEndpoint(deps, c.get("auth"), c.req.valid("param").id, c.req.valid("json"))), 200),
  );

  app.openapi(
    createRoute({ method: "delete", path: "/webhook-endpoints/{id}", tags, summary: "Delete a webhook endpoint and its delivery history", request: { params }, responses: { 204: { description: "Deleted" }, ...errorResponses } }),
    async (c) => {
      await deleteWebhookEndpoint(deps, c.get("auth"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post", path: "/webhook-endpoints/{id}/rotate-secret", tags,
      summary: "Replace the signing secret (shown once); the previous one keeps signing alongside it for 24 hours",
      request: { params }, responses: { 200: jsonResponse(webhookEndpointWithSecret, "Rotated"), ...errorResponses },
    }),
    (c) => {
      refuseReplay(c.req.header("idempotency-key"));
      const rotated = rotateWebhookSecret(deps, c.get("auth"), c.req.valid("param").id);
      c.header("cache-control", "no-store");
      return c.json({ ...present(rotated.row), secret: rotated.secret }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get", path: "/webhook-endpoints/{id}/deliveries", tags, summary: "List an endpoint's deliveries with every attempt",
      request: { params, query: listQuery() }, responses: { 200: jsonResponse(pageOf(webhookDelivery), "Deliveries"), ...errorResponses },
    }),
    (c) => {
      const p = listWebhookDeliveries(deps, c.get("auth").accountId, c.req.valid("param").id, c.req.valid("query"));
      return c.json({ data: p.data.map((d) => toWire(presentDelivery(d))), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post", path: "/webhook-endpoints/{id}/deliveries/{deliveryId}/redeliver", tags,
      summary: "Send a finished delivery again (same id and body), with a fresh round of attempts",
      request: { params: deliveryParams }, responses: { 202: jsonResponse(webhookDelivery, "Queued"), ...errorResponses },
    }),
    async (c) => {
      const { id, deliveryId } = c.req.valid("param");
      return c.json(toWire(presentDelivery(await redeliverWebhook(deps, c.get("auth").accountId, id, deliveryId))), 202);
    },
  );
}
