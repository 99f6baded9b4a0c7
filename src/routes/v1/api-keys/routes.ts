import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { apiKeys } from "../../../db/schema";
import { createApiKey, revokeApiKey } from "../../../services/accounts/api-keys";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { listAccountPage } from "../../../db/account-page";
import { badRequest, notFound } from "../../problem";
import { omit, toWire } from "../../serialize";
import type { V1Deps } from "../hooks";
import { apiKey, apiKeyInput, createdApiKey } from "./schema";

const tags = ["API keys"];
const params = idParam("API key", "key_0abc");
const columns = { id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt };

export function registerApiKeys(app: ApiApp, deps: V1Deps) {
  const { db, clock } = deps;
  const findKey = (accountId: string, id: string) => {
    const row = db.select(columns).from(apiKeys).where(and(eq(apiKeys.id, id), eq(apiKeys.accountId, accountId))).get();
    if (!row) throw notFound(`API key ${id}`);
    return row;
  };

  app.openapi(
    createRoute({ method: "get", path: "/api-keys", tags, request: { query: listQuery() }, responses: { 200: jsonResponse(pageOf(apiKey), "API keys"), ...errorResponses } }),
    (c) => {
      const { limit, cursor } = c.req.valid("query");
      const p = listAccountPage(db, apiKeys, c.get("auth").accountId, [], { limit, cursor });
      return c.json({ data: p.data.map((r) => toWire(omit(r, "keyHash", "accountId", "userId"))), nextCursor: p.nextCursor }, 200);
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
      const { accountId, userId } = c.get("auth");
      const created = createApiKey(db, clock, { accountId, userId, name: c.req.valid("json").name });
      c.header("cache-control", "no-store");
      return c.json({ ...toWire(findKey(accountId, created.id)), key: created.key }, 201);
    },
  );

  app.openapi(
    createRoute({ method: "delete", path: "/api-keys/{id}", tags, summary: "Revoke an API key", request: { params }, responses: { 204: { description: "Revoked" }, ...errorResponses } }),
    (c) => {
      const { accountId } = c.get("auth");
      const existing = findKey(accountId, c.req.valid("param").id);
      if (!existing.revokedAt) revokeApiKey(db, clock, accountId, existing.id);
      return c.body(null, 204);
    },
  );
}
