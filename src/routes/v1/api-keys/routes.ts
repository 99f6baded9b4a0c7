import { createRoute } from "@hono/zod-openapi";
import { createMemberApiKey, findVisibleApiKey, listApiKeys, revokeAccountApiKey, type ApiKeyRow } from "../../../services/accounts/api-keys";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { badRequest } from "../../problem";
import { omit, toWire } from "../../serialize";
import type { ServiceDeps } from "../../../services/deps";
import { apiKey, apiKeyInput, createdApiKey } from "./schema";

const tags = ["API keys"];
const params = idParam("API key", "key_0abc");
const present = (row: ApiKeyRow) => toWire(omit(row, "keyHash", "accountId", "userId"));

export function registerApiKeys(app: ApiApp, deps: ServiceDeps) {
  const { db, clock } = deps;

  app.openapi(
    createRoute({ method: "get", path: "/api-keys", tags, request: { query: listQuery() }, responses: { 200: jsonResponse(pageOf(apiKey), "API keys"), ...errorResponses } }),
    (c) => {
      const p = listApiKeys(db, c.get("auth"), c.req.valid("query"));
      return c.json({ data: p.data.map(present), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api-keys",
      tags,
      summary: "Create an API key for this account (the key is shown once)",
      request: jsonBody(apiKeyInput),
      responses: { 201: jsonResponse(createdApiKey, "Created"), ...errorResponses },
    }),
    (c) => {
      // A replay would need the key stored in plain text with the idempotency record; keys are stored hashed only.
      if (c.req.header("idempotency-key") !== undefined) {
        throw badRequest("Idempotency-Key is not accepted when creating API keys: replaying would mean storing the key; retry without it");
      }
      const auth = c.get("auth");
      const created = createMemberApiKey(db, clock, auth, c.req.valid("json"));
      c.header("cache-control", "no-store");
      return c.json({ ...present(findVisibleApiKey(db, auth, created.id)), key: created.key }, 201);
    },
  );

  app.openapi(
    createRoute({ method: "delete", path: "/api-keys/{id}", tags, summary: "Revoke an API key", request: { params }, responses: { 204: { description: "Revoked" }, ...errorResponses } }),
    (c) => {
      revokeAccountApiKey(db, clock, c.get("auth"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
}
